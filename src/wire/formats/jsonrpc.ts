/**
 * JSON-RPC 2.0 errors (TraceMem) and MCP tool results. Catalog errors travel with
 * their catalog-declared JSON-RPC code, else -32000 from the server range; the
 * errata code, details and advice ride in `data` (with hints off, `data` is the
 * message, as TraceMem sends it, when the error has a JSON-RPC code of its own, and
 * else just its errata code and message, so that it can still be told apart). Errors travel with HTTP 200, except 401/403/429.
 * MCP keeps tool-execution failures apart from protocol errors: `toolResult`
 * makes the `isError: true` result an agent reads to correct itself.
 */
import type { Kind } from "../../catalog/kinds.js";
import type { ErrataError } from "../../runtime/ErrataError.js";
import {
  bool,
  int,
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
  wireMeta,
} from "../common.js";
import { constantMember, json, member, object, quote } from "../json.js";
import type { EncodeOptions, Format, WireFields } from "../types.js";

const CONTENT_TYPE = "application/json";

/** A JSON-RPC reserved code's standard name, message, and the kind and status errata gives it. */
export interface ReservedCode {
  readonly name: string;
  readonly message: string;
  readonly kind: Kind;
  readonly status: number;
}

/** The JSON-RPC 2.0 pre-defined errors (§5.1). */
export const JSONRPC_RESERVED: Readonly<Record<number, ReservedCode>> = {
  [-32700]: { name: "PARSE_ERROR", message: "Parse error", kind: "protocol", status: 400 },
  [-32600]: { name: "INVALID_REQUEST", message: "Invalid Request", kind: "protocol", status: 400 },
  [-32601]: { name: "METHOD_NOT_FOUND", message: "Method not found", kind: "not_found", status: 404 },
  [-32602]: { name: "INVALID_PARAMS", message: "Invalid params", kind: "validation", status: 400 },
  [-32603]: { name: "INTERNAL_ERROR", message: "Internal error", kind: "server", status: 500 },
};

const SERVER_ERROR: ReservedCode = { name: "SERVER_ERROR", message: "Server error", kind: "server", status: 500 };
const RESERVED_ERROR: ReservedCode = {
  name: "RESERVED_ERROR",
  message: "Reserved error",
  kind: "protocol",
  status: 500,
};

/**
 * The standard meaning of a code in the reserved range -32768 to -32000: a
 * pre-defined error, an implementation-defined server error (-32099 to -32000),
 * or a code the spec keeps for itself. Undefined for application codes.
 */
export function reservedCode(code: number): ReservedCode | undefined {
  if (code < -32768 || code > -32000) return undefined;
  return JSONRPC_RESERVED[code] ?? (code >= -32099 ? SERVER_ERROR : RESERVED_ERROR);
}

/** True when `data` is the one errata writes: its code and message as strings. */
function isErrataData(data: Record<string, unknown>): boolean {
  return typeof data.code === "string" && typeof data.message === "string";
}

/** How every JSON-RPC error errata writes begins: its id follows (a batch splices each request's in). */
export const JSONRPC_ID_PREFIX = '{"jsonrpc":"2.0","id":';

/** The JSON-RPC code of an error: its mapping, a numeric code in the server range, else -32000. */
export function jsonrpcCode(error: ErrataError): number {
  const mapped = error.definition?.jsonrpc?.code;
  if (mapped !== undefined) return mapped;
  const n = /^-?\d+$/.test(error.code) ? Number(error.code) : Number.NaN;
  return n >= -32099 && n <= -32000 ? n : -32000;
}

/** Everything an agent needs, as the JSON text of the structured `data` of an error or tool result. */
function agentData(error: ErrataError, options: EncodeOptions): string {
  let data = constantMember(',"code":', error.code);
  if (error.name !== error.code) data += constantMember(',"name":', error.name);
  data += member(',"message":', textOf(error));
  data += member(',"status":', error.status);
  data += member(',"details":', nonEmpty(error.details));
  data += member(',"subcode":', error.subcode);
  data += member(',"reason":', error.reason);
  data += member(',"retryable":', error.retryable);
  data += member(',"retryAfter":', error.retryAfter);
  data += constantMember(',"suggestion":', suggestion(error));
  data += constantMember(',"docs":', error.docs);
  data += member(',"requestId":', requestIdOf(error, options));
  data += member(',"traceId":', options.traceId);
  data += member(',"meta":', wireMeta(error));
  return object(data);
}

function fieldsOf(data: Record<string, unknown>): WireFields {
  return {
    code: str(data.code),
    name: str(data.name),
    message: str(data.message),
    status: status(data.status),
    details: rec(data.details),
    retryable: bool(data.retryable),
    retryAfter: num(data.retryAfter),
    subcode: str(data.subcode),
    reason: str(data.reason),
    requestId: str(data.requestId),
  };
}

