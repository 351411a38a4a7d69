/**
 * The flat body (Aragora): {"error": <message>, code, details, suggestion, trace_id},
 * and its webhook error event {"event", "timestamp", "data": {…, "error": {code, message, trace_id}}}.
 * Hints (status, retryable, retry_after, docs_url) are extra top-level members.
 */
import type { ErrataError } from "../../runtime/ErrataError.js";
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
import { constantMember, member, quote, quoteConstant } from "../json.js";
import type { EncodeOptions, Format, WireFields } from "../types.js";

const CONTENT_TYPE = "application/json";

export const flat: Format = {
  name: "flat",
  contentType: CONTENT_TYPE,
  encode(error, options) {
    let text = `{"error":${quote(textOf(error))},"code":${quoteConstant(error.code)}`;
    text += member(',"details":', nonEmpty(error.details));
    text += constantMember(',"suggestion":', suggestion(error));
    text += member(',"trace_id":', requestIdOf(error, options) ?? options.traceId);
    text += member(',"subcode":', error.subcode);
    text += member(',"reason":', error.reason);
    text += member(',"meta":', wireMeta(error));
    const httpStatus = httpStatusOf(error, options, "flat");
    if (options.hints ?? true) {
      if (error.name !== error.code) text += constantMember(',"name":', error.name);
      text += member(',"status":', httpStatus);
      text += member(',"retryable":', error.retryable);
      text += member(',"retry_after":', error.retryAfter);
      text += constantMember(',"docs_url":', error.docs);
    }
    return jsonEncoded("flat", error, options, CONTENT_TYPE, `${text}}`, httpStatus);
  },
  decode(body) {
    if (!isRecord(body)) return "a flat error body is a JSON object";
    if (isRecord(body.data) && isRecord(body.data.error)) {
      const e = body.data.error;
      return { code: str(e.code), message: str(e.message), requestId: str(e.trace_id) };
    }
    if (str(body.code) === undefined) return "a flat error body needs a code";
    const fields: WireFields = {
      code: str(body.code),
      name: str(body.name),
      message: str(body.error),
      status: status(body.status),
      details: rec(body.details) ?? (typeof body.details === "string" ? { context: body.details } : undefined),
      retryable: bool(body.retryable),
      retryAfter: num(body.retry_after),
      subcode: str(body.subcode),
      reason: str(body.reason),
      requestId: str(body.trace_id),
    };
    return fields;
  },
  matches: (body) =>
    isRecord(body) &&
    ((typeof body.error === "string" && typeof body.code === "string") ||
      (typeof body.event === "string" && isRecord(body.data) && isRecord(body.data.error))),
};

export interface WebhookEvent {
  /** Event name, such as "debate.failed". */
  readonly event: string;
  /** ISO 8601 time; defaults to now. */
  readonly timestamp?: string;
  /** The event's own data, beside which the error is placed. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A webhook error event carrying the error as {code, message, trace_id}. */
export function webhookEvent(error: ErrataError, event: WebhookEvent, options: EncodeOptions = {}): string {
  return JSON.stringify({
    event: event.event,
    timestamp: event.timestamp ?? new Date().toISOString(),
    data: {
      ...event.data,
      error: {
        code: error.code,
        message: error.message,
        trace_id: requestIdOf(error, options) ?? options.traceId,
      },
    },
  });
}
