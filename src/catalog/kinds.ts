/**
 * The built-in error kinds: the fixed vocabulary every catalog category maps to.
 * A kind gives a category its runtime class, its default HTTP status, gRPC code,
 * retry policy, recovery and actor, and the statuses `errata lint` accepts for it.
 */
import type { Actor, GrpcCode, RecoveryAction, RetryAdvice, RetryPolicy } from "./model.js";

/** Defaults and constraints of one built-in kind. */
export interface KindInfo {
  /** Name of the runtime class errors of this kind are instances of. */
  readonly className: string;
  readonly title: string;
  readonly status: number;
  readonly grpc: GrpcCode;
  readonly retry: RetryPolicy | RetryAdvice;
  readonly recovery: RecoveryAction;
  readonly actor: Actor;
  /** Statuses consistent with the kind; `undefined` accepts any status (unless `range` is set). */
  readonly statuses?: readonly number[];
  /** The inclusive range of statuses consistent with a generic kind: any 4xx, any 5xx. */
  readonly range?: readonly [number, number];
}

/** Whether a status is consistent with a kind (lint's status-category rule). */
export function kindAccepts(kind: Kind, status: number): boolean {
  const info: KindInfo = KINDS[kind];
  if (info.range) return status >= info.range[0] && status <= info.range[1];
  return info.statuses === undefined || info.statuses.includes(status);
}

/** The statuses a kind accepts, for messages: "401", "400–499". */
export function kindStatuses(kind: Kind): string {
  const info: KindInfo = KINDS[kind];
  if (info.range) return `${info.range[0]}–${info.range[1]}`;
  return info.statuses?.join(", ") ?? "any";
}

export const KINDS = {
  authentication: {
    className: "AuthenticationError",
    title: "Authentication Errors",
    status: 401,
    grpc: "UNAUTHENTICATED",
    retry: "never",
    recovery: "fix_configuration",
    actor: "caller",
    statuses: [401],
  },
  authorization: {
    className: "AuthorizationError",
    title: "Authorization Errors",
    status: 403,
    grpc: "PERMISSION_DENIED",
    retry: "never",
    recovery: "fix_configuration",
    actor: "caller",
    statuses: [403],
  },
  validation: {
    className: "ValidationError",
    title: "Validation Errors",
    status: 400,
    grpc: "INVALID_ARGUMENT",
    retry: "never",
    recovery: "fix_request",
    actor: "caller",
    statuses: [400, 413, 415, 422],
  },
  not_found: {
    className: "NotFoundError",
    title: "Not Found Errors",
    status: 404,
    grpc: "NOT_FOUND",
    retry: "never",
    recovery: "fix_request",
    actor: "caller",
    statuses: [404, 410],
  },
  conflict: {
    className: "ConflictError",
    title: "Conflict Errors",
    status: 409,
    grpc: "ABORTED",
    retry: {
      policy: "maybe",
      condition: "once the conflicting state has changed: re-read the resource first",
    },
    recovery: "fix_request",
    actor: "caller",
    statuses: [409, 410, 412, 423],
  },
  client: {
    className: "ClientError",
    title: "Client Errors",
    status: 400,
    grpc: "FAILED_PRECONDITION",
    retry: "never",
    recovery: "fix_request",
    actor: "caller",
    range: [400, 499],
  },
  payment: {
    className: "PaymentRequiredError",
    title: "Payment Errors",
    status: 402,
    grpc: "FAILED_PRECONDITION",
    retry: "never",
    recovery: "fix_configuration",
    actor: "caller",
    statuses: [402],
  },
  rate_limit: {
    className: "RateLimitedError",
    title: "Rate Limit Errors",
    status: 429,
    grpc: "RESOURCE_EXHAUSTED",
    retry: "retry_after",
    recovery: "retry",
    actor: "nobody",
    statuses: [429],
  },
  server: {
    className: "ServerError",
    title: "Server Errors",
    status: 500,
    grpc: "INTERNAL",
    retry: "backoff",
    recovery: "retry",
    actor: "nobody",
    range: [500, 599],
  },
  unavailable: {
    className: "UnavailableError",
    title: "Service Unavailable",
    status: 503,
    grpc: "UNAVAILABLE",
    retry: "backoff",
    recovery: "retry",
    actor: "nobody",
    statuses: [503],
  },
  gateway: {
    className: "GatewayError",
    title: "Gateway Errors",
    status: 502,
    grpc: "UNAVAILABLE",
    retry: "backoff",
    recovery: "retry",
    actor: "nobody",
    statuses: [502, 504],
  },
  timeout: {
    className: "TimeoutError",
    title: "Timeout Errors",
    status: 504,
    grpc: "DEADLINE_EXCEEDED",
    retry: "backoff",
    recovery: "retry",
    actor: "nobody",
    statuses: [408, 504],
  },
  connection: {
    className: "ConnectionError",
    title: "Connection Errors",
    status: 503,
    grpc: "UNAVAILABLE",
    retry: "backoff",
    recovery: "reconnect",
    actor: "nobody",
  },
  session: {
    className: "SessionError",
    title: "Session Errors",
    status: 503,
    grpc: "UNAVAILABLE",
    retry: "never",
    recovery: "reconnect",
    actor: "caller",
  },
  stream: {
    className: "StreamError",
    title: "Stream Errors",
    status: 409,
    grpc: "ABORTED",
    retry: "never",
    recovery: "reconnect",
    actor: "caller",
  },
  protocol: {
    className: "ProtocolError",
    title: "Protocol Errors",
    status: 500,
    grpc: "INTERNAL",
    retry: "never",
    recovery: "report_bug",
    actor: "maintainer",
  },
  transport: {
    className: "TransportError",
    title: "Transport Errors",
    status: 503,
    grpc: "UNAVAILABLE",
    retry: "backoff",
    recovery: "reconnect",
    actor: "operator",
  },
  outcome: {
    className: "ErrataError",
    title: "Outcomes (not errors)",
    status: 200,
    grpc: "OK",
    retry: "never",
    recovery: "none",
    actor: "nobody",
    statuses: [200, 202, 204],
  },
} as const satisfies Record<string, KindInfo>;

/** Name of a built-in kind. */
export type Kind = keyof typeof KINDS;

export const KIND_NAMES = Object.keys(KINDS) as Kind[];

export function isKind(value: string): value is Kind {
  return Object.hasOwn(KINDS, value);
}