export const jsonrpc: Format = {
  name: "jsonrpc",
  contentType: CONTENT_TYPE,
  encode(error, options) {
    const code = jsonrpcCode(error);
    const hints = options.hints ?? true;
    const mapped = error.definition?.jsonrpc?.message;
    const message = mapped ?? (code === -32000 ? textOf(error) : (JSONRPC_RESERVED[code]?.message ?? textOf(error)));
    // Hints off: TraceMem's form, the message as data, where the error's own JSON-RPC code
    // names it; otherwise the smallest data that still does, its code and message.
    const data = hints
      ? agentData(error, options)
      : mapped !== undefined || error.definition?.jsonrpc?.code !== undefined
        ? quote(textOf(error))
        : object(constantMember(',"code":', error.code) + member(',"message":', textOf(error)));
    const text = `${JSONRPC_ID_PREFIX}${json(options.id ?? null)},"error":{"code":${json(code)},"message":${quote(message)},"data":${data}}}`;
    // 200, as JSON-RPC clients expect (jayson and json-rpc-2.0 drop the error object of
    // a 401), unless the catalog's statuses table declares the error's status.
    const kept = error.definition?.jsonrpcStatus;
    const httpStatus = kept !== undefined && kept === error.status ? kept : 200;
    return jsonEncoded("jsonrpc", error, options, CONTENT_TYPE, text, httpStatus);
  },
  decode(body) {
    if (!isRecord(body)) return "a JSON-RPC response is a JSON object";
    const result = rec(body.result) ?? body;
    if (result.isError === true) {
      const structured = rec(rec(result._meta)?.[TOOL_ERROR_META]) ?? rec(rec(result.structuredContent)?.error);
      if (structured) {
        const fields = fieldsOf(structured);
        // MCP has no Content-Language: a tool error in a language says which in its structured error.
        const locale = str(structured.locale);
        if (locale !== undefined && fields.message !== undefined)
          fields.localized = { locale, message: fields.message };
        return fields;
      }
      const text = Array.isArray(result.content)
        ? result.content
            .filter(isRecord)
            .map((c) => str(c.text) ?? "")
            .join("\n")
        : "";
      return { message: text || "Tool execution failed" };
    }
    const e = rec(body.error);
    const code = e ? int(e.code) : undefined;
    if (!e || code === undefined) return "a JSON-RPC error needs error.code";
    if (isRecord(e.data) && isErrataData(e.data)) {
      const fields = fieldsOf(e.data);
      fields.jsonrpcCode = code;
      // Hints off writes only the code and the message: the details are in the message.
      if (Object.keys(e.data).length === 2) fields.detailsInMessage = true;
      return fields;
    }
    // Another server's data is its own: kept whole in the details, none of it read as errata's fields.
    if (e.data !== undefined && typeof e.data !== "string") {
      return { message: str(e.message), jsonrpcCode: code, details: { data: e.data } };
    }
    return { message: str(e.data) ?? str(e.message), jsonrpcCode: code, detailsInMessage: true };
  },
  matches: (body) =>
    isRecord(body) &&
    (body.jsonrpc === "2.0" ||
      (isRecord(body.error) && typeof body.error.code === "number" && !("status" in body.error)) ||
      body.isError === true ||
      (isRecord(body.result) && body.result.isError === true)),
};

/** Where an MCP tool error result carries errata's structured error: its `_meta`, under this key. */
export const TOOL_ERROR_META = "errata/error";

/** Options of an MCP tool error result. */
export interface ToolResultOptions extends EncodeOptions {
  /**
   * Also put the error in `structuredContent` (default false). Only for a tool with
   * no outputSchema: the MCP SDK's client checks structuredContent against a tool's
   * outputSchema even on errors, and throws -32602, so the agent would never see
   * the error. `_meta` always carries it.
   */
  readonly structuredContent?: boolean;
  /** The argument that carries the tool's idempotency key: the retry advice says to send the same one. */
  readonly keyArgument?: string;
}

/** The retry advice a model reads: when to retry and with what, or, when not to, the one most useful thing to do. */
function retryLine(error: ErrataError, tip: string | undefined, keyArgument: string | undefined): string {
  if (!error.retryable) return `Do not retry: ${tip ? tip.replace(/[.\s]+$/, "") : "change the call first"}.`;
  const after = error.retryAfter !== undefined ? `, after ${error.retryAfter} s` : "";
  return `Retry: yes${after}${keyArgument ? `, with the same ${keyArgument}` : ""}.`;
}

/**
 * An MCP tool result for a failed tool call: text written for a model (what failed,
 * the retry advice or, when a retry cannot help, the one most useful solution, the
 * suggestion, docs), and the structured error in `_meta`.
 */
export function toolResult(error: ErrataError, options: ToolResultOptions = {}) {
  const data = JSON.parse(agentData(error, options)) as Record<string, unknown>;
  // The language of its text, where HTTP would say it in Content-Language.
  if (error.localized !== undefined) data.locale = error.localized.locale;
  const lines = [`${error.code}: ${textOf(error)}`];
  const tip = suggestion(error);
  lines.push(retryLine(error, tip, options.keyArgument));
  if (tip && error.retryable) lines.push(`Suggestion: ${tip}`);
  if (error.docs) lines.push(`Docs: ${error.docs}`);
  return {
    content: [{ type: "text" as const, text: lines.join("\n") }],
    ...(options.structuredContent ? { structuredContent: { error: data } } : {}),
    _meta: { [TOOL_ERROR_META]: data },
    isError: true as const,
  };
}
