/**
 * OpenTelemetry: `onError: recordOnSpan` records the exception and the errata code
 * on the active span, through @opentelemetry/api (a no-op without an SDK). The
 * thrown value is recorded as it was: telemetry stays on the server's side.
 */
import { type Exception, SpanStatusCode, trace } from "@opentelemetry/api";
import type { ErrorEvent } from "./respond.js";

function exceptionOf(value: unknown): Exception {
  if (value instanceof Error) return value;
  if (typeof value === "string") return value;
  return { name: "NonErrorThrown", message: String(typeof value) };
}

/** An `onError` hook for the server adapters. */
export function recordOnSpan(event: ErrorEvent): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  span.recordException(event.expected ? event.error : exceptionOf(event.thrown));
  span.setAttributes({
    "errata.code": event.error.code,
    "errata.name": event.error.name,
    "errata.retryable": event.error.retryable,
    "errata.expected": event.expected,
    "errata.request_id": event.requestId,
    "http.response.status_code": event.status,
  });
  if (event.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: event.error.code });
}
