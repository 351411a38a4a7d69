/**
 * A compact, length-prefixed binary frame for protocols such as STT: the 16-bit
 * category+specific code, the sub-code, flags, status, retry delay, then the
 * strings. The layout is written down in docs/wire/binary.md; all integers are big-endian.
 * Allocation-heavy APIs are avoided on purpose: on Node 20 a small TextEncoder.encode
 * or DataView costs more than writing a short frame by hand.
 */
import type { ErrorDefinition } from "../../catalog/model.js";
import type { ErrataError } from "../../runtime/ErrataError.js";
import { errorHeaders, isRecord, parseJson, requestIdOf, suggestion, utf8Length } from "../common.js";
import type { Format, WireFields } from "../types.js";

const CONTENT_TYPE = "application/vnd.errata.frame";
export const MAGIC = [0x45, 0x52] as const; // "ER"
export const VERSION = 1;
const HEADER = 26;

export const FLAG_RETRYABLE = 0x01;
export const FLAG_RECOVERABLE = 0x02;
export const FLAG_RETRY_AFTER = 0x04;
export const FLAG_NOT_AN_ERROR = 0x08;
export const FLAG_HINTS = 0x10;

const utf8 = new TextEncoder();
/** One scratch view for the float64 field: a DataView per frame costs more than the frame's own work. */
const scratch = new DataView(new ArrayBuffer(8));
const scratchBytes = new Uint8Array(scratch.buffer);

function putU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = (v >>> 16) & 0xff;
  b[at + 2] = (v >>> 8) & 0xff;
  b[at + 3] = v & 0xff;
}
function putU16(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 8;
  b[at + 1] = v & 0xff;
}
function getU32(b: Uint8Array, at: number): number {
  return (
    (((b[at] as number) << 24) |
      ((b[at + 1] as number) << 16) |
      ((b[at + 2] as number) << 8) |
      (b[at + 3] as number)) >>>
    0
  );
}
function getU16(b: Uint8Array, at: number): number {
  return ((b[at] as number) << 8) | (b[at + 1] as number);
}
const strict = new TextDecoder("utf-8", { fatal: true });

/** Numeric code and sub-codes of a definition, computed once: frames are written often. */
const numbers = new WeakMap<
  ErrorDefinition,
  { readonly code: number; readonly subcodes: ReadonlyMap<string, number> }
>();

function numericCode(code: string): number {
  return /^0x[0-9a-f]{4}$/i.test(code) ? Number.parseInt(code.slice(2), 16) : 0;
}

function codeNumbersOf(def: ErrorDefinition) {
  let entry = numbers.get(def);
  if (!entry) {
    const subcodes = new Map<string, number>();
    for (const s of def.subcodes) {
      if (/_[0-9a-f]{2}$/i.test(s.code)) subcodes.set(s.name, Number.parseInt(s.code.slice(-2), 16));
    }
    entry = { code: numericCode(def.code), subcodes };
    numbers.set(def, entry);
  }
  return entry;
}

/**
 * Encode an error as one frame: the header, a table of string lengths, then the
 * strings back to back (short ASCII written by hand, the rest by encodeInto). With
 * hints (the default), the suggestion and the documentation URL follow the seven others.
 */
