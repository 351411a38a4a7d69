/**
 * Turn anything thrown into the ErrataError this API sends. Its own errata errors
 * are sent once their fields check out (trust.ts: a forged brand, a status that is
 * not an error status, details that cannot be written → INTERNAL_ERROR). Another
 * service's errors (runtime/upstream.ts) become this API's gateway error,
 * UPSTREAM_FAILED or UPSTREAM_TIMEOUT, unless passed through on purpose. Request
 * validation becomes VALIDATION_ERROR only when it is the framework's own (Fastify's
 * schema validation) or marked by `requestValidation()`; a ZodError from deeper
 * inside is a bug, not the caller's fault. Body-parser JSON errors and frameworks'
 * own 4xx errors map to their catalog error; a status on any other thrown value (an
 * SDK's 401 or 429) is its upstream's, sent as UPSTREAM_FAILED or UPSTREAM_TIMEOUT. Everything else becomes INTERNAL_ERROR with
 * a trace id; its message and stack stay on the server. Every read is guarded.
 */

import type { Catalog } from "../catalog/model.js";
import { renderTemplate } from "../catalog/template.js";
import { fallback } from "../own/fallback.js";
import { copyOf, errorOf } from "../runtime/createErrors.js";
import { type ErrataError, isErrataError } from "../runtime/ErrataError.js";
import { isUpstream } from "../runtime/upstream.js";
import { statusPhrase } from "../wire/formats/problem.js";
import { mapThrown } from "./maps.js";
import { pointerInBody } from "./pointers.js";
import { read, trusted } from "./trust.js";

/** At most this many field violations are reported from one validation error. */
export const MAX_VIOLATIONS = 100;
/** The longest message or field path of one violation. */
export const MAX_VIOLATION_TEXT = 200;

export interface Normalized {
  readonly error: ErrataError;
  /** False when the thrown value was not an expected error: it is logged in full, shown as INTERNAL_ERROR. */
  readonly expected: boolean;
}

/** How the adapters treat another service's errors. */
export interface NormalizeOptions {
  /**
   * "gateway" (default): an error decoded from another service, or raised by errata's
   * client, is sent as this API's UPSTREAM_FAILED / UPSTREAM_TIMEOUT, the original
   * logged only. "pass": sent as it is (see also `passThrough` for one error).
   */
  readonly upstream?: "gateway" | "pass";
}

const REQUEST_VALIDATION: unique symbol = Symbol.for("errata.requestValidation") as never;

/**
 * Mark a validation error (a ZodError, a Standard Schema result's issues, any error
 * with `issues`) as the validation of this request, so that it is sent as a 400
 * VALIDATION_ERROR with its field messages. Unmarked, it is an internal error.
 * @example
 * const parsed = schema.safeParse(body);
 * if (!parsed.success) throw requestValidation(parsed.error);
 */
export function requestValidation<T extends object>(error: T): T {
  try {
    Object.defineProperty(error, REQUEST_VALIDATION, { value: true, configurable: true });
  } catch {
    // A frozen value cannot be marked; it stays an internal error.
  }
  return error;
}

/**
 * Send one upstream error as this API's own, on purpose: a copy without the
 * upstream mark, of the same name, code, status, message and details.
 * @example
 * catch (err) { if (api.is(err, "CARD_DECLINED")) throw passThrough(err); throw err; }
 */
export function passThrough(error: ErrataError): ErrataError {
  return copyOf(error);
}

function text(value: unknown, fallback: string): string {
  return typeof value === "string" ? value.slice(0, MAX_VIOLATION_TEXT) : fallback;
}

/** True for a validation error marked by requestValidation(). */
export function isRequestValidation(thrown: unknown): boolean {
  return read(thrown, REQUEST_VALIDATION) === true;
}

/** The field violations of a validation error this request owns: Fastify's own, or one marked by requestValidation. */
function violationsOf(thrown: unknown, body: unknown): Violation[] | undefined {
  const found = validatorViolations(thrown);
  if (!found || typeof body !== "object" || body === null) return found;
  // Each field's pointer in the body the client sent (server/pointers.ts).
  return found.map((v) => ({ ...v, pointer: pointerInBody(body, v.field) as string }));
}

/** A field a validator refused: its path as the validator gives it, and, with the request's body, where it is there. */
interface Violation {
  readonly field: string;
  readonly message: string;
  readonly pointer?: string;
}

