/**
 * Which requests may be sent twice. RFC 9110 makes GET, HEAD, OPTIONS, TRACE, PUT
 * and DELETE idempotent. Anything else (POST, PATCH) may be repeated only when the
 * API is known to honour an Idempotency-Key (its catalog declares `idempotency`, or
 * the caller says so) and the key, generated once per logical call, goes with every
 * attempt. An API that ignores keys would run the write again, so no key is sent to
 * it unasked: in a browser an extra header costs every cross-origin write a preflight.
 * Keys are written as RFC 8941 sf-strings (quoted), as the IETF draft says.
 */
import { sfString } from "../wire/common.js";

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);

/** The default header of the key (draft-ietf-httpapi-idempotency-key-header). */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/** What the client knows of the API's keys. */
export interface KeyPolicy {
  /** True when the API is known to honour keys: its catalog declares them, or the caller said so. */
  readonly honoured: boolean;
  readonly header: string;
  readonly generate: () => string;
}

/** The key a call carries, and whether it makes the call safe to repeat. */
export interface CallKey {
  /** The header value to send (already an sf-string), when a key goes out. */
  readonly value?: string;
  /** True when a repeat of the call is answered by the server from the key. */
  readonly protects: boolean;
}

/**
 * The key of one call. `requested` is the call's own option: a string is the
 * caller's key, and vouches that the API honours it; false sends none. A key the
 * caller put in the headers is sent as written and vouches the same way.
 */
export function callKey(
  method: string,
  headers: Headers,
  policy: KeyPolicy,
  requested: string | false | undefined,
): CallKey {
  if (requested === false || isIdempotent(method)) {
    return { ...(typeof requested === "string" ? { value: sfString(requested) } : {}), protects: false };
  }
  if (typeof requested === "string") return { value: sfString(requested), protects: true };
  if (headers.has(policy.header)) return { protects: true };
  if (!policy.honoured) return { protects: false };
  return { value: sfString(policy.generate()), protects: true };
}
