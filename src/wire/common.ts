/**
 * Helpers every format shares: hostile-input-safe JSON parsing, typed field
 * pickers that never throw, the agent hints (retry, docs, suggestion) and the
 * HTTP headers an error travels with (Content-Type, Retry-After, request id, rate limits).
 */

import { localeParents } from "../catalog/locale.js";
import type { RateLimitHeaderStyle } from "../catalog/model.js";
import { titleCase } from "../catalog/names.js";
import { renderTemplate } from "../catalog/template.js";
import { clientErrors } from "../own/client.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import { deprecationHeaders } from "./deprecation.js";
import type { Encoded, EncodeOptions, RateLimitState, WireFormat } from "./types.js";

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const dropProto = (key: string, value: unknown) => (key === "__proto__" ? undefined : value);

/**
 * JSON.parse that drops `__proto__` members, so no decoded object can reach a prototype.
 * The reviver triples the cost of parsing, so it runs only when the text could hold
 * such a key: spelt out, or hidden behind a \u escape.
 */
export function parseJson(text: string): unknown {
  return text.includes("__proto__") || text.includes("\\u") ? JSON.parse(text, dropProto) : JSON.parse(text);
}

export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
export const int = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isSafeInteger(v) ? v : undefined;
export const num = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined;
export const bool = (v: unknown): boolean | undefined => (typeof v === "boolean" ? v : undefined);
export const rec = (v: unknown): JsonRecord | undefined => (isRecord(v) ? v : undefined);
export const status = (v: unknown): number | undefined => {
  const n = typeof v === "string" && /^\d{3}$/.test(v) ? Number(v) : int(v);
  return n !== undefined && n >= 100 && n <= 599 ? n : undefined;
};

/** The members errata writes beside a format's own, where the format has room: its hints, ids and details. */
export const ERRATA_MEMBERS: readonly string[] = [
  "name",
  "details",
  "subcode",
  "reason",
  "retryable",
  "retryAfter",
  "suggestion",
  "requestId",
  "traceId",
];

/** Matches any non-ASCII character. */
const NON_ASCII = /[\u0080-\uffff]/;

/** Bytes of a string in UTF-8, without encoding it (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  if (!NON_ASCII.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The details when they have a member (found without listing the keys). */
export function nonEmpty(details: unknown): JsonRecord | undefined {
  if (!isRecord(details)) return undefined;
  for (const key in details) if (Object.hasOwn(details, key)) return details;
  return undefined;
}

/** The one thing to try first: a sub-code's or reason's solution, else the error's first. */
/**
 * The HTTP status an error is sent with in an HTTP format: its own, else the
 * caller's `httpStatus` for an error the catalog gives none; without either, a
 * typed misuse error (WIRE_NO_HTTP_STATUS), never a made-up 500.
 */
export function httpStatusOf(error: ErrataError, options: EncodeOptions, format: WireFormat): number {
  const status = error.status ?? options.httpStatus;
  if (status === undefined) throw clientErrors.WIRE_NO_HTTP_STATUS({ name: error.name, format });
  return status;
}

/**
 * The message a body shows: in the language the error was raised or answered for
 * (`localized`), else the default. The code, never the text, is the identity.
 */
export function textOf(error: ErrataError): string {
  return error.localized?.message ?? error.message;
}

/** The error's title in its localized language when the catalog translates it, else its own. */
export function titleOf(error: ErrataError): string {
  const def = error.definition;
  const locale = error.localized?.locale;
  if (def && locale !== undefined) {
    // The message's own locale first (the usual case, and 0.07× of a localized encode in
    // bench/construct.ts), then the nearest parent with a title.
    const own = def.translations[locale]?.title;
    if (own !== undefined) return own;
    for (const parent of localeParents(locale)) {
      const title = def.translations[parent]?.title;
      if (title !== undefined) return title;
    }
  }
  return def?.title ?? titleCase(error.name);
}

/** The extension fields the catalog declares `wire: true`, as sent in bodies; undefined when none. */
export function wireMeta(error: ErrataError): Readonly<Record<string, unknown>> | undefined {
  return error.definition?.wireMeta;
}

/** The first solution, as an agent hint: in the error's localized language when translated, the default's otherwise. */
export function suggestion(error: ErrataError): string | undefined {
  const def = error.definition;
  if (!def) return undefined;
  let solutions = def.solutions;
  if (error.subcode || error.reason) {
    const refined =
      def.subcodes.find((s) => s.name === error.subcode)?.solutions ??
      def.reasons.find((r) => r.name === error.reason)?.solutions;
    if (refined && refined.length > 0) solutions = refined;
  }
  const first = solutions.findIndex((s) => s.text || s.title);
  if (first < 0) return undefined;
  const locale = error.localized?.locale;
  if (locale !== undefined && solutions === def.solutions) {
    // The first solution in the nearest locale that translates the solutions (fr-CA, then fr).
    const own = def.translations[locale]?.solutions?.[first];
    if (own !== undefined) return own;
    for (const parent of localeParents(locale)) {
      const translated = def.translations[parent]?.solutions?.[first];
      if (translated !== undefined) return translated;
    }
  }
  const tip = solutions[first];
  return tip?.text ?? tip?.title;
}

export function requestIdOf(error: ErrataError, options: EncodeOptions): string | undefined {
  return options.requestId ?? error.requestId;
}

