/**
 * The nested envelope (GitClaw): {"error":{code, message, details}, "meta":{requestId}}.
 * Hints (status, retry advice, docs, suggestion) go in `meta`, beside the request id.
 */
import {
  bool,
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
  wireMeta,
} from "../common.js";
import { constantMember, member, object, quote, quoteConstant } from "../json.js";
import type { Format } from "../types.js";

const CONTENT_TYPE = "application/json";

export const envelope: Format = {
  name: "envelope",
  contentType: CONTENT_TYPE,
  encode(error, options) {
    let e = `{"code":${quoteConstant(error.code)},"message":${quote(textOf(error))}`;
    e += member(',"details":', nonEmpty(error.details));
    e += member(',"subcode":', error.subcode);
    e += member(',"reason":', error.reason);
    e += member(',"meta":', wireMeta(error));
    const httpStatus = httpStatusOf(error, options, "envelope");
    let meta = member(',"requestId":', requestIdOf(error, options));
    meta += member(',"traceId":', options.traceId);
    if (options.hints ?? true) {
      if (error.name !== error.code) meta += constantMember(',"name":', error.name);
      meta += member(',"status":', httpStatus);
      meta += member(',"retryable":', error.retryable);
      meta += member(',"retryAfter":', error.retryAfter);
      meta += constantMember(',"docs":', error.docs);
      meta += constantMember(',"suggestion":', suggestion(error));
    }
    const text = meta === "" ? `{"error":${e}}}` : `{"error":${e}},"meta":${object(meta)}}`;
    return jsonEncoded("envelope", error, options, CONTENT_TYPE, text, httpStatus);
  },
  decode(body) {
    const e = isRecord(body) ? rec(body.error) : undefined;
    if (!e || str(e.code) === undefined) return "an envelope needs error.code";
    const meta = isRecord(body) ? (rec(body.meta) ?? {}) : {};
    return {
      code: str(e.code),
      name: str(meta.name),
      message: str(e.message),
      status: status(meta.status),
      details: rec(e.details),
      retryable: bool(meta.retryable),
      retryAfter: num(meta.retryAfter),
      subcode: str(e.subcode),
      reason: str(e.reason),
      requestId: str(meta.requestId),
    };
  },
  matches: (body) => isRecord(body) && isRecord(body.error) && typeof body.error.code === "string",
};
