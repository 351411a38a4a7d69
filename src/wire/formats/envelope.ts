/**
 * The nested envelope (GitClaw): {"error":{code, message, details}, "meta":{requestId}}.
 * Hints (status, retry advice, docs, suggestion) go in `meta`, beside the request id.
 */
import {
  bool,
  compact,
  errorHeaders,
  isRecord,
  nonEmpty,
  num,
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
    const hints = options.hints ?? true;
    const meta = compact({
      requestId: requestIdOf(error, options),
      traceId: options.traceId,
      ...(hints
        ? {
            name: error.name !== error.code ? error.name : undefined,
            status: error.status,
            retryable: error.retryable,
            retryAfter: error.retryAfter,
            docs: error.docs,
            suggestion: suggestion(error),
          }
        : {}),
    });
    const body = {
      error: {
        code: error.code,
        message: error.message,
        details: nonEmpty(error.details),
        subcode: error.subcode,
        reason: error.reason,
      },
      meta: Object.keys(meta).length > 0 ? meta : undefined,
    };
    return {
      format: "envelope",
      status: error.status,
      headers: errorHeaders(error, options, CONTENT_TYPE),
      body: JSON.stringify(body),
    };
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
