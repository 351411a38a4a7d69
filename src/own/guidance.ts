/**
 * The prose of errata's own errors: what causes each and how to fix it. It is
 * kept apart from the catalog's runtime part (own/catalog.ts) so that browser
 * bundles of errata/client and errata/wire do not carry it; `errataCatalog`
 * (own/documented.ts) joins the two for docs and explain.
 */
import type { ErrorInput } from "../catalog/schema.js";
import { findingGuidance } from "./findingRules.js";

type Prose = Pick<ErrorInput, "description" | "causes" | "solutions">;

export const guidance: Readonly<Record<string, Prose>> = {
  CATALOG_NOT_FOUND: {
    causes: ["The path is wrong or relative to another directory", "No errata.yaml in the current directory"],
    solutions: ["Pass the catalog with --catalog <file>", "Run errata from the directory holding errata.yaml"],
  },
  CATALOG_UNREADABLE: {
    causes: ["Permission denied", "The path is a directory"],
    solutions: ["Check the file's permissions and that it is a regular file"],
  },
  CATALOG_SYNTAX: {
    causes: ["Malformed YAML or JSON: bad indentation, an unclosed quote or bracket, a tab"],
    solutions: ["Fix the syntax at the line and column given"],
  },
  CATALOG_INVALID: {
    causes: [
      "An unknown or misspelt field",
      "A value of the wrong type",
      "A duplicate name or code",
      "A code that does not fit the catalog's code style",
    ],
    solutions: ["Fix each problem at the file:line:column given; `did you mean` names the likely field"],
  },
  CATALOG_INCLUDE_CYCLE: {
    causes: ["Two catalogs include each other, directly or through others"],
    solutions: ["Move the shared errors into a base catalog that includes nothing"],
  },
  UNKNOWN_ERROR: {
    causes: ["A misspelt name or code", "The error lives in another catalog"],
    solutions: ["Use one of the suggested names", "Pass the right catalog with --catalog"],
  },
  WIRE_DECODE_FAILED: {
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
    causes: ["A misbehaving or hostile server sent an oversized error body"],
    solutions: ["Raise `maxBytes` if such bodies are expected"],
  },
  WIRE_NO_HTTP_STATUS: {
    causes: [
      "An error the catalog declares with `status: none` (a CLI's or an SDK's) was encoded in an HTTP format: problem, JSON:API, Google, envelope or flat",
    ],
    solutions: [
      "Send it over a transport that needs no HTTP status (JSON-RPC, MCP, the binary frame)",
      "Or map it explicitly: encode(error, format, { httpStatus: 500 })",
      "Or give the error a status in the catalog",
    ],
  },
  INTERNAL_ERROR: {
    description: "An unexpected failure; its details are in the server's log under the trace id.",
    causes: ["A bug or an unavailable dependency on the server"],
    solutions: ["Retry with exponential backoff", "Report it with the trace id if it persists"],
  },
  UPSTREAM_FAILED: {
    description:
      "A call to another service failed while this request was handled. What that service said stays in this server's log under the trace id: it may name internal hosts, tokens or tenants.",
    causes: ["A dependency answered with an error, or could not be reached"],
    solutions: ["Retry with exponential backoff", "Report it with the trace id if it persists"],
  },
  UPSTREAM_TIMEOUT: {
    description: "A call to another service timed out while this request was handled.",
    causes: ["A dependency is slow or overloaded"],
    solutions: ["Retry with exponential backoff", "Report it with the trace id if it persists"],
  },
  VALIDATION_ERROR: {
    causes: ["A field is missing, of the wrong type or out of range"],
    solutions: ["Fix the fields listed in violations and send the request again"],
  },
  INVALID_JSON: {
    causes: ["The body is not well-formed JSON"],
    solutions: ["Validate the JSON syntax of the body"],
  },
  REQUEST_REJECTED: {
    description: "The framework refused the request with a 4xx status (a body too large, a media type not supported…).",
    causes: ["The request broke a limit or a rule the server's framework enforces"],
    solutions: ["Check the status and the reason, then fix the request"],
  },
  ROUTE_NOT_FOUND: {
    causes: ["A wrong path or method", "An API version that does not have this route"],
    solutions: ["Check the path and method against the API reference"],
  },
  NETWORK_ERROR: {
    description: "The request got no HTTP response: the connection was refused, reset or could not be made.",
    causes: ["The server is down or restarting", "A network or DNS failure", "The connection was reset"],
    solutions: ["errata's client retries it with backoff when the request is safe to repeat"],
  },
  RESPONSE_NOT_JSON: {
    description:
      "`json()` was called and the server answered with success, but its body does not parse as JSON. The request ran: it is not retried.",
    causes: ["The endpoint returns text, HTML or a file", "A proxy answered with its own page"],
    solutions: ["Call `fetch()` for bodies that are not JSON", "Check the URL and the proxy in front of the API"],
  },
  OPTION_UNKNOWN: {
    description:
      "An options object named a key errata does not know. It is refused, not ignored: a misspelt option (catalog for catalogs) would otherwise leave its default in force without a word.",
    causes: ["A misspelt option", "An option of another function or of a newer errata"],
    solutions: ["Use the option the message suggests", "Check the options in the function's documentation"],
  },
  RESPONSE_TOO_LARGE: {
    description:
      "`json()` read a successful response whose body is longer than the client's `maxBodyBytes`: it stopped reading there rather than hold the whole body in memory. The request ran: it is not retried.",
    causes: [
      "The endpoint returns more than the client expects (an export, an unpaginated list)",
      "A misbehaving or hostile server",
    ],
    solutions: [
      "Paginate, or read the body as a stream with `fetch()`",
      "Raise `maxBodyBytes` for this client if the size is expected",
    ],
  },
  REDIRECT_REFUSED: {
    description:
      "The client follows a redirect only when it cannot leak the caller's headers or repeat a write: same origin, and a write only when it becomes a GET (301, 302, 303).",
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
    causes: ["A slow or overloaded server", "A per-attempt timeout set too short"],
    solutions: ["Raise `timeout` if the operation is slow by nature"],
  },
  DEADLINE_EXCEEDED: {
    description: "The overall deadline of a call ran out, or the next retry would have started after it.",
    causes: ["The server stayed unavailable for longer than the deadline", "A Retry-After beyond the deadline"],
    solutions: ["Give the call a longer deadline, or try again later"],
  },
  REQUEST_ABORTED: {
    causes: ["The AbortSignal passed to the call was aborted"],
    solutions: ["Nothing to fix if the abort was intended"],
  },
  CIRCUIT_OPEN: {
    description:
      "Recent calls failed so often that the client stopped sending requests. It lets one probe through after the break; its success closes the circuit.",
    causes: ["The server is down or failing most requests"],
    solutions: ["Wait until probeAt (retryAfter seconds); the circuit closes itself when the server recovers"],
  },
  IDEMPOTENCY_KEY_MISSING: {
    causes: ["A write that may be retried was sent without an idempotency key"],
    solutions: ["Send a unique key (a UUID) per logical operation, and the same key on each retry of it"],
  },
  IDEMPOTENCY_KEY_REUSED: {
    causes: ["A key was reused for another operation or another payload"],
    solutions: ["Use a new key for each new operation; reuse a key only to retry the same request"],
  },
  IDEMPOTENCY_IN_PROGRESS: {
    causes: ["A retry arrived while the first attempt with the same key was still being processed"],
    solutions: ["Retry after a moment: the first attempt's response will be replayed"],
  },
  SIGNATURE_HEADERS_MISSING: {
    causes: ["The request was not signed, or a proxy dropped its signature headers"],
    solutions: ["Sign the request and send its nonce and timestamp"],
  },
  SIGNATURE_EXPIRED: {
    causes: ["The request was signed too long ago", "The client's clock is out of sync"],
    solutions: ["Sign again with the current time; check the clock's sync"],
  },
  REPLAY_ATTACK: {
    causes: ["A nonce was reused to sign a different action"],
    solutions: ["Generate a new nonce per operation; reuse a nonce only to retry the same operation"],
  },
  COST_OVER_LIMIT: {
    description:
      "The rate-limit guard weighs this request at more units than the limit holds in a whole window, so waiting cannot help: it is refused at once, with no Retry-After.",
    causes: ["A batch or an export whose cost grows with its size", "A limit set lower than the API's largest request"],
    solutions: [
      "Split the request into smaller ones",
      "Operators: raise the limit, or lower the cost of such requests",
    ],
  },
  RATE_LIMITED: {
    causes: ["Too many requests for this key within the window"],
    solutions: ["Wait for the Retry-After delay, then retry; spread requests out"],
  },
  CALLER_DENIED: {
    description:
      "The rate-limit guard's deny list names this caller (its address, or the key the server derives from it).",
    causes: ["The caller's address or key is on the server's deny list"],
    solutions: ["Do not retry; ask the API's operators why the caller is denied"],
  },
  OPERATION_ERROR_UNDECLARED: {
    description:
      "Only with `strict: true`, meant for tests: the operation answered with an error its catalog entry does not list. Without `strict`, the caller gets the error and a warning is logged once per operation and error.",
    causes: [
      "The code raises an error the catalog does not declare for the operation",
      "The catalog's operation lists fewer errors than its handler raises",
    ],
    solutions: [
      "Add the error to the operation's `errors` (or to `commonErrors`) in the catalog",
      "Raise one of the errors the operation declares instead",
    ],
  },
  GUARD_MISCONFIGURED: {
    description:
      "A guard could not see what it must check, such as the bytes of the request body or the client's address, and refused rather than guess. The server's log says what to change.",
    causes: [
      "The idempotency guard runs where no body parser has read a body of this content type",
      "The rate-limit guard has no key for the request: the adapter did not know the client's address and no `key` function gave one",
    ],
    solutions: [
      "Operators: put a parser for every accepted content type before the guard (express.raw(), express.text()), or set req.rawBody",
      "Operators: give guardFetch an `address` function for your runtime, or the rate-limit guard a `key` function",
    ],
  },
  STORE_UNAVAILABLE: {
    description:
      "The store behind a guard did not answer; the guard refused the request rather than risk running it twice or unchecked.",
    causes: ["Redis or the SQLite file is down, unreachable or locked for too long"],
    solutions: ["Retry with backoff; operators: check the store"],
  },
  OUTPUT_REFUSED: {
    description:
      "errata writes generated files only inside the output folder, and never through a symbolic link: a catalog and the checkout it is built in may be untrusted (a pull request in CI).",
    causes: [
      "A folder inside the output folder is a symbolic link (planted, or left by another tool)",
      "A generated name would climb out of the output folder",
      "A folder stands where a generated file should go",
    ],
    solutions: [
      "Delete the output folder and generate it again, or point --out at a fresh folder",
      "Replace the symbolic link with a real folder if you meant to write there",
    ],
  },
  CLI_USAGE: {
    causes: ["A missing argument or an unknown option"],
    solutions: ["Run errata --help"],
  },
  OUTCOME_UNKNOWN: {
    causes: [
      "The connection dropped, or the call timed out, after a tool that is not idempotent was called",
      "The server may have run the write: repeating it blindly could run it twice",
    ],
    solutions: [
      "Read the state the tool changes (a get tool) before calling it again",
      "Give the tool an idempotency key, so that errata's caller can retry it safely",
    ],
  },
  TRAFFIC_UNREADABLE: {
    causes: [
      "The file is missing, or is not a HAR 1.2 file or NDJSON log",
      "The HAR file is cut short or is not JSON",
      "One HAR entry or log line is larger than errata reads (64 MiB)",
    ],
    solutions: [
      "Export the HAR again from the browser or proxy",
      "Give verify the log file itself, one JSON record a line",
    ],
  },
  SCAN_UNAVAILABLE: {
    causes: ["The typescript package is not installed where errata runs", "No source files under the paths given"],
    solutions: ["npm install --save-dev typescript", "Give scan the folders or files of the server's source"],
  },
  ...findingGuidance,
};