export function encodeFrame(error: ErrataError, requestId: string | undefined, hints = true): Uint8Array {
  const strings = [
    error.name,
    error.code,
    error.message,
    JSON.stringify(error.details ?? {}),
    requestId ?? "",
    error.subcode ?? "",
    error.reason ?? "",
  ];
  if (hints) strings.push(suggestion(error) ?? "", error.docs ?? "");
  const table = HEADER;
  const blob = table + 4 * strings.length;
  let size = blob;
  const lengths: number[] = [];
  const joined = strings.join("");
  const ascii = utf8Length(joined) === joined.length;
  for (const s of strings) {
    const n = ascii ? s.length : utf8Length(s);
    lengths.push(n);
    size += n;
  }
  // A fresh array, not a slice of Node's shared buffer pool: a caller using `.buffer` must see only this frame.
  const bytes = new Uint8Array(size);
  let flags = 0;
  if (error.retryable) flags |= FLAG_RETRYABLE;
  if (error.definition?.recovery.recoverable !== "no") flags |= FLAG_RECOVERABLE;
  if (error.retryAfter !== undefined) flags |= FLAG_RETRY_AFTER;
  if (error.definition?.notAnError) flags |= FLAG_NOT_AN_ERROR;
  if (hints) flags |= FLAG_HINTS;
  putU32(bytes, 0, size - 4);
  bytes[4] = MAGIC[0];
  bytes[5] = MAGIC[1];
  bytes[6] = VERSION;
  bytes[7] = flags;
  const def = error.definition;
  const codes = def ? codeNumbersOf(def) : undefined;
  putU16(bytes, 8, codes ? codes.code : numericCode(error.code));
  bytes[10] = codes && error.subcode ? (codes.subcodes.get(error.subcode) ?? 0) : 0;
  putU16(bytes, 12, error.status);
  scratch.setFloat64(0, error.retryAfter ?? 0);
  bytes.set(scratchBytes, 14);
  for (let i = 0; i < lengths.length; i++) putU32(bytes, table + 4 * i, lengths[i] as number);
  let at = blob;
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i] as string;
    const n = lengths[i] as number;
    if (n === s.length && n <= 32) for (let j = 0; j < n; j++) bytes[at + j] = s.charCodeAt(j);
    else if (n > 0) utf8.encodeInto(s, bytes.subarray(at, at + n));
    at += n;
  }
  return bytes;
}

/** Decode one frame; a string is the reason it is not a valid frame. Never throws. */
export function decodeFrame(bytes: Uint8Array): WireFields | string {
  if (bytes.length < HEADER) return `frame of ${bytes.length} bytes is shorter than its ${HEADER}-byte header`;
  const length = getU32(bytes, 0);
  if (length !== bytes.length - 4)
    return `frame length ${length} does not match the ${bytes.length - 4} bytes received`;
  if (bytes[4] !== MAGIC[0] || bytes[5] !== MAGIC[1]) return "not an errata frame (bad magic)";
  if (bytes[6] !== VERSION) return `unsupported frame version ${bytes[6]}`;
  const flags = bytes[7] as number;
  const status = getU16(bytes, 12);
  if (status < 100 || status > 599) return `invalid status ${status}`;
  for (let i = 0; i < 8; i++) scratchBytes[i] = bytes[14 + i] as number;
  const retryAfter = scratch.getFloat64(0);
  const count = (flags & FLAG_HINTS) !== 0 ? 9 : 7;
  const blob = HEADER + 4 * count;
  if (blob > bytes.length) return "frame truncated inside its string table";
  const lengths: number[] = [];
  let offset = blob;
  for (let i = 0; i < count; i++) {
    const n = getU32(bytes, HEADER + 4 * i);
    lengths.push(n);
    offset += n;
    if (offset > bytes.length) return "frame truncated inside its strings";
  }
  let text: string;
  try {
    text = strict.decode(bytes.subarray(blob, offset));
  } catch {
    return "frame strings are not valid UTF-8";
  }
  const strings: string[] = [];
  if (text.length === offset - blob) {
    // All ASCII: characters and bytes line up, so one decode serves every string.
    let at = 0;
    for (const n of lengths) {
      strings.push(text.slice(at, at + n));
      at += n;
    }
  } else {
    let at = blob;
    for (const n of lengths) {
      try {
        strings.push(strict.decode(bytes.subarray(at, at + n)));
      } catch {
        return "a frame string splits a UTF-8 character";
      }
      at += n;
    }
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
    const body = encodeFrame(error, requestIdOf(error, options), options.hints ?? true);
    return { format: "binary", status: error.status, headers: errorHeaders(error, options, CONTENT_TYPE), body };
  },
  decode(body) {
    return body instanceof Uint8Array ? decodeFrame(body) : "a binary frame is bytes";
  },
  matches: (body) => body instanceof Uint8Array && body.length >= 6 && body[4] === MAGIC[0] && body[5] === MAGIC[1],
};
