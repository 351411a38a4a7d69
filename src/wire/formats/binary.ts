/**
 * A compact, length-prefixed binary frame for protocols such as STT: the 16-bit
 * category+specific code, the sub-code, flags, status, retry delay, then the
 * strings. The layout is written down in docs/wire/binary.md; all integers are big-endian.
 */
import type { ErrataError } from "../../runtime/ErrataError.js";
import { errorHeaders, isRecord, parseJson, requestIdOf } from "../common.js";
import type { Format, WireFields } from "../types.js";

const CONTENT_TYPE = "application/vnd.errata.frame";
export const MAGIC = [0x45, 0x52] as const; // "ER"
export const VERSION = 1;
const HEADER = 26;

export const FLAG_RETRYABLE = 0x01;
export const FLAG_RECOVERABLE = 0x02;
export const FLAG_RETRY_AFTER = 0x04;
export const FLAG_NOT_AN_ERROR = 0x08;

const utf8 = new TextEncoder();
const strict = new TextDecoder("utf-8", { fatal: true });

function isAscii(s: string): boolean {
  if (s.length > 256) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** A string from UTF-8 bytes, refusing invalid UTF-8; short ASCII skips the decoder. */
function fromBytes(bytes: Uint8Array): string {
  if (bytes.length > 64) return strict.decode(bytes);
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b > 0x7f) return strict.decode(bytes);
    out += String.fromCharCode(b);
  }
  return out;
}

function numericCode(code: string): number {
  return /^0x[0-9a-f]{4}$/i.test(code) ? Number.parseInt(code.slice(2), 16) : 0;
}

function numericSubcode(error: ErrataError): number {
  const sub = error.subcode && error.definition?.subcodes.find((s) => s.name === error.subcode)?.code;
  return sub && /_[0-9a-f]{2}$/i.test(sub) ? Number.parseInt(sub.slice(-2), 16) : 0;
}

/** Encode an error as one frame. ASCII strings are written in place; others go through the encoder. */
export function encodeFrame(error: ErrataError, requestId: string | undefined): Uint8Array {
  const strings = [
    error.name,
    error.code,
    error.message,
    JSON.stringify(error.details ?? {}),
    requestId ?? "",
    error.subcode ?? "",
    error.reason ?? "",
  ];
  const encoded: (Uint8Array | undefined)[] = [];
  let size = HEADER;
  for (const s of strings) {
    const bytes = isAscii(s) ? undefined : utf8.encode(s);
    encoded.push(bytes);
    size += 4 + (bytes ? bytes.length : s.length);
  }
  // A fresh array, not a slice of Node's shared buffer pool: a caller using `.buffer` must see only this frame.
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  let flags = 0;
  if (error.retryable) flags |= FLAG_RETRYABLE;
  if (error.definition?.recovery.recoverable !== "no") flags |= FLAG_RECOVERABLE;
  if (error.retryAfter !== undefined) flags |= FLAG_RETRY_AFTER;
  if (error.definition?.notAnError) flags |= FLAG_NOT_AN_ERROR;
  view.setUint32(0, size - 4);
  bytes[4] = MAGIC[0];
  bytes[5] = MAGIC[1];
  bytes[6] = VERSION;
  bytes[7] = flags;
  view.setUint16(8, numericCode(error.code));
  bytes[10] = numericSubcode(error);
  bytes[11] = 0;
  view.setUint16(12, error.status);
  view.setFloat64(14, error.retryAfter ?? 0);
  view.setUint32(22, 0);
  let offset = HEADER;
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i] as string;
    const utf = encoded[i];
    const length = utf ? utf.length : s.length;
    view.setUint32(offset, length);
    if (utf) bytes.set(utf, offset + 4);
    else for (let j = 0; j < length; j++) bytes[offset + 4 + j] = s.charCodeAt(j);
    offset += 4 + length;
  }
  return bytes;
}

/** Decode one frame; a string is the reason it is not a valid frame. Never throws. */
export function decodeFrame(bytes: Uint8Array): WireFields | string {
  if (bytes.length < HEADER) return `frame of ${bytes.length} bytes is shorter than its ${HEADER}-byte header`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0);
  if (length !== bytes.length - 4)
    return `frame length ${length} does not match the ${bytes.length - 4} bytes received`;
  if (bytes[4] !== MAGIC[0] || bytes[5] !== MAGIC[1]) return "not an errata frame (bad magic)";
  if (bytes[6] !== VERSION) return `unsupported frame version ${bytes[6]}`;
  const flags = bytes[7] as number;
  const status = view.getUint16(12);
  if (status < 100 || status > 599) return `invalid status ${status}`;
  const retryAfter = view.getFloat64(14);
  const strings: string[] = [];
  let offset = HEADER;
  for (let i = 0; i < 7; i++) {
    if (offset + 4 > bytes.length) return "frame truncated inside its strings";
    const n = view.getUint32(offset);
    if (offset + 4 + n > bytes.length) return "frame truncated inside its strings";
    try {
      strings.push(fromBytes(bytes.subarray(offset + 4, offset + 4 + n)));
    } catch {
      return "frame strings are not valid UTF-8";
    }
    offset += 4 + n;
  }
  if (offset !== bytes.length) return "trailing bytes after the frame's strings";
  const [name, code, message, detailsJson, requestId, subcode, reason] = strings as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  let details: unknown;
  try {
    details = parseJson(detailsJson);
  } catch {
    return "frame details are not JSON";
  }
  if (!isRecord(details)) return "frame details are not a JSON object";
  if ((flags & FLAG_RETRY_AFTER) !== 0 && !(Number.isFinite(retryAfter) && retryAfter >= 0))
    return "invalid retry delay";
  const fields: WireFields = { message, status, details, retryable: (flags & FLAG_RETRYABLE) !== 0 };
  if (name) fields.name = name;
  if (code) fields.code = code;
  if ((flags & FLAG_RETRY_AFTER) !== 0) fields.retryAfter = retryAfter;
  if (requestId) fields.requestId = requestId;
  if (subcode) fields.subcode = subcode;
  if (reason) fields.reason = reason;
  return fields;
}

export const binary: Format = {
  name: "binary",
  contentType: CONTENT_TYPE,
  encode(error, options) {
    const body = encodeFrame(error, requestIdOf(error, options));
    return { format: "binary", status: error.status, headers: errorHeaders(error, options, CONTENT_TYPE), body };
  },
  decode(body) {
    return body instanceof Uint8Array ? decodeFrame(body) : "a binary frame is bytes";
  },
  matches: (body) => body instanceof Uint8Array && body.length >= 6 && body[4] === MAGIC[0] && body[5] === MAGIC[1],
};
