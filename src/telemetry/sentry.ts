/**
 * Sentry: a `beforeSend` that groups events by error, not by stack. An event whose
 * exception is an ErrataError gets the fingerprint [errata, catalog, code] and tags
 * with its code, kind and status; any other event passes as it came.
 */
import { isErrataError } from "../runtime/ErrataError.js";

/** What errata reads and sets of a Sentry event. */
export interface SentryEventLike {
  fingerprint?: string[];
  tags?: Record<string, unknown>;
}

/** Sentry's `beforeSend`: `Sentry.init({ beforeSend: errataBeforeSend })`. */
export function errataBeforeSend<E extends SentryEventLike>(
  event: E,
  hint: { readonly originalException?: unknown },
): E {
  const error = hint.originalException;
  if (!isErrataError(error)) return event;
  event.fingerprint = ["errata", error.definition?.catalog ?? "errata", error.code];
  event.tags = {
    ...event.tags,
    "errata.code": error.code,
    "errata.kind": error.kind,
    ...(error.status !== undefined ? { "errata.status": String(error.status) } : {}),
  };
  return event;
}
