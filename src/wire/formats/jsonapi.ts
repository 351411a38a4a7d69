/**
 * JSON:API error objects: {"errors":[{id, status, code, title, detail, source, links.about, meta}]}.
 * `source` points at the offending field, query parameter or header.
 */
import { titleCase } from "../../catalog/build.js";
import { bool, isRecord, jsonEncoded, nonEmpty, num, rec, requestIdOf, status, str, suggestion } from "../common.js";
import { constantMember, member, object, quoteConstant } from "../json.js";
import type { Format } from "../types.js";
import { pointerToken, violations } from "./problem.js";

const CONTENT_TYPE = "application/vnd.api+json";

export const jsonapi: Format = {
  name: "jsonapi",
  contentType: CONTENT_TYPE,
  encode(error, options) {
    const requestId = requestIdOf(error, options);
    const d = error.details as Record<string, unknown>;
    const field = violations(error)?.[0]?.field;
    const source =
      typeof d.header === "string"
        ? { header: d.header }
        : typeof d.parameter === "string"
          ? { parameter: d.parameter }
          : field !== undefined
            ? { pointer: `/data/attributes/${pointerToken(field)}` }
            : undefined;
    let meta = "";
    if (error.name !== error.code) meta += constantMember(',"name":', error.name);
    meta += member(',"details":', nonEmpty(error.details));
    meta += member(',"subcode":', error.subcode);
    meta += member(',"reason":', error.reason);
    meta += member(',"retryable":', error.retryable);
    meta += member(',"retryAfter":', error.retryAfter);
    meta += constantMember(',"suggestion":', suggestion(error));
    meta += member(',"requestId":', requestId);
    meta += member(',"traceId":', options.traceId);
    let item = member(',"id":', requestId);
    item += member(',"status":', String(error.status));
    item += constantMember(',"code":', error.code);
    item += constantMember(',"title":', error.definition?.title ?? titleCase(error.name));
    item += member(',"detail":', error.message);
    item += member(',"source":', source);
    if (error.docs) item += `,"links":{"about":${quoteConstant(error.docs)}}`;
    item += `,"meta":${object(meta)}`;
    return jsonEncoded("jsonapi", error, options, CONTENT_TYPE, `{"errors":[${object(item)}]}`);
  },
  decode(body) {
    const first = isRecord(body) && Array.isArray(body.errors) ? body.errors[0] : undefined;
    if (!isRecord(first)) return "a JSON:API error document needs a non-empty errors array";
    const meta = rec(first.meta) ?? {};
    return {
      code: str(first.code),
      name: str(meta.name),
      message: str(first.detail) ?? str(first.title),
      status: status(first.status),
      details: rec(meta.details),
      retryable: bool(meta.retryable),
      retryAfter: num(meta.retryAfter),
      subcode: str(meta.subcode),
      reason: str(meta.reason),
      requestId: str(meta.requestId) ?? str(first.id),
    };
  },
  matches: (body) =>
    isRecord(body) &&
    Array.isArray(body.errors) &&
    body.errors.length > 0 &&
    !("data" in body) &&
    onlyMembers(body, TOP_LEVEL) &&
    body.errors.every((e) => isRecord(e) && onlyMembers(e, ERROR_OBJECT)),
};

/** Members JSON:API allows at the top level of an error document, and in an error object. */
const TOP_LEVEL = new Set(["errors", "meta", "jsonapi", "links", "included"]);
const ERROR_OBJECT = new Set(["id", "links", "status", "code", "title", "detail", "source", "meta"]);

/**
 * JSON:API is told apart by its own rules: no member it does not define, save 1.1's
 * extension members (`ext:name`). GitHub's {message, errors: [{resource, field}]} is not it.
 */
function onlyMembers(value: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const key in value) if (!allowed.has(key) && !key.includes(":")) return false;
  return true;
}
