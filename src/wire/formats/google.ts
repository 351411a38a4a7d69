/**
 * Google's AIP-193 error model: {"error":{code: <HTTP status>, message, status: <gRPC
 * code name>, details: [ErrorInfo, RetryInfo, BadRequest, Help, RequestInfo, LocalizedMessage]}}:
 * Google's standard messages only, so that a strict proto3 parser that never heard of
 * errata reads the whole Status. ErrorInfo metadata is a string map with lowerCamelCase
 * keys: the code, errata's hints (errataRetryable, errataSubcode, errataReason,
 * errataSuggestion, errataTraceId; left out with hints off), the details (a list or object as its JSON text) and the
 * wire extension fields. RetryInfo's delay is a proto3 Duration. Bodies of errata
 * before 0.2 carried the hints in errata's own Any (proto/errata/v1/error_details.proto):
 * decode still reads them.
 */
import { grpcForStatus } from "../../catalog/grpc.js";
import type { ErrataError } from "../../runtime/ErrataError.js";
import {
  bool,
  httpStatusOf,
  isRecord,
  jsonEncoded,
  rec,
  requestIdOf,
  status,
  str,
  suggestion,
  wireMeta,
} from "../common.js";
import type { Format, WireFields } from "../types.js";
import { googleFieldPath, violations } from "./problem.js";

const CONTENT_TYPE = "application/json";
const TYPE = "type.googleapis.com/google.rpc.";
export const ERRATA_DETAILS_TYPE = "type.googleapis.com/errata.v1.ErrorDetails";

/** Metadata keys as made, by details key: a catalog has a few dozen, so they are kept once made. */
const METADATA_KEYS = new Map<string, string | null>();

/** A metadata key as AIP-193 wants it: lowerCamelCase (`retry_after` → `retryAfter`), at most 64 characters. */
export function metadataKey(key: string): string | undefined {
  let made = METADATA_KEYS.get(key);
  if (made === undefined) {
    const camel = key.replace(/[-_ ]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^a-zA-Z0-9]/g, "");
    const lower = camel.charAt(0).toLowerCase() + camel.slice(1);
    made = /^[a-z][a-zA-Z0-9]{0,63}$/.test(lower) ? lower : null;
    if (METADATA_KEYS.size < 1024) METADATA_KEYS.set(key, made);
  }
  return made ?? undefined;
}

/**
 * errata's hints in ErrorInfo.metadata (hints on), under keys of their own so that no
 * detail of the same name (GitClaw's `reason`) is taken for one: `errataRetryable`
 * is always there, and marks them.
 */
const HINTS = {
  retryable: "errataRetryable",
  subcode: "errataSubcode",
  reason: "errataReason",
  suggestion: "errataSuggestion",
  traceId: "errataTraceId",
} as const;
/** Metadata keys that are never details: the code, and errata's hints. */
export const NOT_DETAILS: readonly string[] = ["code", ...Object.values(HINTS)];

/** A metadata value: a string as it is, a number or boolean as text, a list, object or null as JSON (hints on). */
function metadataValue(value: unknown, whole: boolean): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return whole && typeof value === "object" ? JSON.stringify(value) : undefined;
}

/**
 * ErrorInfo.metadata: the code, errata's hints (with hints on), the details, then the
 * extension fields sent on the wire (a list joined with commas), each under a
 * lowerCamelCase key; the first value of a key wins, as metadata holds strings only.
 */
function metadata(error: ErrataError, hints: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const out: Record<string, string> = { code: error.code };
  if (hints) {
    for (const [hint, key] of Object.entries(HINTS)) if (hints[hint] !== undefined) out[key] = String(hints[hint]);
  }
  const details = error.details as Record<string, unknown>;
  for (const key in details) {
    if (!Object.hasOwn(details, key)) continue;
    const name = metadataKey(key);
    if (name === undefined || name in out) continue;
    const value = metadataValue(details[key], hints !== undefined);
    if (value !== undefined) out[name] = value;
  }
  const meta = wireMeta(error);
  if (meta === undefined) return out;
  for (const key in meta) {
    if (!Object.hasOwn(meta, key)) continue;
    const value = meta[key];
    const name = metadataKey(key);
    if (name === undefined || name in out) continue;
    if (Array.isArray(value)) out[name] = value.map(String).join(",");
    else if (value !== null && value !== undefined) out[name] = String(value);
  }
  return out;
}

/** Longest google.protobuf.Duration, in seconds (10,000 years). */
const MAX_DURATION_SECONDS = 315_576_000_000;

/**
 * Seconds as a proto3 JSON Duration: whole seconds, then 3, 6 or 9 fractional
 * digits when needed, then "s" (`30s`, `0.300s`, `0.000000100s`): never an exponent,
 * never JavaScript's `0.30000000000000004`. Undefined for what no Duration holds.
 */