function validatorViolations(thrown: unknown): Violation[] | undefined {
  const marked = isRequestValidation(thrown);
  const issues = read(thrown, "issues");
  if (marked && Array.isArray(issues)) {
    return issues.slice(0, MAX_VIOLATIONS).map((issue) => {
      const path = read(issue, "path");
      return {
        field: text(Array.isArray(path) ? path.map((p) => String(read(p, "key") ?? p)).join(".") : "", ""),
        message: text(read(issue, "message"), "invalid value"),
      };
    });
  }
  const validation = read(thrown, "validation");
  if (Array.isArray(validation) && (marked || read(thrown, "code") === "FST_ERR_VALIDATION")) {
    return validation.slice(0, MAX_VIOLATIONS).map((v) => {
      const missing = read(read(v, "params"), "missingProperty");
      const path = text(read(v, "instancePath"), "").replace(/^\//, "").replace(/\//g, ".");
      const field = text(typeof missing === "string" ? (path ? `${path}.${missing}` : missing) : path, "");
      return { field, message: text(read(v, "message"), "invalid value") };
    });
  }
  return undefined;
}

function isJsonSyntaxError(thrown: unknown): boolean {
  const type = read(thrown, "type");
  const code = read(thrown, "code");
  return (
    type === "entity.parse.failed" || code === "FST_ERR_CTP_INVALID_JSON_BODY" || code === "FST_ERR_CTP_EMPTY_JSON_BODY"
  );
}

/** A numeric HTTP error status (400–599) on a thrown value's field, or undefined. */
function statusAt(value: unknown, key: string): number | undefined {
  const status = read(value, key);
  return typeof status === "number" && Number.isInteger(status) && status >= 400 && status < 600 ? status : undefined;
}

/**
 * The status of a thrown value and whether it is the framework's own: Fastify's
 * errors (`FST_…` codes), http-errors' (Express, body-parser, @fastify/sensible; they
 * carry `expose`) and Boom's (`isBoom`). Any other value with a status (an SDK's
 * 401, 404 or 429 about its own upstream call) is another service's answer.
 */
function statusOf(thrown: unknown): { readonly status: number; readonly own: boolean } | undefined {
  if (read(thrown, "isBoom") === true) {
    const status = statusAt(read(thrown, "output"), "statusCode");
    if (status !== undefined) return { status, own: true };
  }
  const status = statusAt(thrown, "statusCode") ?? statusAt(thrown, "status");
  if (status === undefined) return undefined;
  const code = read(thrown, "code");
  const own = (typeof code === "string" && code.startsWith("FST_")) || typeof read(thrown, "expose") === "boolean";
  return { status, own };
}

/** REQUEST_REJECTED with a framework's 4xx status and its standard reason, never the thrown message. */
export function rejected(catalog: Catalog | undefined, status: number): ErrataError {
  // Built from the definition, since a factory cannot take the framework's status.
  const def = fallback(catalog, "REQUEST_REJECTED").definition;
  const details = { reason: statusPhrase(status) };
  return errorOf(def, { message: renderTemplate(def.message, details), status, details });
}

/**
 * True for a status an error may be sent with: 400–599, any for an outcome the catalog
 * says is not an error, or none at all (`status: none`: respond.ts decides by transport).
 */
function errorStatus(error: ErrataError): boolean {
  const status = error.status;
  return status === undefined || (status >= 400 && status <= 599) || (error.kind === "outcome" && status >= 100);
}

/** This API's gateway error for another service's error. */
function gateway(upstream: ErrataError, catalog: Catalog | undefined, traceId: string): ErrataError {
  const timedOut =
    upstream.kind === "timeout" ||
    (upstream.definition?.category === "client_timeout" && upstream.name !== "REQUEST_ABORTED");
  return fallback(catalog, timedOut ? "UPSTREAM_TIMEOUT" : "UPSTREAM_FAILED")({ traceId }, { stack: false });
}

/** The INTERNAL_ERROR sent for anything the server did not mean to send. */
export function internal(catalog: Catalog | undefined, traceId: string): Normalized {
  return { error: fallback(catalog, "INTERNAL_ERROR")({ traceId }, { stack: false }), expected: false };
}

/**
 * Normalize a thrown value, resolving fallback errors in the given catalog first.
 * With the request's parsed `body`, a validation error's violations each carry the
 * pointer to their field in it.
 */
export function normalize(
  thrown: unknown,
  catalog: Catalog | undefined,
  traceId: string,
  options: NormalizeOptions = {},
  body?: unknown,
): Normalized {
  let branded = false;
  try {
    branded = isErrataError(thrown);
  } catch {
    branded = false;
  }
  if (branded) {
    const error = trusted(thrown);
    if (!error) return internal(catalog, traceId);
    let upstream = false;
    try {
      upstream = isUpstream(thrown as ErrataError);
    } catch {
      return internal(catalog, traceId);
    }
    if (upstream && options.upstream !== "pass") {
      return { error: gateway(error, catalog, traceId), expected: false };
    }
    if (!errorStatus(error)) return internal(catalog, traceId);
    return { error, expected: true };
  }
  // The catalog's own rules for foreign errors come before errata's guesses below.
  const mapped = mapThrown(thrown, catalog);
  if (mapped && errorStatus(mapped)) return { error: mapped, expected: true };
  const violations = violationsOf(thrown, body);
  if (violations)
    return { error: fallback(catalog, "VALIDATION_ERROR")({ violations }, { stack: false }), expected: true };
  if (isJsonSyntaxError(thrown)) {
    return { error: fallback(catalog, "INVALID_JSON")({}, { stack: false }), expected: true };
  }
  const found = statusOf(thrown);
  if (found && !found.own) {
    // Another service's status (an SDK's 401 about the server's own token): never the caller's.
    const timedOut = found.status === 408 || found.status === 504;
    return {
      error: fallback(catalog, timedOut ? "UPSTREAM_TIMEOUT" : "UPSTREAM_FAILED")({ traceId }, { stack: false }),
      expected: false,
    };
  }
  if (found && found.status < 500) return { error: rejected(catalog, found.status), expected: true };
  return internal(catalog, traceId);
}

/** The error to send for a request no route matched. */
export function routeNotFound(catalog: Catalog | undefined, method: string, path: string): ErrataError {
  return fallback(catalog, "ROUTE_NOT_FOUND")({ method, path: path.slice(0, 500) }, { stack: false });
}
