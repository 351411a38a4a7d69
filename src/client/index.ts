/**
 * errata/client: a fetch wrapper whose failures are typed errors from the API's
 * catalogs, retried only when safe (catalog advice, Retry-After, backoff with full
 * jitter, a shared retry budget, a circuit breaker, Idempotency-Keys).
 */
export { backoffCeiling, fullJitter } from "./backoff.js";
export {
  Breaker,
  type BreakerOptions,
  type BreakerState,
  type BreakerStateChange,
  countsAgainstServer,
} from "./breaker.js";
export { RetryBudget, type RetryBudgetLike, type RetryBudgetOptions } from "./budget.js";
export {
  type CallOptions,
  type CatalogSource,
  type Client,
  type ClientOptions,
  createClient,
  type ErrorName,
  type ErrorOf,
  type FactoriesOf,
  type GiveUpEvent,
  type RetryEvent,
  type RetryOptions,
} from "./createClient.js";
export type { DeprecatedEvent } from "./deprecation.js";
export { IDEMPOTENCY_HEADER, isIdempotent } from "./idempotency.js";
export {
  fillPath,
  type HttpOperationId,
  type OperationCallOptions,
  type OperationClient,
  type OperationRoute,
  operationClient,
  type PathParams,
} from "./operations.js";
export type { GiveUpReason, RetryContext } from "./policy.js";
