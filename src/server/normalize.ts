/**
 * Turn anything thrown into an ErrataError. Known shapes (errata errors, zod and
 * Fastify validation errors, body-parser JSON errors, frameworks' 4xx errors) map
 * to their catalog error;
 * everything else becomes INTERNAL_ERROR with a trace id, and its message and stack
 * stay on the server. Every read of a thrown value is guarded: a getter may throw.
 */
import { STATUS_CODES } from "node:http";
import type { Catalog } from "../catalog/model.js";
import { renderTemplate } from "../catalog/template.js";
import { fallback } from "../own/fallback.js";
import { ErrataError, isErrataError } from "../runtime/ErrataError.js";

/** At most this many field violations are reported from one validation error. */
export const MAX_VIOLATIONS = 100;

export interface Normalized {
  readonly error: ErrataError;
  /** False when the thrown value was not an expected error: it is logged in full, shown as INTERNAL_ERROR. */
  readonly expected: boolean;
}

function get(value: unknown, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function text(value: unknown, fallback: string): string {
  return typeof value === "string" ? value.slice(0, 500) : fallback;
}

function violationsOf(thrown: unknown): { field: string; message: string }[] | undefined {
  const issues = get(thrown, "issues");
  if (get(thrown, "name") === "ZodError" && Array.isArray(issues)) {
    return issues.slice(0, MAX_VIOLATIONS).map((issue) => {
      const path = get(issue, "path");
      return {
        field: Array.isArray(path) ? path.map((p) => String(p)).join(".") : "",
        message: text(get(issue, "message"), "invalid value"),
      };
    });
  }
  const validation = get(thrown, "validation");
  if (Array.isArray(validation)) {
    return validation.slice(0, MAX_VIOLATIONS).map((v) => {
      const missing = get(get(v, "params"), "missingProperty");
      const path = text(get(v, "instancePath"), "").replace(/^\//, "").replace(/\//g, ".");
      const field = typeof missing === "string" ? (path ? `${path}.${missing}` : missing) : path;
      return { field, message: text(get(v, "message"), "invalid value") };
    });
  }
  return undefined;
}

function isJsonSyntaxError(thrown: unknown): boolean {
  const type = get(thrown, "type");
  const code = get(thrown, "code");
  return (
    type === "entity.parse.failed" || code === "FST_ERR_CTP_INVALID_JSON_BODY" || code === "FST_ERR_CTP_EMPTY_JSON_BODY"
  );
}

/** A framework's client-error status (Fastify's statusCode, http-errors' status), when 4xx. */
function clientStatus(thrown: unknown): number | undefined {
  for (const key of ["statusCode", "status"]) {
    const value = get(thrown, key);
    if (typeof value === "number" && Number.isInteger(value) && value >= 400 && value < 500) return value;
  }
  return undefined;
}

/** Normalize a thrown value, resolving fallback errors in the given catalog first. */
export function normalize(thrown: unknown, catalog: Catalog | undefined, traceId: string): Normalized {
  let errata = false;
  try {
    errata = isErrataError(thrown);
  } catch {
    errata = false;
  }
  if (errata) return { error: thrown as ErrataError, expected: true };
  const violations = violationsOf(thrown);
  if (violations)
    return { error: fallback(catalog, "VALIDATION_ERROR")({ violations }, { stack: false }), expected: true };
  if (isJsonSyntaxError(thrown)) {
    return { error: fallback(catalog, "INVALID_JSON")({}, { stack: false }), expected: true };
  }
  const status = clientStatus(thrown);
  if (status !== undefined) {
    // Built from the definition, since a factory cannot take the framework's status.
    const def = fallback(catalog, "REQUEST_REJECTED").definition;
    const details = { reason: STATUS_CODES[status] ?? "Client Error" };
    const error = new ErrataError({
      name: def.name,
      code: def.code,
      message: renderTemplate(def.message, details),
      status,
      category: def.category,
      kind: def.kind,
      details,
      retryable: def.retryable,
      stack: false,
      definition: def,
    });
    return { error, expected: true };
  }
  return { error: fallback(catalog, "INTERNAL_ERROR")({ traceId }, { stack: false }), expected: false };
}

/** The error to send for a request no route matched. */
export function routeNotFound(catalog: Catalog | undefined, method: string, path: string): ErrataError {
  return fallback(catalog, "ROUTE_NOT_FOUND")({ method, path: path.slice(0, 500) }, { stack: false });
}
