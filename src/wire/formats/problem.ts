/**
 * RFC 9457 `application/problem+json`: type (the error's docs URL), title, status,
 * detail, instance, and extension members for the code, details, retry advice and
 * request id; validation errors carry the RFC's `errors` array of {detail, pointer}.
 * An error without a docs URL follows §4.2.1 to the letter: type about:blank, the
 * status phrase as title, its identity in the `code` extension. (A `tag:` URI would
 * need an authority the catalog's owner controls, which errata cannot know.)
 */
import type { ErrataError } from "../../runtime/ErrataError.js";
import {
  bool,
  ERRATA_MEMBERS,
  httpStatusOf,
  isRecord,
  jsonEncoded,
  nonEmpty,
  num,
  rec,
  requestIdOf,
  status,
  str,
  suggestion,
  textOf,
  titleOf,
  wireMeta,
} from "../common.js";
import { constantMember, member, quoteConstant } from "../json.js";
import type { Format, WireFields } from "../types.js";

/** Escape a field name as a JSON Pointer token (RFC 6901). */
export function pointerToken(field: string): string {
  return field.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The steps of a field path as errata's servers write it: dotted, array indexes as numbers (`items.0.name`). */
function steps(field: string): string[] {
  return field === "" ? [] : field.split(".");
}

/** The steps of an RFC 6901 pointer (`/data/attributes/a~1b`), or undefined when it is not one. */
function pointerSteps(pointer: string): string[] | undefined {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) return undefined;
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Steps as an RFC 6901 JSON Pointer: `items.0.name` → `/items/0/name`. */
export function jsonPointer(path: readonly string[]): string {
  return path.map((s) => `/${pointerToken(s)}`).join("");
}

/** A lone UTF-16 surrogate: no URI can carry it (encodeURIComponent throws), so it becomes U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Steps as a JSON Pointer in a URI fragment (RFC 6901 §6): `#/items/0/name`, `#/first%20name`. */
export function pointerFragment(path: readonly string[]): string {
  return `#${path.map((s) => `/${encodeURIComponent(pointerToken(s).replace(LONE_SURROGATE, "\uFFFD"))}`).join("")}`;
}

/** Steps as a field path as Google's BadRequest writes it (AIP-193): `items[0].name`. */
export function googleFieldPath(path: readonly string[]): string {
  let out = "";
  for (const s of path) out += /^\d+$/.test(s) && out !== "" ? `[${s}]` : out === "" ? s : `.${s}`;
  return out;
}

/** One field violation: its detail, and where it is, as steps. */
export interface FieldViolation {
  readonly detail: string;
  readonly path: readonly string[];
  /** True when the path is the field's place in the request body itself (a server resolved it there). */
  readonly inBody: boolean;
}

/**
 * Field violations of a validation error: a `violations` details list, or its
 * `field`. A violation's `pointer` (RFC 6901, where a server found the field in the
 * request body, or another service's JSON:API pointer) wins over its `field` path.
 */
export function violations(error: ErrataError): FieldViolation[] | undefined {
  if (error.kind !== "validation") return undefined;
  const d = error.details as Record<string, unknown>;
  if (Array.isArray(d.violations)) {
    const list = d.violations.filter(isRecord).map((v) => {
      const pointer = str(v.pointer);
      const located = pointer === undefined ? undefined : pointerSteps(pointer);
      return {
        detail: str(v.detail) ?? str(v.message) ?? error.message,
        path: located ?? steps(str(v.field) ?? ""),
        inBody: located !== undefined,
      };
    });
    return list.length > 0 ? list : undefined;
  }
  for (const key of ["field", "parameter"]) {
    const field = str(d[key]);
    if (field) return [{ detail: error.message, path: steps(field), inBody: false }];
  }
  return undefined;
}

const CONTENT_TYPE = "application/problem+json";

/** The members RFC 9457 defines, and those errata writes. */
const PROBLEM_MEMBERS = new Set(["type", "title", "status", "detail", "instance", "code", ...ERRATA_MEMBERS]);

/** A foreign problem's extension members (and its title), kept as its details. */
function extensions(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const key in body) {
    if (PROBLEM_MEMBERS.has(key) && key !== "title") continue;
    out[key] = body[key];
    any = true;
  }
  return any ? out : undefined;
}

