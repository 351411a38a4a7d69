/**
 * Whether an error may be retried, from its retry advice and its sub-code's and
 * reason's: read by the runtime, the decoder and the client, without the builder.
 */
import type { ErrorDefinition, RetryAdvice } from "./model.js";

const RETRYABLE = new Set(["backoff", "retry_after"]);

/** Whether a caller may repeat the same request under this advice. */
export function isRetryable(retry: RetryAdvice): boolean {
  return RETRYABLE.has(retry.policy);
}

/** Whether an error may be retried: a sub-code's, then a reason's own retry advice overrides the error's. */
export function retryableFor(def: ErrorDefinition, subcode?: string, reason?: string): boolean {
  let retryable = def.retryable;
  const sub = subcode === undefined ? undefined : def.subcodes.find((s) => s.name === subcode);
  if (sub?.retry) retryable = isRetryable(sub.retry);
  const why = reason === undefined ? undefined : def.reasons.find((r) => r.name === reason);
  if (why?.retry) retryable = isRetryable(why.retry);
  return retryable;
}
