/**
 * errata's own catalog: the errors its loader, CLI, client, wire decoder, server
 * and guards raise. errata uses what it sells, so these are declared and typed like
 * any user's errors. This is the runtime part: the client's and the decoder's
 * errors come from client.ts (the only part bundled into browsers), the rest are
 * declared here; the causes and solutions are in guidance.ts, joined by documented.ts.
 */
import { buildCatalog } from "../catalog/build.js";
import { formatLocation, formatPath, hasErrors } from "../catalog/problem.js";
import type { CatalogInput } from "../catalog/schema.js";
import { createErrors } from "../runtime/createErrors.js";
import type { CatalogDefinition, DefinedCatalog, Factories } from "../runtime/types.js";
import { clientDefinition, ERRATA } from "./clientDefinition.js";
import { findingCategories, findingErrors } from "./findingRules.js";

const definition = {
  ...ERRATA,
  categories: {
    ...clientDefinition.categories,
    catalog: { kind: "validation", title: "Catalog Errors", label: "Catalog" },
    cli: { kind: "validation", title: "Command-line Errors", label: "CLI" },
    http: { kind: "validation", title: "Server Fallback Errors", label: "HTTP" },
    idempotency: { kind: "validation", title: "Idempotency Keys", label: "Guard" },
    idempotency_busy: { kind: "conflict", title: "Idempotency Keys", label: "Guard" },
    signature: { kind: "authentication", title: "Signed Requests", label: "Guard" },
    store: { kind: "unavailable", title: "Guard Stores", label: "Guard" },
    upstream: { kind: "gateway", title: "Upstream Failures", label: "Server" },
    guard_setup: { kind: "server", title: "Guard Setup", label: "Guard" },
    contract: { kind: "server", title: "Contract Checks", label: "Contract" },
    ...findingCategories,
  },
  errors: {
    ...clientDefinition.errors,
    CATALOG_NOT_FOUND: {
      category: "catalog",
      status: 404,
      message: "Catalog file not found: {file}",
      details: { file: "string" },
    },
    CATALOG_UNREADABLE: {
      category: "catalog",
      message: "Cannot read catalog file {file}: {reason}",
      details: { file: "string", reason: "string" },
    },
    CATALOG_SYNTAX: {
      category: "catalog",
      message: "{location}: {problem}",
      details: {
        location: "string",
        problem: "string",
        file: "string",
        line: "integer",
        column: "integer",
      },
    },
    CATALOG_INVALID: {
      category: "catalog",
      message: "Catalog {catalog} has {count} problem(s):\n{summary}",
      details: {
        catalog: "string",
        count: "integer",
        summary: "string",
        problems: {
          type: "array",
          items: "object",
          description: "Each problem with rule, path, file, line and column.",
        },
      },
    },
    CATALOG_INCLUDE_CYCLE: {
      category: "catalog",
      message: "Catalog include cycle: {cycle}",
      details: { cycle: "string" },
    },
    UNKNOWN_ERROR: {
      category: "cli",
      status: 404,
      message: "Unknown error {query} in {catalogs}",
      details: {
        query: "string",
        catalogs: "string",
        suggestions: { type: "array", items: "string" },
      },
    },
    INTERNAL_ERROR: {
      category: "server",
      message: "Internal server error",
      details: { traceId: { type: "string", description: "Quote it when reporting the problem." } },
    },
    UPSTREAM_FAILED: {
      category: "upstream",
      message: "A service this API depends on failed",
      details: { traceId: { type: "string", description: "Quote it when reporting the problem." } },
      retry: "backoff",
      actor: "nobody",
    },
    UPSTREAM_TIMEOUT: {
      category: "upstream",
      status: 504,
      grpc: "DEADLINE_EXCEEDED",
      message: "A service this API depends on did not answer in time",
      details: { traceId: { type: "string", description: "Quote it when reporting the problem." } },
      retry: "backoff",
      actor: "nobody",
    },
    VALIDATION_ERROR: {
      category: "http",
      message: "Input validation failed",
      details: {
        violations: { type: "array", items: "object", description: "Each {field, message} that failed." },
      },
    },
    INVALID_JSON: {
      category: "http",
      message: "Invalid JSON in request body",
    },
    REQUEST_REJECTED: {
      category: "http",
      message: "Request rejected: {reason}",
      details: { reason: { type: "string", description: "The status's standard reason phrase." } },
    },
    ROUTE_NOT_FOUND: {
      category: "http",
      status: 404,
      message: "No route for {method} {path}",
      details: { method: "string", path: "string" },
    },
    IDEMPOTENCY_KEY_MISSING: {
      category: "idempotency",
      status: 400,
      message: "{method} {path} needs an {header} header",
      details: { header: "string", method: "string", path: "string" },
      retry: "never",
      actor: "caller",
    },
    IDEMPOTENCY_KEY_REUSED: {
      category: "idempotency",
      status: 422,
      message: "Idempotency key {key} was already used for a different request",
      details: { key: "string" },
      retry: "never",
      actor: "caller",
    },
    IDEMPOTENCY_IN_PROGRESS: {
      category: "idempotency_busy",
      status: 409,
      message: "A request with idempotency key {key} is still running",
      details: { key: "string" },
      retry: { policy: "retry_after", delaySeconds: 1 },
      actor: "nobody",
    },
    SIGNATURE_HEADERS_MISSING: {
      category: "signature",
      message: "Signed requests need the {headers} headers",
      details: { headers: "string" },
      retry: "never",
    },
    SIGNATURE_EXPIRED: {
      category: "signature",
      message: "The signed timestamp is outside the allowed window of {windowSeconds} seconds",
      details: { timestamp: "string", windowSeconds: "integer" },
      retry: "never",
    },
    REPLAY_ATTACK: {
      category: "signature",
      message: "Nonce reused for a different action",
      details: { nonce: "string" },
      retry: "never",
    },
    CALLER_DENIED: {
      category: "limits",
      status: 403,
      message: "Requests from this caller are not accepted",
      retry: "never",
      actor: "caller",
    },
    OPERATION_ERROR_UNDECLARED: {
      category: "contract",
      message: "{operation} sent {error}, which the catalog does not declare for it",
      details: { operation: "string", error: "string" },
      retry: "never",
      actor: "maintainer",
    },
    GUARD_MISCONFIGURED: {
      category: "guard_setup",
      message: "The {guard} guard cannot check this request: the server is set up wrong",
      details: { guard: "string" },
      retry: "never",
      actor: "operator",
    },
    STORE_UNAVAILABLE: {
      category: "store",
      message: "The {guard} guard's store is unavailable",
      details: { guard: "string" },
      retry: "backoff",
      actor: "operator",
    },
    OUTPUT_REFUSED: {
      category: "cli",
      message: "Refusing to write {path}: {reason}",
      details: { path: "string", reason: "string" },
      retry: "never",
    },
    CLI_USAGE: {
      category: "cli",
      message: "{problem}",
      details: { problem: "string", usage: "string" },
    },
    OUTCOME_UNKNOWN: {
      category: "client",
      message:
        "{tool} may have run: the connection failed after the call was sent ({reason}); check before calling it again",
      details: { tool: "string", reason: "string" },
      retry: "never",
      actor: "caller",
    },
    TRAFFIC_UNREADABLE: {
      category: "cli",
      message: "Cannot read traffic from {file}: {reason}",
      details: { file: "string", reason: "string" },
      retry: "never",
    },
    SCAN_UNAVAILABLE: {
      category: "cli",
      message: "errata scan cannot run: {reason}",
      details: { reason: "string" },
      retry: "never",
    },
    ...findingErrors,
  },
} as const satisfies CatalogDefinition;

