/**
 * Resolve decoded fields against the client's catalogs: by code, by name, or, when
 * a JSON-RPC number is shared by several errors (TraceMem's -32603), by matching the
 * message against each candidate's template, which also recovers its details.
 * Unknown codes become a generic ErrataError that keeps the code, status and body.
 */

import type { Kind } from "../catalog/kinds.js";
import { findError } from "../catalog/lookup.js";
import type { Catalog, DetailField, ErrorDefinition } from "../catalog/model.js";
import { retryableFor } from "../catalog/retry.js";
import { renderTemplate } from "../catalog/template.js";
import { ErrataError } from "../runtime/ErrataError.js";
import { isRecord, parseJson } from "./common.js";
import { metadataKey, NOT_DETAILS } from "./formats/google.js";
import { reservedCode } from "./formats/jsonrpc.js";
import type { WireFields } from "./types.js";

/**
 * The values of a template's parameters in a message, or undefined when it does not
 * fit. Linear in the message, whatever the template: the first and last literals are
 * anchored at the ends, and each literal between them is found at its first place
 * after the previous one (an `indexOf`, no backtracking). The earliest place is the
 * right one: it leaves the most room for what follows, and it is where a lazy
 * `^…(.*?)…$` pattern would put it, so each parameter takes the shortest text.
 */
export function templateValues(parts: readonly string[], message: string): string[] | undefined {
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  if (parts.length === 1) return first === message ? [] : undefined;
  const end = message.length - last.length;
  if (end < first.length || !message.startsWith(first) || !message.endsWith(last)) return undefined;
  const values: string[] = [];
  let at = first.length;
  for (let i = 2; i < parts.length - 1; i += 2) {
    const literal = parts[i] as string;
    const found = message.indexOf(literal, at);
    if (found < 0 || found + literal.length > end) return undefined;
    values.push(message.slice(at, found));
    at = found + literal.length;
  }
  values.push(message.slice(at, end));
  return values;
}

