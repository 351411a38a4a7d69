/**
 * Nest's own HttpExceptions, as the catalog's errors by status: Nest's router's
 * "Cannot GET /x" is ROUTE_NOT_FOUND, a ValidationPipe's 400 (its messages a list)
 * VALIDATION_ERROR with a violation each, any other 4xx REQUEST_REJECTED with the
 * status's standard reason (never the exception's text), and a 5xx an unexpected
 * error (INTERNAL_ERROR, logged). A rule of the catalog's `maps` that matches the
 * exception (`{ name: ConflictException }`) comes first.
 */
import type { Catalog } from "../../catalog/model.js";
import { fallback } from "../../own/fallback.js";
import { mapThrown } from "../../server/maps.js";
import { rejected, routeNotFound } from "../../server/normalize.js";
import { read } from "../../server/trust.js";

/** The parts of Nest's HttpException errata reads. */
interface HttpExceptionLike {
  getStatus(): number;
  getResponse(): unknown;
}

function isHttpException(value: unknown): value is HttpExceptionLike {
  return typeof read(value, "getStatus") === "function" && typeof read(value, "getResponse") === "function";
}

/** The exception's status and response body, or undefined when reading them throws. */
function partsOf(exception: HttpExceptionLike): { status: number; body: unknown } | undefined {
  try {
    const status = exception.getStatus();
    return Number.isInteger(status) ? { status, body: exception.getResponse() } : undefined;
  } catch {
    return undefined;
  }
}

/** What to hand errata's normaliser for what a Nest handler threw. */
export function fromNest(exception: unknown, catalog: Catalog | undefined, method: string, path: string): unknown {
  if (!isHttpException(exception) || mapThrown(exception, catalog)) return exception;
  const parts = partsOf(exception);
  if (!parts || parts.status < 400 || parts.status > 599) return new Error("an HttpException without a status");
  const message = read(parts.body, "message");
  if (parts.status === 404 && message === `Cannot ${method} ${path}`) return routeNotFound(catalog, method, path);
  if (parts.status === 400 && Array.isArray(message) && message.every((m) => typeof m === "string")) {
    const violations = message.slice(0, 100).map((m: string) => ({ field: "(body)", message: m.slice(0, 500) }));
    return fallback(catalog, "VALIDATION_ERROR")({ violations }, { stack: false });
  }
  if (parts.status < 500) return rejected(catalog, parts.status);
  return new Error(`Nest HttpException ${parts.status}`, { cause: exception });
}
