/**
 * encode and decode: an ErrataError to the bytes of any wire format and back.
 * decode never throws: hostile, truncated, oversized or foreign input comes back
 * as a typed WIRE_DECODE_FAILED / WIRE_BODY_TOO_LARGE error with the raw status.
 */
import { ownErrors } from "../own/catalog.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import { headerValue, parseJson, parseRetryAfter, utf8Length } from "./common.js";
import { detectFormat } from "./detect.js";
import { FORMATS } from "./formats/index.js";
import { materialize } from "./resolve.js";
import type { DecodeOptions, DecodeResult, Encoded, EncodeOptions, WireFormat } from "./types.js";

/** Default limit on the size of a body to decode. */
export const DEFAULT_MAX_BYTES = 1024 * 1024;

/** Encode an error in a wire format, with the status and headers to send. */
export function encode(error: ErrataError, format: WireFormat, options: EncodeOptions = {}): Encoded {
  return FORMATS[format].encode(error, options);
}

const text = new TextDecoder("utf-8", { fatal: true });

function failure(reason: string, status: number | undefined, format?: WireFormat): DecodeResult {
  return {
    ok: false,
    ...(format ? { format } : {}),
    error: ownErrors.WIRE_DECODE_FAILED(
      { reason, ...(format ? { format } : {}), ...(status !== undefined ? { status } : {}) },
      { stack: false },
    ),
  };
}

/** Decode a body (text, bytes, or already parsed JSON) into a typed error. */
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
        error: ownErrors.WIRE_BODY_TOO_LARGE(
          { size, limit: max, ...(status !== undefined ? { status } : {}) },
          { stack: false },
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
    const fields = FORMATS[format].decode(body);
    if (typeof fields === "string") return failure(fields, status, format);
    fields.requestId ??= headerValue(options.headers, "x-request-id");
    fields.retryAfter ??= parseRetryAfter(headerValue(options.headers, "retry-after"));
    const { error, known } = materialize(fields, options.catalogs ?? [], status, body);
    return { ok: true, format, error, known };
  } catch (error) {
    return failure(
      error instanceof RangeError ? "the body is nested too deeply" : "the body could not be read",
      status,
    );
  }
}