export function protoDuration(seconds: number): string | undefined {
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  const clamped = Math.min(seconds, MAX_DURATION_SECONDS);
  let whole = Math.floor(clamped);
  let nanos = Math.round((clamped - whole) * 1e9);
  if (nanos >= 1e9) {
    whole += 1;
    nanos = 0;
  }
  if (nanos === 0) return `${whole}s`;
  const digits = String(nanos).padStart(9, "0");
  const fraction = digits.endsWith("000000")
    ? digits.slice(0, 3)
    : digits.endsWith("000")
      ? digits.slice(0, 6)
      : digits;
  return `${whole}.${fraction}s`;
}

export const google: Format = {
  name: "google",
  contentType: CONTENT_TYPE,
  encode(error, options) {
    const requestId = requestIdOf(error, options);
    const httpStatus = httpStatusOf(error, options, "google");
    const tip = suggestion(error);
    const details: Record<string, unknown>[] = [
      {
        "@type": `${TYPE}ErrorInfo`,
        reason: error.name,
        domain:
          options.domain ?? options.catalog?.domain ?? options.catalog?.name ?? error.definition?.catalog ?? "errata",
        metadata: metadata(
          error,
          options.hints === false
            ? undefined
            : {
                retryable: error.retryable,
                subcode: error.subcode,
                reason: error.reason,
                suggestion: tip,
                traceId: options.traceId,
              },
        ),
      },
    ];
    const retryDelay = error.retryAfter === undefined ? undefined : protoDuration(error.retryAfter);
    if (retryDelay !== undefined) details.push({ "@type": `${TYPE}RetryInfo`, retryDelay });
    const fieldViolations = violations(error)?.map((v) => ({ field: googleFieldPath(v.path), description: v.detail }));
    if (fieldViolations) details.push({ "@type": `${TYPE}BadRequest`, fieldViolations });
    if (error.docs)
      details.push({ "@type": `${TYPE}Help`, links: [{ description: tip ?? error.message, url: error.docs }] });
    if (requestId !== undefined) details.push({ "@type": `${TYPE}RequestInfo`, requestId });
    // AIP-193: `message` stays in the service's language; the caller's is a LocalizedMessage.
    if (error.localized !== undefined) {
      details.push({
        "@type": `${TYPE}LocalizedMessage`,
        locale: error.localized.locale,
        message: error.localized.message,
      });
    }
    const body = {
      error: {
        code: httpStatus,
        message: error.message,
        status: error.definition?.grpc ?? grpcForStatus(httpStatus),
        details,
      },
    };
    return jsonEncoded("google", error, options, CONTENT_TYPE, JSON.stringify(body), httpStatus);
  },
  decode(body) {
    const e = isRecord(body) ? rec(body.error) : undefined;
    if (!e) return "a Google error needs an error object";
    const byType = new Map<string, Record<string, unknown>>();
    if (Array.isArray(e.details)) {
      for (const d of e.details) {
        const type = isRecord(d) ? d["@type"] : undefined;
        if (typeof type === "string" && !byType.has(type)) byType.set(type, d as Record<string, unknown>);
      }
    }
    const info = byType.get(`${TYPE}ErrorInfo`);
    const own = byType.get(ERRATA_DETAILS_TYPE);
    const meta = rec(info?.metadata);
    // errata's hints in the metadata, marked by errataRetryable (hints on).
    const hinted = meta !== undefined && (meta.errataRetryable === "true" || meta.errataRetryable === "false");
    const delay = str(byType.get(`${TYPE}RetryInfo`)?.retryDelay);
    const seconds = delay && /^\d{1,12}(\.\d{1,9})?s$/.test(delay) ? Number(delay.slice(0, -1)) : undefined;
    const fields: WireFields = {
      code: str(own?.code) ?? str(meta?.code) ?? str(info?.reason),
      name: str(info?.reason),
      message: str(e.message),
      status: status(e.code),
      details: rec(own?.details),
      retryable: bool(own?.retryable) ?? (hinted ? meta.errataRetryable === "true" : undefined),
      retryAfter: seconds,
      subcode: str(own?.subcode) ?? (hinted ? str(meta.errataSubcode) : undefined),
      reason: str(own?.reason) ?? (hinted ? str(meta.errataReason) : undefined),
      requestId: str(byType.get(`${TYPE}RequestInfo`)?.requestId),
    };
    // ErrorInfo's metadata carries the details (an earlier errata's Any carried them whole).
    if (fields.details === undefined && meta !== undefined) fields.metadata = meta;
    const localized = byType.get(`${TYPE}LocalizedMessage`);
    const locale = str(localized?.locale);
    const text = str(localized?.message);
    if (locale !== undefined && text !== undefined) fields.localized = { locale: locale.slice(0, 35), message: text };
    return fields;
  },
  matches: (body) =>
    isRecord(body) &&
    isRecord(body.error) &&
    typeof body.error.code === "number" &&
    typeof body.error.status === "string",
};
