/**
 * encode and decode: an ErrataError to the bytes of any wire format and back.
 * decode never throws: hostile, truncated, oversized or foreign input comes back
 * as a typed WIRE_DECODE_FAILED / WIRE_BODY_TOO_LARGE error with the raw status.
 */

import { canonicalLocale } from "../catalog/names.js";
import { clientErrors } from "../own/client.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import { markUpstream } from "../runtime/upstream.js";
import { headerValue, parseJson, parseRetryAfter, utf8Length } from "./common.js";
import { detectFormat } from "./detect.js";
import { binary } from "./formats/binary.js";
import { envelope } from "./formats/envelope.js";
import { flat } from "./formats/flat.js";
import { google } from "./formats/google.js";
import { FORMATS } from "./formats/index.js";
import { jsonapi } from "./formats/jsonapi.js";
import { jsonrpc } from "./formats/jsonrpc.js";
import { problem } from "./formats/problem.js";
import { materialize } from "./resolve.js";
import type { DecodeOptions, DecodeResult, Encoded, EncodeOptions, WireFormat } from "./types.js";

/** Default limit on the size of a body to decode. */
export const DEFAULT_MAX_BYTES = 1024 * 1024;

/**
 * Encode an error in a wire format, with the status and headers to send.
 * The switch gives each format's encoder its own call site, which V8 can inline;
 * `FORMATS[format].encode(...)` made one call site see seven functions.
 */
export function encode(error: ErrataError, format: WireFormat, options: EncodeOptions = {}): Encoded {
  switch (format) {
    case "problem":
      return problem.encode(error, options);
    case "jsonapi":
      return jsonapi.encode(error, options);
    case "google":
      return google.encode(error, options);
    case "envelope":
      return envelope.encode(error, options);
    case "flat":
      return flat.encode(error, options);
    case "jsonrpc":
      return jsonrpc.encode(error, options);
    case "binary":
      return binary.encode(error, options);
    default:
      throw new TypeError(`unknown wire format ${String(format)}`);
  }
}

/** A format's fields of a body, each format's decoder at its own call site (as in `encode`). */
function fieldsOf(format: WireFormat, body: unknown) {
  switch (format) {
    case "problem":
      return problem.decode(body);
    case "jsonapi":
      return jsonapi.decode(body);
    case "google":
      return google.decode(body);
    case "envelope":
      return envelope.decode(body);
    case "flat":
      return flat.decode(body);
    case "jsonrpc":
      return jsonrpc.decode(body);
    case "binary":
      return binary.decode(body);
    default:
      return `unknown wire format ${String(format)}`;
  }
}

const text = new TextDecoder("utf-8", { fatal: true });

function failure(reason: string, status: number | undefined, format?: WireFormat): DecodeResult {
  return {
    ok: false,
    ...(format ? { format } : {}),
    error: markUpstream(
      clientErrors.WIRE_DECODE_FAILED(
        { reason, ...(format ? { format } : {}), ...(status !== undefined ? { status } : {}) },
        { stack: false },
      ),
    ),
  };
}

/** How deep, and how many values, decoded details may hold: within what every encoder writes back. */
export const MAX_DETAILS_DEPTH = 32;
export const MAX_DETAILS_VALUES = 10_000;

/** True when parsed JSON stays within MAX_DETAILS_DEPTH levels and MAX_DETAILS_VALUES values. */
function withinBounds(details: unknown): boolean {
  if (details === undefined) return true;
  // Most details are one flat record: no walk needed.
  let nested = false;
  let count = 0;
  for (const key in details as Record<string, unknown>) {
    if (++count > MAX_DETAILS_VALUES) return false;
    const value = (details as Record<string, unknown>)[key];
    if (typeof value === "object" && value !== null) {
      nested = true;
      break;
    }
  }
  if (!nested) return true;
  let budget = MAX_DETAILS_VALUES;
  const stack: [unknown, number][] = [[details, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (--budget < 0 || depth >= MAX_DETAILS_DEPTH) return false;
    if (typeof value === "object" && value !== null) {
      for (const child of Array.isArray(value) ? value : Object.values(value)) {
        if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
        else if (--budget < 0) return false;
      }
    }
  }
  return true;
}

/**
 * Decode a body (text, bytes, or already parsed JSON) into a typed error, marked
 * as upstream (runtime/upstream.ts): it is another service's error, not this API's.
 */
export function decode(input: unknown, options: DecodeOptions = {}): DecodeResult {
  const status = options.status;
  try {
    const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : input;
    // A string of n UTF-16 units has at most 3n UTF-8 bytes: only count when that could pass the limit.
    const size =
      typeof bytes === "string"
        ? bytes.length * 3 > max
          ? utf8Length(bytes)
          : bytes.length
        : bytes instanceof Uint8Array
          ? bytes.byteLength
          : 0;
    if (size > max) {
      return {
        ok: false,
        error: markUpstream(
          clientErrors.WIRE_BODY_TOO_LARGE(
            { size, limit: max, ...(status !== undefined ? { status } : {}) },
            { stack: false },
          ),
        ),
      };
    }
    let body: unknown = bytes;
    const binaryHint = options.format === "binary" || FORMATS.binary.matches(bytes);
    if (bytes instanceof Uint8Array && !binaryHint) {
      try {
        body = text.decode(bytes);
      } catch {
        return failure("the body is not valid UTF-8", status);
      }
    }
    if (typeof body === "string") {
      if (body.trim() === "") return failure("the body is empty", status);
      try {
        body = parseJson(body);
      } catch {
        return failure("the body is not JSON", status);
      }
    }
    const format = options.format ?? detectFormat(body, options.contentType);
    if (!format) return failure("the body is in no known error format", status);
    const fields = fieldsOf(format, body);
    if (typeof fields === "string") return failure(fields, status, format);
    fields.requestId ??= headerValue(options.headers, "x-request-id");
    fields.retryAfter ??= parseRetryAfter(headerValue(options.headers, "retry-after"));
    // RFC 9110 §8.5: the body's text is in this language.
    const contentLanguage = headerValue(options.headers, "content-language");
    if (contentLanguage !== undefined && fields.localized === undefined && fields.message !== undefined) {
      const language = canonicalLocale(contentLanguage.split(",")[0]?.trim() ?? "");
      if (language !== undefined) fields.localized = { locale: language, message: fields.message };
    }
    // Details too deep or too large for an encoder to write again are refused here, not later on a server.
    if (!withinBounds(fields.details))
      return failure("the details are nested too deeply or are too large", status, format);
    const { error, known } = materialize(fields, options.catalogs ?? [], status, body);
    return { ok: true, format, error, known };
  } catch (error) {
    return failure(
      error instanceof RangeError ? "the body is nested too deeply" : "the body could not be read",
      status,
    );
  }
}
