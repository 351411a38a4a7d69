/**
 * The errors of errata's that reach an API's callers, and when each appears: the
 * server adapters' fallbacks, the guards' refusals (both sent by the API, so a
 * catalog can answer them with its own errors through `own:`), and what errata's
 * client raises itself (never sent, so never mapped). Read by the docs page that
 * lists them (docs/own-errors.md, checked by a test) and by the `own:` lint.
 */

/** Who produces the error. */
export type Producer = "adapter" | "guard" | "client";

/** errata's errors a caller may see, by name: who produces each and when. */
export const PRODUCED: Readonly<Record<string, { readonly by: Producer; readonly when: string }>> = {
  INTERNAL_ERROR: { by: "adapter", when: "a handler threw something that is not a declared error" },
  UPSTREAM_FAILED: { by: "adapter", when: "a handler threw another service's error (an SDK's 401, 429, 5xx)" },
  UPSTREAM_TIMEOUT: { by: "adapter", when: "a handler threw another service's timeout (408, 504)" },
  VALIDATION_ERROR: {
    by: "adapter",
    when: "the request failed schema validation (Fastify's, zod's, a ValidationPipe's)",
  },
  INVALID_JSON: { by: "adapter", when: "the request body is not JSON" },
  REQUEST_REJECTED: { by: "adapter", when: "the framework refused the request with a 4xx of its own (413, 415, …)" },
  ROUTE_NOT_FOUND: { by: "adapter", when: "no route matched the request" },
  IDEMPOTENCY_KEY_MISSING: { by: "guard", when: "idempotency with `required`: a write came without its key" },
  IDEMPOTENCY_KEY_REUSED: { by: "guard", when: "idempotency: a key came again with another request" },
  IDEMPOTENCY_IN_PROGRESS: { by: "guard", when: "idempotency: a key came again while its first request runs" },
  SIGNATURE_HEADERS_MISSING: { by: "guard", when: "replayGuard: no nonce or no timestamp" },
  SIGNATURE_EXPIRED: { by: "guard", when: "replayGuard: the timestamp is outside the window" },
  REPLAY_ATTACK: { by: "guard", when: "replayGuard: a nonce came twice" },
  CALLER_DENIED: { by: "guard", when: "a guard could not tell who the caller is, and refuses such callers" },
  GUARD_MISCONFIGURED: { by: "guard", when: "a guard's setup cannot serve this request (logged with the reason)" },
  STORE_UNAVAILABLE: { by: "guard", when: "a guard's store failed or did not answer in time" },
  RATE_LIMITED: { by: "guard", when: "rateLimit: the caller is over a limit" },
  COST_OVER_LIMIT: { by: "guard", when: "rateLimit: the request alone costs more than a limit allows" },
  NETWORK_ERROR: { by: "client", when: "the request got no response (refused, reset, DNS)" },
  ATTEMPT_TIMEOUT: { by: "client", when: "an attempt took longer than `timeoutMs`" },
  DEADLINE_EXCEEDED: { by: "client", when: "the call's retries took longer than its deadline" },
  REQUEST_ABORTED: { by: "client", when: "the caller's AbortSignal aborted the call" },
  CIRCUIT_OPEN: { by: "client", when: "the circuit breaker is open: the call was not sent" },
  RESPONSE_NOT_JSON: { by: "client", when: "a success response is not the JSON asked for" },
  RESPONSE_TOO_LARGE: { by: "client", when: "a response body is larger than `maxBodyBytes`" },
  REDIRECT_REFUSED: { by: "client", when: "a redirect would change origin or method unsafely" },
  WIRE_DECODE_FAILED: { by: "client", when: "an error response is in no format the client knows" },
};

/** The errors an API sends on errata's behalf: the ones `own:` may map. */
export const SENT = Object.keys(PRODUCED).filter((name) => PRODUCED[name]?.by !== "client");
