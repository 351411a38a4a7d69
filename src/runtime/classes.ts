/**
 * One class per built-in kind, so that `err instanceof RateLimitedError` works as
 * in hand-written SDKs. The check reads the brand and the kind, not the prototype
 * chain, so it holds for errors from factories and from other copies of errata.
 * Outcomes (kind `outcome`) are plain ErrataErrors.
 */
import type { Kind } from "../catalog/kinds.js";
import { ErrataError } from "./ErrataError.js";

/** Missing or invalid credentials (401). */
export class AuthenticationError extends ErrataError {
  static readonly kind: Kind = "authentication";
}
/** Authenticated but not allowed (403). */
export class AuthorizationError extends ErrataError {
  static readonly kind: Kind = "authorization";
}
/** The request is malformed or invalid (400, 422). */
export class ValidationError extends ErrataError {
  static readonly kind: Kind = "validation";
}
/** The resource does not exist (404, 410). */
export class NotFoundError extends ErrataError {
  static readonly kind: Kind = "not_found";
}
/** The resource's state conflicts with the request (409). */
export class ConflictError extends ErrataError {
  static readonly kind: Kind = "conflict";
}
/** Any other request error (405, 406, 412, 418, 451…): the generic 4xx kind. */
export class ClientError extends ErrataError {
  static readonly kind: Kind = "client";
}
/** Payment is required or failed (402). */
export class PaymentRequiredError extends ErrataError {
  static readonly kind: Kind = "payment";
}
/** Too many requests (429). */
export class RateLimitedError extends ErrataError {
  static readonly kind: Kind = "rate_limit";
}
/** Unexpected server failure (500). */
export class ServerError extends ErrataError {
  static readonly kind: Kind = "server";
}
/** Temporarily unavailable (503). */
export class UnavailableError extends ErrataError {
  static readonly kind: Kind = "unavailable";
}
/** An upstream failed (502, 504). */
export class GatewayError extends ErrataError {
  static readonly kind: Kind = "gateway";
}
/** An operation ran out of time (408, 504). */
export class TimeoutError extends ErrataError {
  static readonly kind: Kind = "timeout";
}
/** A connection could not be made or kept. */
export class ConnectionError extends ErrataError {
  static readonly kind: Kind = "connection";
}
/** A session failed or ended. */
export class SessionError extends ErrataError {
  static readonly kind: Kind = "session";
}
/** A stream failed or ended. */
export class StreamError extends ErrataError {
  static readonly kind: Kind = "stream";
}
/** A peer broke the protocol. */
export class ProtocolError extends ErrataError {
  static readonly kind: Kind = "protocol";
}
/** The transport underneath failed. */
export class TransportError extends ErrataError {
  static readonly kind: Kind = "transport";
}

/** The class that matches the errors of each kind. Outcomes are plain ErrataErrors. */
export const KIND_CLASSES = {
  authentication: AuthenticationError,
  authorization: AuthorizationError,
  validation: ValidationError,
  not_found: NotFoundError,
  conflict: ConflictError,
  client: ClientError,
  payment: PaymentRequiredError,
  rate_limit: RateLimitedError,
  server: ServerError,
  unavailable: UnavailableError,
  gateway: GatewayError,
  timeout: TimeoutError,
  connection: ConnectionError,
  session: SessionError,
  stream: StreamError,
  protocol: ProtocolError,
  transport: TransportError,
} as const satisfies Record<Exclude<Kind, "outcome">, { readonly kind: Kind }>;
