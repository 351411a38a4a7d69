/**
 * errata's own catalog: the errors its loader and CLI raise. errata uses what it
 * sells, so these are declared, typed and documented like any user's errors.
 */
import { buildCatalog } from "../catalog/build.js";
import { formatLocation, formatPath, hasErrors } from "../catalog/problem.js";
import type { CatalogInput } from "../catalog/schema.js";
import { createErrors } from "../runtime/createErrors.js";
import type { CatalogDefinition, DefinedCatalog, Factories } from "../runtime/types.js";

const definition = {
  name: "errata",
  version: "0.1.0",
  title: "errata",
  description: "Errors raised by errata itself: loading catalogs, running the CLI, decoding, serving and calling APIs.",
  docsBaseUrl: "https://errata.dev/errors/",
  categories: {
    catalog: { kind: "validation", title: "Catalog Errors", label: "Catalog" },
    cli: { kind: "validation", title: "Command-line Errors", label: "CLI" },
    wire: { kind: "protocol", title: "Wire Decoding Errors", label: "Wire", status: 502, grpc: "UNAVAILABLE" },
    http: { kind: "validation", title: "Server Fallback Errors", label: "HTTP" },
    client: { kind: "connection", title: "Client Errors", label: "Client" },
    client_timeout: { kind: "timeout", title: "Client Timeouts", label: "Client" },
    circuit: { kind: "unavailable", title: "Circuit Breaker", label: "Client" },
    idempotency: { kind: "validation", title: "Idempotency Keys", label: "Guard" },
    idempotency_busy: { kind: "conflict", title: "Idempotency Keys", label: "Guard" },
    signature: { kind: "authentication", title: "Signed Requests", label: "Guard" },
    limits: { kind: "rate_limit", title: "Rate Limits", label: "Guard" },
    store: { kind: "unavailable", title: "Guard Stores", label: "Guard" },
  },
  errors: {
    CATALOG_NOT_FOUND: {
      category: "catalog",
      status: 404,
      message: "Catalog file not found: {file}",
      details: { file: "string" },
      causes: ["The path is wrong or relative to another directory", "No errata.yaml in the current directory"],
      solutions: ["Pass the catalog with --catalog <file>", "Run errata from the directory holding errata.yaml"],
    },
    CATALOG_UNREADABLE: {
      category: "catalog",
      message: "Cannot read catalog file {file}: {reason}",
      details: { file: "string", reason: "string" },
      causes: ["Permission denied", "The path is a directory"],
      solutions: ["Check the file's permissions and that it is a regular file"],
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
      causes: ["Malformed YAML or JSON: bad indentation, an unclosed quote or bracket, a tab"],
      solutions: ["Fix the syntax at the line and column given"],
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
      causes: [
        "An unknown or misspelt field",
        "A value of the wrong type",
        "A duplicate name or code",
        "A code that does not fit the catalog's code style",
      ],
      solutions: ["Fix each problem at the file:line:column given; `did you mean` names the likely field"],
    },
    CATALOG_INCLUDE_CYCLE: {
      category: "catalog",
      message: "Catalog include cycle: {cycle}",
      details: { cycle: "string" },
      causes: ["Two catalogs include each other, directly or through others"],
      solutions: ["Move the shared errors into a base catalog that includes nothing"],
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
      causes: ["A misspelt name or code", "The error lives in another catalog"],
      solutions: ["Use one of the suggested names", "Pass the right catalog with --catalog"],
    },
    WIRE_DECODE_FAILED: {
      category: "wire",
      message: "Cannot decode the error response: {reason}",
      details: {
        reason: "string",
        format: { type: "string", description: "The format tried, when one was detected." },
        status: { type: "integer", description: "The response's HTTP status, as received." },
      },
      causes: [
        "The body is truncated, not JSON, or not in any errata wire format",
        "A proxy or gateway answered instead of the API",
      ],
      solutions: [
        "Look at the raw body (error.raw) and the status",
        "Tell the client which format to expect with `format`",
      ],
    },
    WIRE_BODY_TOO_LARGE: {
      category: "wire",
      message: "Error body of {size} bytes exceeds the limit of {limit} bytes",
      details: { size: "integer", limit: "integer", status: "integer" },
      causes: ["A misbehaving or hostile server sent an oversized error body"],
      solutions: ["Raise `maxBytes` if such bodies are expected"],
    },
    INTERNAL_ERROR: {
      category: "server",
      message: "Internal server error",
      description: "An unexpected failure; its details are in the server's log under the trace id.",
      details: { traceId: { type: "string", description: "Quote it when reporting the problem." } },
      causes: ["A bug or an unavailable dependency on the server"],
      solutions: ["Retry with exponential backoff", "Report it with the trace id if it persists"],
    },
    VALIDATION_ERROR: {
      category: "http",
      message: "Input validation failed",
      details: {
        violations: { type: "array", items: "object", description: "Each {field, message} that failed." },
      },
      causes: ["A field is missing, of the wrong type or out of range"],
      solutions: ["Fix the fields listed in violations and send the request again"],
    },
    INVALID_JSON: {
      category: "http",
      message: "Invalid JSON in request body",
      causes: ["The body is not well-formed JSON"],
      solutions: ["Validate the JSON syntax of the body"],
    },
    REQUEST_REJECTED: {
      category: "http",
      message: "Request rejected: {reason}",
      description:
        "The framework refused the request with a 4xx status (a body too large, a media type not supported…).",
      details: { reason: { type: "string", description: "The status's standard reason phrase." } },
      causes: ["The request broke a limit or a rule the server's framework enforces"],
      solutions: ["Check the status and the reason, then fix the request"],
    },
    ROUTE_NOT_FOUND: {
      category: "http",
      status: 404,
      message: "No route for {method} {path}",
      details: { method: "string", path: "string" },
      causes: ["A wrong path or method", "An API version that does not have this route"],
      solutions: ["Check the path and method against the API reference"],
    },
    NETWORK_ERROR: {
      category: "client",
      message: "{method} {url} failed before a response: {reason}",
      description: "The request got no HTTP response: the connection was refused, reset or could not be made.",
      details: { method: "string", url: "string", reason: "string" },
      retry: "backoff",
      causes: ["The server is down or restarting", "A network or DNS failure", "The connection was reset"],
      solutions: ["errata's client retries it with backoff when the request is safe to repeat"],
    },
    RESPONSE_NOT_JSON: {
      category: "wire",
      message: "{method} {url} answered {status} with a body that is not JSON",
      description:
        "`json()` was called and the server answered with success, but its body does not parse as JSON. The request ran: it is not retried.",
      details: { method: "string", url: "string", status: "integer", contentType: "string" },
      retry: "never",
      causes: ["The endpoint returns text, HTML or a file", "A proxy answered with its own page"],
      solutions: ["Call `fetch()` for bodies that are not JSON", "Check the URL and the proxy in front of the API"],
    },
    REDIRECT_REFUSED: {
      category: "client",
      status: 502,
      message: "{method} {url} was redirected ({status}) to {location}, which the client does not follow: {reason}",
      description:
        "The client follows a redirect only when it cannot leak the caller's headers or repeat a write: same origin, and a write only when it becomes a GET (301, 302, 303).",
      details: { method: "string", url: "string", status: "integer", location: "string", reason: "string" },
      retry: "never",
      actor: "caller",
      causes: [
        "The API moved to another origin",
        "A 307 or 308 redirect of a write, which would send the write again",
        "A redirect loop",
      ],
      solutions: [
        "Call the new URL directly",
        "Allow cross-origin redirects with `redirects: { crossOrigin: true }` (the caller's headers are then dropped)",
      ],
    },
    ATTEMPT_TIMEOUT: {
      category: "client_timeout",
      message: "{method} {url} got no response within {timeoutMs} ms",
      details: { method: "string", url: "string", timeoutMs: "integer" },
      retry: "backoff",
      causes: ["A slow or overloaded server", "A per-attempt timeout set too short"],
      solutions: ["Raise `timeout` if the operation is slow by nature"],
    },
    DEADLINE_EXCEEDED: {
      category: "client_timeout",
      message: "{method} {url} did not succeed within its deadline of {deadlineMs} ms",
      description: "The overall deadline of a call ran out, or the next retry would have started after it.",
      details: { method: "string", url: "string", deadlineMs: "integer", attempts: "integer" },
      retry: "never",
      causes: ["The server stayed unavailable for longer than the deadline", "A Retry-After beyond the deadline"],
      solutions: ["Give the call a longer deadline, or try again later"],
    },
    REQUEST_ABORTED: {
      category: "client",
      status: 499,
      message: "{method} {url} was aborted by the caller",
      details: { method: "string", url: "string" },
      retry: "never",
      actor: "caller",
      causes: ["The AbortSignal passed to the call was aborted"],
      solutions: ["Nothing to fix if the abort was intended"],
    },
    CIRCUIT_OPEN: {
      category: "circuit",
      message: "Calls to {target} fail fast: the circuit is open until {probeAt}",
      description:
        "Recent calls failed so often that the client stopped sending requests. It lets one probe through after the break; its success closes the circuit.",
      details: {
        target: "string",
        probeAt: { type: "string", description: "When the next probe may go out (ISO 8601)." },
        openedAt: { type: "string", description: "When the circuit opened (ISO 8601)." },
      },
      retry: "retry_after",
      causes: ["The server is down or failing most requests"],
      solutions: ["Wait until probeAt (retryAfter seconds); the circuit closes itself when the server recovers"],
    },
    IDEMPOTENCY_KEY_MISSING: {
      category: "idempotency",
      status: 400,
      message: "{method} {path} needs an {header} header",
      details: { header: "string", method: "string", path: "string" },
      retry: "never",
      actor: "caller",
      causes: ["A write that may be retried was sent without an idempotency key"],
      solutions: ["Send a unique key (a UUID) per logical operation, and the same key on each retry of it"],
    },
    IDEMPOTENCY_KEY_REUSED: {
      category: "idempotency",
      status: 422,
      message: "Idempotency key {key} was already used for a different request",
      details: { key: "string" },
      retry: "never",
      actor: "caller",
      causes: ["A key was reused for another operation or another payload"],
      solutions: ["Use a new key for each new operation; reuse a key only to retry the same request"],
    },
    IDEMPOTENCY_IN_PROGRESS: {
      category: "idempotency_busy",
      status: 409,
      message: "A request with idempotency key {key} is still running",
      details: { key: "string" },
      retry: { policy: "retry_after", delaySeconds: 1 },
      actor: "nobody",
      causes: ["A retry arrived while the first attempt with the same key was still being processed"],
      solutions: ["Retry after a moment: the first attempt's response will be replayed"],
    },
    SIGNATURE_HEADERS_MISSING: {
      category: "signature",
      message: "Signed requests need the {headers} headers",
      details: { headers: "string" },
      retry: "never",
      causes: ["The request was not signed, or a proxy dropped its signature headers"],
      solutions: ["Sign the request and send its nonce and timestamp"],
    },
    SIGNATURE_EXPIRED: {
      category: "signature",
      message: "The signed timestamp is outside the allowed window of {windowSeconds} seconds",
      details: { timestamp: "string", windowSeconds: "integer" },
      retry: "never",
      causes: ["The request was signed too long ago", "The client's clock is out of sync"],
      solutions: ["Sign again with the current time; check the clock's sync"],
    },
    REPLAY_ATTACK: {
      category: "signature",
      message: "Nonce reused for a different action",
      details: { nonce: "string" },
      retry: "never",
      causes: ["A nonce was reused to sign a different action"],
      solutions: ["Generate a new nonce per operation; reuse a nonce only to retry the same operation"],
    },
    RATE_LIMITED: {
      category: "limits",
      message: "Rate limit exceeded: {limit} requests per {window}",
      details: { limit: "integer", window: "string", retryAfter: "integer" },
      retry: "retry_after",
      causes: ["Too many requests for this key within the window"],
      solutions: ["Wait for the Retry-After delay, then retry; spread requests out"],
    },
    STORE_UNAVAILABLE: {
      category: "store",
      message: "The {guard} guard's store is unavailable",
      description:
        "The store behind a guard did not answer; the guard refused the request rather than risk running it twice or unchecked.",
      details: { guard: "string" },
      retry: "backoff",
      actor: "operator",
      causes: ["Redis or the SQLite file is down, unreachable or locked for too long"],
      solutions: ["Retry with backoff; operators: check the store"],
    },
    CLI_USAGE: {
      category: "cli",
      message: "{problem}",
      details: { problem: "string", usage: "string" },
      causes: ["A missing argument or an unknown option"],
      solutions: ["Run errata --help"],
    },
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

/** The input of errata's own catalog, as a test checks it against the schema. */
export const ownDefinition: unknown = definition;

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
