/**
 * The upstream mark: an ErrataError decoded from another service's response, or
 * raised by errata's client while calling one, is evidence about that service, not
 * an error of this API. errata/wire and errata/client mark every error they hand
 * out; the server adapters see the mark and answer with this API's own gateway
 * error instead, keeping the original in the log. A global symbol, so that copies
 * of errata (ESM and CommonJS) see each other's marks.
 */
import type { ErrataError } from "./ErrataError.js";

const UPSTREAM: unique symbol = Symbol.for("errata.upstream") as never;

/** Mark an error as another service's; returns it. */
export function markUpstream<E extends ErrataError>(error: E): E {
  if (!Object.hasOwn(error, UPSTREAM)) Object.defineProperty(error, UPSTREAM, { value: true });
  return error;
}

/** True for an error that came from another service (decoded, or raised by the client). */
export function isUpstream(error: ErrataError): boolean {
  return (error as { [UPSTREAM]?: unknown })[UPSTREAM] === true;
}
