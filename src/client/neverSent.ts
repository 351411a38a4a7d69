/**
 * Whether a failed fetch provably never reached the server, so that repeating even a
 * write cannot run it twice: the connection was refused or could not be opened, the
 * name did not resolve, or TLS failed before the request's first byte. Anything else
 * (a reset, a timeout after connecting, a browser's opaque "Failed to fetch") may
 * have delivered the request, and a write is then not repeated.
 */

/** Error codes (Node's and undici's) raised before any byte of a request is written. */
const BEFORE_SENDING = new Set([
  // the connection was never made
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
  // the name did not resolve
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "EAI_FAIL",
  // TLS failed during the handshake
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_TLS_HANDSHAKE_TIMEOUT",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION",
  "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE",
]);

function codeOf(value: unknown): string | undefined {
  const code = (value as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/** True when `thrown` (fetch's rejection) shows the request was never sent. */
export function neverSent(thrown: unknown): boolean {
  let at: unknown = thrown;
  for (let depth = 0; depth < 8 && at !== null && typeof at === "object"; depth++) {
    const code = codeOf(at);
    if (code !== undefined) {
      if (!BEFORE_SENDING.has(code)) return false;
      // Happy eyeballs: every address must have failed before sending.
      const errors = (at as { errors?: unknown }).errors;
      return !Array.isArray(errors) || errors.every((e) => BEFORE_SENDING.has(codeOf(e) ?? ""));
    }
    at = (at as { cause?: unknown }).cause;
  }
  return false;
}

/** The most specific code or message of a fetch failure, for NETWORK_ERROR's `reason`. */
export function failureReason(thrown: unknown): string {
  let at: unknown = thrown;
  for (let depth = 0; depth < 8 && at !== null && typeof at === "object"; depth++) {
    const code = codeOf(at);
    if (code !== undefined) return code;
    const next = (at as { cause?: unknown }).cause;
    if (next === undefined || next === null) break;
    at = next;
  }
  if (at instanceof Error && at.message) return at.message;
  return thrown instanceof Error ? thrown.message : String(thrown);
}