/** Seconds for a Retry-After header: whole, at least 0. */
function retryAfterSeconds(seconds: number): string {
  return String(Math.max(0, Math.ceil(seconds)));
}

/**
 * An RFC 8941 sf-string: printable ASCII in double quotes, with `"` and `\\`
 * escaped. Anything else cannot be one (RangeError).
 */
export function sfString(text: string): string {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new RangeError("an sf-string must be printable ASCII");
  return `"${text.replace(/[\\"]/g, "\\$&")}"`;
}

/**
 * Add the rate-limit headers of a style: IETF `RateLimit` / `RateLimit-Policy` (one
 * list member a policy, its name an sf-string), or legacy X-RateLimit-* (the policy
 * with the fewest requests left).
 */
export function rateLimitHeaders(
  style: RateLimitHeaderStyle,
  state: RateLimitState | readonly RateLimitState[],
  out: Record<string, string>,
): void {
  const states: readonly RateLimitState[] = Array.isArray(state) ? state : [state as RateLimitState];
  if (states.length === 0) return;
  if (style === "legacy") {
    const tightest = states.reduce((a, b) => (b.remaining < a.remaining ? b : a));
    out["X-RateLimit-Limit"] = String(tightest.limit);
    out["X-RateLimit-Remaining"] = String(tightest.remaining);
    out["X-RateLimit-Reset"] = String(tightest.reset);
  } else if (style === "ietf") {
    let current = "";
    let policy = "";
    for (const s of states) {
      const name = policyName(s.policy ?? "default");
      const sep = current === "" ? "" : ", ";
      current += `${sep}${name};r=${s.remaining};t=${s.reset}`;
      policy += `${sep}${name};q=${s.limit}${s.window !== undefined ? `;w=${s.window}` : ""}`;
    }
    out.RateLimit = current;
    out["RateLimit-Policy"] = policy;
  }
}

/** Policy names as sf-strings; a server has a handful, so they are kept once made. */
const POLICY_NAMES = new Map<string, string>();

function policyName(name: string): string {
  let quoted = POLICY_NAMES.get(name);
  if (quoted === undefined) {
    quoted = sfString(name);
    if (POLICY_NAMES.size < 256) POLICY_NAMES.set(name, quoted);
  }
  return quoted;
}

/** Headers of an encoded error: Content-Type, Retry-After, X-Request-Id and rate-limit headers. */
export function errorHeaders(error: ErrataError, options: EncodeOptions, contentType: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (error.retryAfter !== undefined) headers["Retry-After"] = retryAfterSeconds(error.retryAfter);
  if (options.rateLimit) {
    rateLimitHeaders(
      options.rateLimitHeaders ?? options.catalog?.rateLimitHeaders ?? "ietf",
      options.rateLimit,
      headers,
    );
  }
  const declared = error.definition?.headers;
  if (declared) {
    for (const h of declared) {
      const value = headerText(renderTemplate(h.value, error.details as Readonly<Record<string, unknown>>));
      if (value !== "" && !h.value.params.some((p) => value.includes(`{${p}}`))) headers[h.name] = value;
    }
  }
  const deprecated = error.definition?.deprecated;
  if (deprecated) deprecationHeaders(deprecated, error.definition?.docsUrl, headers);
  // RFC 9110 §15.5.2: a 401 carries a challenge; the error's own, else the catalog's, else Bearer.
  if (error.status === 401 && headerValue(headers, "www-authenticate") === undefined)
    headers["WWW-Authenticate"] = headerText(options.catalog?.challenge ?? "Bearer");
  const requestId = requestIdOf(error, options);
  if (requestId !== undefined) headers["X-Request-Id"] = requestId;
  // RFC 9110 §8.5: the language of the body's text.
  if (error.localized !== undefined) headers["Content-Language"] = error.localized.locale;
  headers["Content-Type"] = contentType;
  return headers;
}

/** A header value from catalog text or details: no control characters (no header injection), at most 1,024 characters. */
function headerText(value: string): string {
  return value.replace(CONTROL, " ").trim().slice(0, 1024);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must go.
const CONTROL = /[\x00-\x1f\x7f]+/g;

/** A header's value, case-insensitively, from a plain record or a Headers object. */
export function headerValue(
  headers: Readonly<Record<string, string | readonly string[] | undefined>> | Headers | undefined,
  name: string,
): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  // Node lowercases incoming header names: try the direct key before scanning.
  const direct = (headers as Readonly<Record<string, string | readonly string[] | undefined>>)[wanted];
  if (typeof direct === "string") return direct;
  if (Array.isArray(direct)) return direct[0] as string | undefined;
  // Otherwise scan, without allocating: only keys of the right length are lowercased.
  for (const key in headers) {
    if (key.length !== wanted.length || key.toLowerCase() !== wanted) continue;
    const value = (headers as Readonly<Record<string, string | readonly string[] | undefined>>)[key];
    return typeof value === "string" ? value : Array.isArray(value) ? (value[0] as string | undefined) : undefined;
  }
  return undefined;
}

/** Parse Retry-After (delay-seconds or an HTTP-date) into seconds from `now`; undefined when malformed. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** An encoded JSON body (its text) with the headers every error carries. */
export function jsonEncoded(
  format: WireFormat,
  error: ErrataError,
  options: EncodeOptions,
  contentType: string,
  text: string,
  httpStatus: number,
): Encoded {
  return { format, status: httpStatus, headers: errorHeaders(error, options, contentType), body: text };
}
