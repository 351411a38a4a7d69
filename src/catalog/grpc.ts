/**
 * The canonical mapping between HTTP statuses and gRPC status codes
 * (google.rpc.Code's documented HTTP equivalents), used for defaults and lint.
 */
import type { GrpcCode } from "./model.js";

export const GRPC_CODES = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
] as const;

const GRPC_TO_HTTP: Record<GrpcCode, number> = {
  OK: 200,
  CANCELLED: 499,
  UNKNOWN: 500,
  INVALID_ARGUMENT: 400,
  DEADLINE_EXCEEDED: 504,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  PERMISSION_DENIED: 403,
  RESOURCE_EXHAUSTED: 429,
  FAILED_PRECONDITION: 400,
  ABORTED: 409,
  OUT_OF_RANGE: 400,
  UNIMPLEMENTED: 501,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DATA_LOSS: 500,
  UNAUTHENTICATED: 401,
};

const HTTP_TO_GRPC: Record<number, GrpcCode> = {
  200: "OK",
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  402: "FAILED_PRECONDITION",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  408: "DEADLINE_EXCEEDED",
  409: "ABORTED",
  410: "NOT_FOUND",
  412: "FAILED_PRECONDITION",
  413: "OUT_OF_RANGE",
  416: "OUT_OF_RANGE",
  422: "INVALID_ARGUMENT",
  423: "FAILED_PRECONDITION",
  429: "RESOURCE_EXHAUSTED",
  499: "CANCELLED",
  500: "INTERNAL",
  501: "UNIMPLEMENTED",
  502: "UNAVAILABLE",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

/** The gRPC code that goes with an HTTP status. */
export function grpcForStatus(status: number): GrpcCode {
  const direct = HTTP_TO_GRPC[status];
  if (direct) return direct;
  if (status >= 200 && status < 300) return "OK";
  if (status >= 400 && status < 500) return "FAILED_PRECONDITION";
  if (status >= 500 && status < 600) return "INTERNAL";
  return "UNKNOWN";
}

/** The HTTP status that goes with a gRPC code. */
export function statusForGrpc(code: GrpcCode): number {
  return GRPC_TO_HTTP[code];
}

/** Whether a status and a gRPC code agree in either direction of the mapping. */
export function grpcAgreesWithStatus(status: number, code: GrpcCode): boolean {
  return grpcForStatus(status) === code || statusForGrpc(code) === status;
}
