/**
 * An error as google.rpc.Status, and a Status back as a typed error: the stage gRPC
 * and Connect share. Out, anything thrown goes through the HTTP adapters' response
 * (the same normalisation, logging, language and request id) in the Google format,
 * whose details are the Status's. In, a Status's details are read as the Google
 * format's are; a Status without details is named by its code, retried by gRPC's rules.
 */
import { GRPC_CODES, statusForGrpc } from "../catalog/grpc.js";
import type { Catalog, GrpcCode } from "../catalog/model.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import { type ErrorHandlerOptions, errorResponse } from "../server/respond.js";
import { decode } from "../wire/codec.js";

/** An error as a Status: its code (google.rpc.Code's number), message, details in proto3 JSON form, request id. */
export interface StatusParts {
  readonly code: number;
  readonly message: string;
  readonly details: Record<string, unknown>[];
  readonly requestId: string;
}

/** The headers or metadata keys a server reads to answer: the request id, the trace, the caller's language. */
const CALL_HEADERS = ["x-request-id", "traceparent", "accept-language"] as const;

/**
 * Anything thrown while serving a call, as the Status to send. `header` reads the
 * call's headers or metadata (its request id, traceparent and language).
 */
export function statusOfThrown(
  thrown: unknown,
  options: ErrorHandlerOptions,
  header: (name: string) => unknown,
): StatusParts {
  const headers: Record<string, string> = {};
  for (const name of CALL_HEADERS) {
    const value = header(name);
    if (typeof value === "string" && value !== "") headers[name] = value;
  }
  const r = errorResponse(thrown, headers, { ...options, format: "google" }, {});
  const body = JSON.parse(r.body as string) as {
    error: { message: string; status: GrpcCode; details: Record<string, unknown>[] };
  };
  const code = GRPC_CODES.indexOf(body.error.status);
  return {
    code: code < 0 ? 2 : code,
    message: body.error.message,
    details: body.error.details,
    requestId: r.requestId,
  };
}

/** A code's name (google.rpc.Code), UNKNOWN for any number it does not have. */
export function codeName(code: number | undefined): GrpcCode {
  return (code !== undefined ? GRPC_CODES[code] : undefined) ?? "UNKNOWN";
}

/**
 * A received Status as the catalogs' typed error, marked upstream: read as a Google
 * body is; without an ErrorInfo, named by its code (UNAVAILABLE, RESOURCE_EXHAUSTED
 * and the other codes of retryable HTTP statuses retry).
 */
export function errorOfStatus(
  code: number | undefined,
  message: string,
  details: readonly Record<string, unknown>[],
  catalogs: readonly Catalog[],
): ErrataError {
  const name = codeName(code);
  const httpStatus = statusForGrpc(name);
  const named = details.some((d) => String(d["@type"]).endsWith("google.rpc.ErrorInfo"))
    ? details
    : [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: name }, ...details];
  const body = { error: { code: httpStatus, message, status: name, details: named } };
  return decode(body, { format: "google", status: httpStatus, catalogs }).error;
}
