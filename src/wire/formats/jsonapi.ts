/**
 * JSON:API error objects: {"errors":[{id, status, code, title, detail, source, links.about, meta}]}.
 * `source` points at the offending field, query parameter or header; a validation
 * error with several field violations is one error object per violation, each with
 * its own `source.pointer` (the first carries the meta). The catalog's wire extension
 * fields are members of `meta`.
 */
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
import { constantMember, member, object, quoteConstant } from "../json.js";
import type { Format } from "../types.js";
import { type FieldViolation, jsonPointer, violations } from "./problem.js";

const CONTENT_TYPE = "application/vnd.api+json";

/** A violation's pointer: where it is in the request body, else under the primary data's attributes. */
function attributePointer(v: FieldViolation): string {
  return v.inBody ? jsonPointer(v.path) : `/data/attributes${jsonPointer(v.path)}`;
}

/** errata's own members of an error object's meta. */
const OWN_META = new Set([...ERRATA_MEMBERS, "meta"]);

/**
 * A catalog's wire extension fields as members of the error object's `meta`, where
 * JSON:API APIs put them (Snyk's `meta.classification`, read there by Snyk's own
 * decoder). A field named like one of errata's members stays under `meta.meta`, so
 * neither is lost and no member is written twice.
 */
function extensionMembers(extensions: Readonly<Record<string, unknown>> | undefined): string {
  if (extensions === undefined) return "";
  let text = "";
  let clashing: Record<string, unknown> | undefined;
  for (const key in extensions) {
    if (!OWN_META.has(key)) text += `,${quoteConstant(key)}:${JSON.stringify(extensions[key])}`;
    else {
      clashing ??= {};
      clashing[key] = extensions[key];
    }
  }
  return text + member(',"meta":', clashing);
}

export const jsonapi: Format = {
  name: "jsonapi",
  contentType: CONTENT_TYPE,
  encode(error, options) {
    const requestId = requestIdOf(error, options);
    const d = error.details as Record<string, unknown>;
    const fields = violations(error);
    const source =
      typeof d.header === "string"
        ? { header: d.header }
        : typeof d.parameter === "string"
          ? { parameter: d.parameter }
          : fields?.[0] !== undefined
            ? { pointer: attributePointer(fields[0]) }
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
    meta += extensionMembers(wireMeta(error));
    const httpStatus = httpStatusOf(error, options, "jsonapi");
    // What every error object of the document shares: the occurrence, status, code and title.
    let head = member(',"id":', requestId);
    head += member(',"status":', String(httpStatus));
    head += constantMember(',"code":', error.code);
    head += error.localized ? member(',"title":', titleOf(error)) : constantMember(',"title":', titleOf(error));
    const links = error.docs ? `,"links":{"about":${quoteConstant(error.docs)}}` : "";
    const item = `${head}${member(',"detail":', textOf(error))}${member(',"source":', source)}`;
    let text = object(`${item}${links},"meta":${object(meta)}`);
    // Each further violation: an error object of its own, with its detail and pointer.
    if (source && "pointer" in source && fields) {
      for (const v of fields.slice(1)) {
        const at = { pointer: attributePointer(v) };
        text += `,${object(`${head}${member(',"detail":', v.detail)}${member(',"source":', at)}${links}`)}`;
      }
    }
    return jsonEncoded("jsonapi", error, options, CONTENT_TYPE, `{"errors":[${text}]}`, httpStatus);
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
      details: rec(meta.details) ?? pointed((body as { errors: unknown[] }).errors),
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

/** Another server's error objects that point at fields: each one's pointer and detail, as violations. */
function pointed(errors: readonly unknown[]): Record<string, unknown> | undefined {
  const violations = errors.filter(isRecord).flatMap((e) => {
    const pointer = str(rec(e.source)?.pointer);
    return pointer === undefined ? [] : [{ pointer, detail: str(e.detail) ?? str(e.title) ?? "" }];
  });
  return violations.length > 0 ? { violations } : undefined;
}

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
