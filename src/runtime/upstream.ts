/**
 * The upstream mark: an ErrataError decoded from another service's response, or
 * raised by errata's client while calling one, is evidence about that service, not
 * an error of this API. errata/wire and errata/client mark every error they hand
 * out (`error.upstream`); the server adapters see the mark and answer with this
 * API's own gateway error instead, keeping the original in the log. A plain field,
 * so that copies of errata (ESM and CommonJS) see each other's marks.
 */
import type { ErrataError } from "./ErrataError.js";

/** Mark an error as another service's; returns it. */
export function markUpstream<E extends ErrataError>(error: E): E {
  try {
    error.upstream = true;
  } catch {
    // A frozen error cannot be marked; the client never freezes what it throws.
  }
  return error;
}

/** True for an error that came from another service (decoded, or raised by the client). */
export function isUpstream(error: ErrataError): boolean {
  return error.upstream === true;
}
