/**
 * The nested envelope (GitClaw): {"error":{code, message, details}, "meta":{requestId}}.
 * Hints (status, retry advice, docs, suggestion) go in `meta`, beside the request id.
 */
import {
  bool,
  isRecord,
  type JsonRecord,
  jsonEncoded,
  nonEmpty,
  num,
  put,
  rec,
  requestIdOf,
  status,
  str,
  suggestion,
} from "../common.js";
import type { Format } from "../types.js";

const CONTENT_TYPE = "application/json";

export const envelope: Format = {
  name: "envelope",
  contentType: CONTENT_TYPE,
  encode(error, options) {
    const e: JsonRecord = { code: error.code, message: error.message };
    put(e, "details", nonEmpty(error.details));
    put(e, "subcode", error.subcode);
    put(e, "reason", error.reason);
    const meta: JsonRecord = {};
    put(meta, "requestId", requestIdOf(error, options));
    put(meta, "traceId", options.traceId);
    if (options.hints ?? true) {
      if (error.name !== error.code) meta.name = error.name;
      meta.status = error.status;
      meta.retryable = error.retryable;
      put(meta, "retryAfter", error.retryAfter);
      put(meta, "docs", error.docs);
      put(meta, "suggestion", suggestion(error));
    }
    const body: JsonRecord = { error: e };
    for (const _ in meta) {
      body.meta = meta;
      break;
    }
    return jsonEncoded("envelope", error, options, CONTENT_TYPE, body);
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
