/**
 * Which requests may be sent twice. RFC 9110 makes GET, HEAD, OPTIONS, TRACE, PUT
 * and DELETE idempotent; anything else (POST, PATCH) is repeated only under an
 * Idempotency-Key, generated once per logical call and sent on every attempt, so the
 * server can answer a repeated attempt with the first one's result.
 */

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);

/** The default header of the key (draft-ietf-httpapi-idempotency-key-header). */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/**
 * The key a call will carry: the caller's (in its headers or options), else a new
 * one for a method that is not idempotent, unless keys are turned off.
 */
export function idempotencyKeyFor(
  method: string,
  headers: Headers,
  header: string,
  requested: string | false | undefined,
  generate: () => string,
): string | undefined {
  if (requested === false) return undefined;
  if (typeof requested === "string") return requested;
  const given = headers.get(header);
  if (given !== null) return given;
  return isIdempotent(method) ? undefined : generate();
}
