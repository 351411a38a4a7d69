/**
 * The client's own error kinds, recognised by their definitions (never by name, so
 * an upstream body that says REQUEST_ABORTED is the upstream's error, not the
 * client's), and the errors read from a 2xx answer: the call ran, so they end it.
 */

import { clientErrors } from "../own/client.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import type { GiveUpReason } from "./policy.js";

/** Errors the client raised itself that end a call at once, and why. */
const ENDINGS = new Map<unknown, GiveUpReason>([
  [clientErrors.REQUEST_ABORTED.definition, "aborted"],
  [clientErrors.DEADLINE_EXCEEDED.definition, "deadline"],
  [clientErrors.CIRCUIT_OPEN.definition, "circuit-open"],
]);

/** Errors read from a 2xx response: whatever the body says, the call ran. */
const answered = new WeakSet<ErrataError>();

/** Mark an error as read from a 2xx response, and return it. */
export function answeredError(error: ErrataError): ErrataError {
  answered.add(error);
  return error;
}

/** Why `error` ends its call whatever the retry policy says, or undefined when the policy decides. */
export function endingOf(error: ErrataError): GiveUpReason | undefined {
  if (answered.has(error)) return "not-retryable";
  return ENDINGS.get(error.definition);
}

/** True when `error` is the client's own NETWORK_ERROR: the request failed in transport. */
export function isNetworkError(error: ErrataError): boolean {
  return error.definition === clientErrors.NETWORK_ERROR.definition;
}