/** The recommended reason phrases of the IANA HTTP status code registry (RFC 9110 §15). */
const PHRASES: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable",
  417: "Expectation Failed",
  421: "Misdirected Request",
  422: "Unprocessable Content",
  423: "Locked",
  424: "Failed Dependency",
  425: "Too Early",
  426: "Upgrade Required",
  428: "Precondition Required",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  451: "Unavailable For Legal Reasons",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  505: "HTTP Version Not Supported",
  506: "Variant Also Negotiates",
  507: "Insufficient Storage",
  508: "Loop Detected",
  511: "Network Authentication Required",
};

/** A status's phrase; an unregistered status gets its class's. */
export function statusPhrase(status: number): string {
  return PHRASES[status] ?? (status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "Unknown Status");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The occurrence's `instance`: a request id that is a UUID as an RFC 9562 `urn:uuid:`
 * URI; any other id has no registered URN namespace to go in, so no instance.
 */
function instanceOf(requestId: string | undefined): string | undefined {
  return requestId !== undefined && UUID.test(requestId) ? `urn:uuid:${requestId.toLowerCase()}` : undefined;
}

/** The request id an instance carries: `urn:uuid:`, or the `urn:request:` of errata before 0.2. */
function requestIdOfInstance(instance: string | undefined): string | undefined {
  if (instance === undefined) return undefined;
  const m = /^urn:(uuid|request):(.+)$/i.exec(instance);
  return m ? m[2] : undefined;
}

export const problem: Format = {
  name: "problem",
  contentType: CONTENT_TYPE,
  encode(error, options) {
    const requestId = requestIdOf(error, options);
    const status = httpStatusOf(error, options, "problem");
    // RFC 9457 §4.2.1: with no type URI of its own (no docs URL), the type is about:blank and
    // the title the status phrase; the error's identity travels in the `code` extension.
    const title = error.docs ? titleOf(error) : statusPhrase(status);
    let text = `{"type":${quoteConstant(error.docs ?? "about:blank")},"title":${quoteConstant(title)}`;
    text += member(',"status":', status);
    text += member(',"detail":', textOf(error));
    text += member(',"instance":', options.instance ?? instanceOf(requestId));
    text += constantMember(',"code":', error.code);
    if (error.name !== error.code) text += constantMember(',"name":', error.name);
    text += member(',"details":', nonEmpty(error.details));
    text += member(
      ',"errors":',
      violations(error)?.map((v) => ({ detail: v.detail, pointer: pointerFragment(v.path) })),
    );
    text += member(',"subcode":', error.subcode);
    text += member(',"reason":', error.reason);
    text += member(',"retryable":', error.retryable);
    text += member(',"retryAfter":', error.retryAfter);
    text += constantMember(',"suggestion":', suggestion(error));
    text += member(',"requestId":', requestId);
    text += member(',"traceId":', options.traceId);
    text += member(',"meta":', wireMeta(error));
    return jsonEncoded("problem", error, options, CONTENT_TYPE, `${text}}`, status);
  },
  decode(body) {
    if (!isRecord(body)) return "a problem document is a JSON object";
    const instance = str(body.instance);
    const type = str(body.type);
    const code = str(body.code);
    const fields: WireFields = {
      // A problem type no catalog of errata's wrote: its type URI is its identity (RFC 9457 §3.1.1).
      code: code ?? (type !== undefined && type !== "about:blank" ? type : undefined),
      name: str(body.name),
      message: str(body.detail) ?? str(body.title),
      status: status(body.status),
      details: rec(body.details) ?? (code === undefined ? extensions(body) : undefined),
      retryable: bool(body.retryable),
      retryAfter: num(body.retryAfter),
      subcode: str(body.subcode),
      reason: str(body.reason),
      requestId: str(body.requestId) ?? requestIdOfInstance(instance),
    };
    if (fields.code === undefined && str(body.type) === undefined) return "a problem document needs a type or a code";
    return fields;
  },
  matches: (body) => isRecord(body) && ("type" in body || "title" in body) && ("status" in body || "detail" in body),
};
