/**
 * The part of errata's own catalog that errata/client and errata/wire raise, as
 * written: scripts/write-client-catalog.ts builds it into clientCatalog.ts, and
 * own/catalog.ts includes it. A module of its own, so that a browser bundle of the
 * client carries only the built data: esbuild keeps an object literal with a spread.
 */
import type { CatalogDefinition } from "../runtime/types.js";

/** What every part of errata's own catalog says of itself. */
export const ERRATA = {
  name: "errata",
  version: "0.1.0",
  title: "errata",
  description: "Errors raised by errata itself: loading catalogs, running the CLI, decoding, serving and calling APIs.",
  docsBaseUrl: "https://errata.dev/errors/",
} as const;

export const clientDefinition = {
  ...ERRATA,
  categories: {
    wire: { kind: "protocol", title: "Wire Decoding Errors", label: "Wire", status: 502, grpc: "UNAVAILABLE" },
    client: { kind: "connection", title: "Client Errors", label: "Client" },
    client_timeout: { kind: "timeout", title: "Client Timeouts", label: "Client" },
    circuit: { kind: "unavailable", title: "Circuit Breaker", label: "Client" },
    limits: { kind: "rate_limit", title: "Rate Limits", label: "Guard" },
    misuse: { kind: "server", title: "Encoding Misuse", label: "Wire", retry: "never", recovery: "report_bug" },
  },
  errors: {
    WIRE_DECODE_FAILED: {
      category: "wire",
      message: "Cannot decode the error response: {reason}",
      details: {
        reason: "string",
        format: { type: "string", description: "The format tried, when one was detected." },
        status: { type: "integer", description: "The response's HTTP status, as received." },
      },
    },
    WIRE_BODY_TOO_LARGE: {
      category: "wire",
      message: "Error body of {size} bytes exceeds the limit of {limit} bytes",
      details: { size: "integer", limit: "integer", status: "integer" },
    },
    OPTION_UNKNOWN: {
      category: "misuse",
      message: "{where} has no option {option}{hint}",
      details: { where: "string", option: "string", hint: "string" },
    },
    WIRE_NO_HTTP_STATUS: {
      category: "misuse",
      message: "{name} has no HTTP status (status: none), so it cannot be sent as {format} over HTTP",
      details: { name: "string", format: "string" },
      actor: "maintainer",
    },
    NETWORK_ERROR: {
      category: "client",
      message: "{method} {url} failed before a response: {reason}",
      details: { method: "string", url: "string", reason: "string" },
      retry: "backoff",
    },
    RESPONSE_NOT_JSON: {
      category: "wire",
      message: "{method} {url} answered {status} with a body that is not JSON",
      details: { method: "string", url: "string", status: "integer", contentType: "string" },
      retry: "never",
    },
    RESPONSE_TOO_LARGE: {
      category: "wire",
      message: "{method} {url} answered {status} with a body over the limit of {limit} bytes",
      details: { method: "string", url: "string", status: "integer", limit: "integer" },
      retry: "never",
    },
    REDIRECT_REFUSED: {
      category: "client",
      status: 502,
      message: "{method} {url} was redirected ({status}) to {location}, which the client does not follow: {reason}",
      details: { method: "string", url: "string", status: "integer", location: "string", reason: "string" },
      retry: "never",
      actor: "caller",
    },
    ATTEMPT_TIMEOUT: {
      category: "client_timeout",
      message: "{method} {url} got no response within {timeoutMs} ms",
      details: { method: "string", url: "string", timeoutMs: "integer" },
      retry: "backoff",
    },
    DEADLINE_EXCEEDED: {
      category: "client_timeout",
      message: "{method} {url} did not succeed within its deadline of {deadlineMs} ms",
      details: { method: "string", url: "string", deadlineMs: "integer", attempts: "integer" },
      retry: "never",
    },
    REQUEST_ABORTED: {
      category: "client",
      status: 499,
      message: "{method} {url} was aborted by the caller",
      details: { method: "string", url: "string" },
      retry: "never",
      actor: "caller",
    },
    CIRCUIT_OPEN: {
      category: "circuit",
      message: "Calls to {target} fail fast: the circuit is open until {probeAt}",
      details: {
        target: "string",
        probeAt: { type: "string", description: "When the next probe may go out (ISO 8601)." },
        openedAt: { type: "string", description: "When the circuit opened (ISO 8601)." },
      },
      retry: "retry_after",
    },
    COST_OVER_LIMIT: {
      category: "limits",
      status: 400,
      message: "This request costs {cost} units, more than the limit {policy} allows in any window ({limit})",
      details: { cost: "integer", limit: "integer", policy: "string" },
      retry: "never",
      actor: "caller",
    },
    RATE_LIMITED: {
      category: "limits",
      message: "Rate limit exceeded: {limit} requests per {window}",
      details: { limit: "integer", window: "string", retryAfter: "integer" },
      retry: "retry_after",
    },
  },
} as const satisfies CatalogDefinition;