function typed(field: DetailField | undefined, text: string): unknown {
  if ((field?.type === "integer" || field?.type === "number") && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (field?.type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}

/** The details a message was rendered from, when it matches the template. */
export function matchTemplate(def: ErrorDefinition, message: string): Record<string, unknown> | undefined {
  // An ICU message (plurals, selects) cannot be read backwards into its values.
  if (def.message.format) return undefined;
  if (def.message.params.length === 0) return def.message.source === message ? {} : undefined;
  const values = templateValues(def.message.parts, message);
  if (!values) return undefined;
  const details: Record<string, unknown> = {};
  for (let i = 1; i < def.message.parts.length; i += 2) {
    const name = def.message.parts[i] as string;
    details[name] = typed(
      def.details.find((f) => f.name === name),
      values[(i - 1) / 2] ?? "",
    );
  }
  return details;
}

interface Resolution {
  readonly def: ErrorDefinition;
  readonly details?: Record<string, unknown>;
}

function byJsonRpc(
  fields: WireFields,
  catalogs: readonly Catalog[],
  httpStatus: number | undefined,
): Resolution | undefined {
  const candidates = catalogs.flatMap((c) => c.errors.filter((d) => d.jsonrpc?.code === fields.jsonrpcCode));
  if (candidates.length === 0) return undefined;
  const message = fields.message ?? "";
  const matched = candidates.flatMap((def) => {
    const details = matchTemplate(def, message);
    return details ? [{ def, details }] : [];
  });
  const pick = (list: Resolution[]) =>
    list.find((r) => httpStatus !== undefined && httpStatus !== 200 && r.def.status === httpStatus) ??
    list.find((r) => r.def.message.params.length > 0) ??
    list[0];
  if (matched.length > 0) return pick(matched);
  return pick(candidates.filter((d) => d.jsonrpc?.message === d.message.source).map((def) => ({ def })));
}

function byKey(key: string | undefined, catalogs: readonly Catalog[]): ErrorDefinition | undefined {
  if (key === undefined) return undefined;
  for (const catalog of catalogs) {
    const def = findError(catalog, key);
    if (def && (def.code === key || def.name === key)) return def;
  }
  return undefined;
}

function resolve(
  fields: WireFields,
  catalogs: readonly Catalog[],
  httpStatus: number | undefined,
): Resolution | undefined {
  const def = byKey(fields.code, catalogs) ?? byKey(fields.name, catalogs);
  if (def) return { def };
  if (fields.jsonrpcCode !== undefined) return byJsonRpc(fields, catalogs, httpStatus);
  return undefined;
}

/** The kind of an error no catalog knows, by its HTTP status. */
export const STATUS_KINDS: Readonly<Record<number, Kind>> = {
  400: "validation",
  401: "authentication",
  402: "payment",
  403: "authorization",
  404: "not_found",
  408: "timeout",
  409: "conflict",
  410: "not_found",
  422: "validation",
  429: "rate_limit",
  502: "gateway",
  503: "unavailable",
  504: "gateway",
};

function kindForStatus(status: number): Kind {
  return STATUS_KINDS[status] ?? (status < 400 ? "outcome" : status < 500 ? "validation" : "server");
}

/**
 * The message of a decoded catalog error, never with a raw `{param}` in it: the
 * server's text, else the template rendered from the details; where either would
 * keep a placeholder (a parameter the details lack), the error's title instead.
 */
function messageOf(def: ErrorDefinition, sent: string | undefined, details: Record<string, unknown>): string {
  const params = def.message.params;
  if (sent !== undefined && !hasPlaceholder(sent, params)) return sent;
  for (const p of params) if (details[p] === undefined || details[p] === null) return def.title;
  return renderTemplate(def.message, details);
}

/** True when `text` still holds one of the `{param}` placeholders. */
function hasPlaceholder(text: string, params: readonly string[]): boolean {
  if (!text.includes("{")) return false;
  for (const p of params) if (text.includes(`{${p}}`)) return true;
  return false;
}

/**
 * The wait an error known to a catalog asks for, as a raise of it would have it: the
 * server's (Retry-After, or the body's), else a numeric `retryAfter` in its details,
 * else the catalog's default delay.
 */
function retryAfterOf(
  fields: WireFields,
  details: Readonly<Record<string, unknown>>,
  def: ErrorDefinition,
): number | undefined {
  if (fields.retryAfter !== undefined) return fields.retryAfter;
  const inDetails = details.retryAfter;
  return typeof inDetails === "number" && Number.isFinite(inDetails) && inDetails >= 0
    ? inDetails
    : def.retry.delaySeconds;
}

/** A JSON number as JSON writes it. */
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** A metadata string back as the declared type: a number, a boolean, a list, object or null from its JSON. */
function fromMetadata(field: DetailField, text: string): unknown {
  if (field.nullable && text === "null") return null;
  if (field.type === "integer" || field.type === "number") return JSON_NUMBER.test(text) ? Number(text) : text;
  if (field.type === "boolean") return text === "true" ? true : text === "false" ? false : text;
  if (field.type === "array" || field.type === "object") {
    try {
      const value = parseJson(text);
      if (field.type === "array" ? Array.isArray(value) : isRecord(value)) return value;
    } catch {
      // Not JSON: kept as the text it is.
    }
  }
  return text;
}

/** A definition's metadata keys: each declared field's, and every key that is not a detail. */
interface MetadataKeys {
  readonly fields: readonly (readonly [key: string, field: DetailField])[];
  /** The declared fields', the wire extension fields', the code's and errata's hints'. */
  readonly known: ReadonlySet<string>;
}

const metadataKeysOf = new WeakMap<ErrorDefinition, MetadataKeys>();

function metadataKeys(def: ErrorDefinition): MetadataKeys {
  let keys = metadataKeysOf.get(def);
  if (!keys) {
    const fields: (readonly [string, DetailField])[] = [];
    for (const field of def.details) {
      const key = metadataKey(field.name);
      if (key !== undefined) fields.push([key, field]);
    }
    const extensions = Object.keys(def.wireMeta ?? {}).map((k) => metadataKey(k) ?? k);
    keys = { fields, known: new Set([...fields.map(([key]) => key), ...extensions, ...NOT_DETAILS]) };
    metadataKeysOf.set(def, keys);
  }
  return keys;
}

/** Metadata members that are details: strings under keys that are not `known`. */
function otherMembers(metadata: Record<string, unknown>, known: ReadonlySet<string>, into: Record<string, unknown>) {
  for (const key in metadata) {
    const value = metadata[key];
    if (typeof value === "string" && !known.has(key) && key !== "__proto__") into[key] = value;
  }
  return into;
}

/**
 * Google's ErrorInfo metadata as details: each declared field typed back, the
 * catalog's wire extension fields left out, any other member kept as its text.
 */
function metadataDetails(def: ErrorDefinition, metadata: Record<string, unknown>): Record<string, unknown> {
  const { fields, known } = metadataKeys(def);
  const details: Record<string, unknown> = {};
  for (const [key, field] of fields) {
    const text = metadata[key];
    if (typeof text === "string") details[field.name] = fromMetadata(field, text);
  }
  return otherMembers(metadata, known, details);
}

const NOT_DETAILS_SET: ReadonlySet<string> = new Set(NOT_DETAILS);

/**
 * The details of a body that carries no details member: Google's ErrorInfo
 * metadata, or, where the body had no room for them (JSON-RPC with hints off), the
 * values the message was rendered from.
 */
function detailsOnTheWire(def: ErrorDefinition, fields: WireFields): Record<string, unknown> | undefined {
  if (fields.metadata !== undefined) return metadataDetails(def, fields.metadata);
  return fields.detailsInMessage && fields.message !== undefined ? matchTemplate(def, fields.message) : undefined;
}

/** Turn decoded fields into an ErrataError, known to a catalog or generic. */
export function materialize(
  fields: WireFields,
  catalogs: readonly Catalog[],
  httpStatus: number | undefined,
  raw: unknown,
): { error: ErrataError; known: boolean } {
  const found = resolve(fields, catalogs, httpStatus);
  if (found) {
    const { def } = found;
    const details = fields.details ?? found.details ?? detailsOnTheWire(def, fields) ?? {};
    const error = new ErrataError({
      name: def.name,
      code: def.code,
      message: messageOf(def, fields.message, details),
      status: fields.status ?? def.status ?? null,
      category: def.category,
      kind: def.kind,
      details,
      retryable: fields.retryable ?? retryableFor(def, fields.subcode, fields.reason),
      retryAfter: retryAfterOf(fields, details, def),
      subcode: fields.subcode,
      reason: fields.reason,
      requestId: fields.requestId,
      definition: def,
      raw,
      upstream: true,
      stack: false,
      ...(fields.localized ? { localized: fields.localized } : {}),
    });
    return { error, known: true };
  }
  // A JSON-RPC error no catalog knows keeps its numeric code; a reserved one gets its standard name.
  const rpc = fields.jsonrpcCode;
  const reserved = rpc !== undefined ? reservedCode(rpc) : undefined;
  const status =
    fields.status ?? (httpStatus !== undefined && httpStatus >= 400 ? httpStatus : (reserved?.status ?? 500));
  const name = fields.name ?? fields.code ?? reserved?.name ?? (rpc !== undefined ? "JSONRPC_ERROR" : "UNKNOWN_ERROR");
  const error = new ErrataError({
    name,
    code: fields.code ?? (rpc !== undefined && fields.name === undefined ? String(rpc) : name),
    message: fields.message ?? reserved?.message ?? `Error ${name}`,
    status,
    kind: reserved?.kind ?? kindForStatus(status),
    details: fields.details ?? (fields.metadata ? otherMembers(fields.metadata, NOT_DETAILS_SET, {}) : {}),
    retryable: fields.retryable ?? (status === 429 || (status >= 500 && status !== 501)),
    retryAfter: fields.retryAfter,
    subcode: fields.subcode,
    reason: fields.reason,
    requestId: fields.requestId,
    raw,
    upstream: true,
    stack: false,
    ...(fields.localized ? { localized: fields.localized } : {}),
  });
  return { error, known: false };
}