/**
 * Built without the schema check: the check needs zod, which would weigh on every
 * browser bundle of errata/client and errata/wire. A test validates `ownDefinition`
 * against the schema instead, so a mistake here still fails CI.
 */
function compileOwn(): DefinedCatalog<Factories<typeof definition>> {
  const { catalog, problems } = buildCatalog(definition as unknown as CatalogInput);
  if (!catalog || hasErrors(problems)) {
    const list = problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join("; ");
    throw new Error(`errata's own catalog is invalid (a bug in errata): ${list}`);
  }
  return {
    catalog,
    errors: createErrors(catalog, { stack: false }) as unknown as Factories<typeof definition>,
  };
}

/** The runtime part of errata's own catalog: identity, status, message, details, retry advice. */
export const ownDefinition = definition;

/** errata's own catalog and its factories. */
export const errata = compileOwn();
/** Factories of errata's own errors. */
export const ownErrors = errata.errors;

/** Raise CATALOG_INVALID for problems, with a readable summary of each one. */
export function invalidCatalog(name: string, problems: readonly import("../catalog/problem.js").Problem[]) {
  const errorsOnly = problems.filter((p) => p.severity === "error");
  const summary = errorsOnly
    .map((p) => {
      const where = formatLocation(p);
      const field = formatPath(p.path);
      return `  ${where ? `${where}: ` : ""}${field ? `${field}: ` : ""}${p.message}`;
    })
    .join("\n");
  return ownErrors.CATALOG_INVALID({
    catalog: name,
    count: errorsOnly.length,
    summary,
    problems: errorsOnly,
  });
}
