/**
 * A compact, length-prefixed binary frame for protocols such as STT: the 16-bit
 * category+specific code, the sub-code, flags, status, retry delay, then the
 * strings; details made of JSON primitives travel as typed entries, others as JSON.
 * The layout is written down in docs/wire/binary.md; all integers are big-endian.
 * Allocation-heavy APIs are avoided on purpose: on Node 20 a small TextEncoder.encode,
 * a DataView, or a JSON.stringify + JSON.parse of a few details costs more than
 * writing a short frame by hand.
 */
import type { ErrorDefinition } from "../../catalog/model.js";
import type { ErrataError } from "../../runtime/ErrataError.js";
import { errorHeaders, isRecord, parseJson, requestIdOf, suggestion, textOf, utf8Length } from "../common.js";
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
export const FLAG_TYPED_DETAILS = 0x20;

/** The details' place among the frame's strings: name, code, message, details, … */
const DETAILS = 3;
/** Typed details entries: a tag, the key's length, then a float64 or the string value's length. */
const ENTRY = 13;
const MAX_ENTRIES = 0xffff;
const TAG_NULL = 0;
const TAG_FALSE = 1;
const TAG_TRUE = 2;
const TAG_NUMBER = 3;
const TAG_STRING = 4;

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
function putF64(b: Uint8Array, at: number, v: number): void {
  scratch.setFloat64(0, v);
  for (let i = 0; i < 8; i++) b[at + i] = scratchBytes[i] as number;
}
function getF64(b: Uint8Array, at: number): number {
  for (let i = 0; i < 8; i++) scratchBytes[i] = b[at + i] as number;
  return scratch.getFloat64(0);
}
const strict = new TextDecoder("utf-8", { fatal: true });
const SPLIT_CHARACTER = "a frame string splits a UTF-8 character";

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

type Primitive = string | number | boolean | null;

/** A UTF-16 surrogate without its pair. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * A details record as typed entries, when every member is a JSON primitive; the
 * values are what JSON would carry (-0 as 0, a non-finite number as null, an
 * undefined member left out). Undefined when the record needs JSON.
 */
function typedEntries(details: Readonly<Record<string, unknown>>): { keys: string[]; values: Primitive[] } | undefined {
  if (typeof details.toJSON === "function") return undefined;
  const keys: string[] = [];
  const values: Primitive[] = [];
  for (const key in details) {
    if (!Object.hasOwn(details, key)) continue;
    const value = details[key];
    if (value === undefined) continue;
    if (typeof value === "number") values.push(Number.isFinite(value) ? value + 0 : null);
    else if (typeof value === "string" || typeof value === "boolean" || value === null) values.push(value);
    else return undefined;
    keys.push(key);
  }
  return keys.length <= MAX_ENTRIES ? { keys, values } : undefined;
}

/** What a frame holds besides its header: the pieces of text in order, and where the details sit among them. */
interface Layout {
  /** Every string, in frame order; typed details contribute their keys and string values. */
  readonly pieces: string[];
  /** How many pieces the details take, from index DETAILS on. */
  readonly detailsPieces: number;
  readonly typed: { keys: string[]; values: Primitive[] } | undefined;
  readonly slots: number;
  /** Bytes before the strings: the header, the string table and the typed entries. */
  readonly tables: number;
}

function layoutOf(error: ErrataError, requestId: string | undefined, hints: boolean, json = false): Layout {
  const pieces = [error.name, error.code, textOf(error)];
  // Details that are not a record are left out, as every JSON format leaves them out.
  const details = isRecord(error.details) ? error.details : {};
  const typed = json ? undefined : typedEntries(details);
  if (typed) {
    for (let i = 0; i < typed.keys.length; i++) {
      pieces.push(typed.keys[i] as string);
      const value = typed.values[i];
      if (typeof value === "string") pieces.push(value);
    }
  } else pieces.push(JSON.stringify(details));
  const detailsPieces = pieces.length - DETAILS;
  pieces.push(requestId ?? "", error.subcode ?? "", error.reason ?? "");
  if (hints) pieces.push(suggestion(error) ?? "", error.docs ?? "");
  const slots = hints ? 9 : 7;
  return { pieces, detailsPieces, typed, slots, tables: HEADER + 4 * slots + ENTRY * (typed?.keys.length ?? 0) };
}

/** Write the header, the string table and the details entries of a frame whose pieces have these UTF-8 lengths. */
function frameOf(error: ErrataError, layout: Layout, lengths: readonly number[], size: number): Uint8Array {
  // A fresh array, not a slice of Node's shared buffer pool: a caller using `.buffer` must see only this frame.
  const bytes = new Uint8Array(size);
  const { typed, slots, detailsPieces } = layout;
  let flags = 0;
  if (error.retryable) flags |= FLAG_RETRYABLE;
  if (error.definition?.recovery.recoverable !== "no") flags |= FLAG_RECOVERABLE;
  if (error.retryAfter !== undefined) flags |= FLAG_RETRY_AFTER;
  if (error.definition?.notAnError) flags |= FLAG_NOT_AN_ERROR;
  if (slots === 9) flags |= FLAG_HINTS;
  if (typed) flags |= FLAG_TYPED_DETAILS;
  putU32(bytes, 0, size - 4);
  bytes[4] = MAGIC[0];
  bytes[5] = MAGIC[1];
  bytes[6] = VERSION;
  bytes[7] = flags;
  const def = error.definition;
  const codes = def ? codeNumbersOf(def) : undefined;
  putU16(bytes, 8, codes ? codes.code : numericCode(error.code));
  bytes[10] = codes && error.subcode ? (codes.subcodes.get(error.subcode) ?? 0) : 0;
  // 0: the error has no HTTP status (status: none).
  putU16(bytes, 12, error.status ?? 0);
  putF64(bytes, 14, error.retryAfter ?? 0);
  // The string table: one length per slot; the details slot spans all of the details' pieces.
  let piece = 0;
  for (let slot = 0; slot < slots; slot++) {
    let n = 0;
    const end = piece + (slot === DETAILS ? detailsPieces : 1);
    while (piece < end) n += lengths[piece++] as number;
    putU32(bytes, HEADER + 4 * slot, n);
  }
  if (typed) {
    putU16(bytes, 22, typed.keys.length);
    let at = HEADER + 4 * slots;
    piece = DETAILS;
    for (const value of typed.values) {
      putU32(bytes, at + 1, lengths[piece++] as number);
      if (typeof value === "string") {
        bytes[at] = TAG_STRING;
        putU32(bytes, at + 5, lengths[piece++] as number);
      } else if (typeof value === "number") {
        bytes[at] = TAG_NUMBER;
        putF64(bytes, at + 5, value);
      } else bytes[at] = value === null ? TAG_NULL : value ? TAG_TRUE : TAG_FALSE;
      at += ENTRY;
    }
  }
  return bytes;
}

/**
 * Encode an error as one frame: the header, a table of string lengths, the typed
 * details entries, then the strings back to back. With hints (the default), the
 * suggestion and the documentation URL follow the seven others. Frames are nearly
 * always ASCII: the strings are written at once, sized as ASCII, and encodeInto's
 * count says whether that held; only when it did not are they measured and
 * written one by one.
 */
export function encodeFrame(error: ErrataError, requestId: string | undefined, hints = true): Uint8Array {
  let layout = layoutOf(error, requestId, hints);
  // Concatenated, not joined: encodeInto flattens the rope faster than Array.join builds a string.
  let joined = "";
  const lengths: number[] = [];
  for (const piece of layout.pieces) {
    joined += piece;
    lengths.push(piece.length);
  }
  const ascii = frameOf(error, layout, lengths, layout.tables + joined.length);
  const { read, written } = utf8.encodeInto(joined, ascii.subarray(layout.tables));
  if (read === joined.length && written === joined.length) return ascii;
  // Not ASCII. UTF-8 cannot carry a lone surrogate, which JSON escapes: such details go as JSON, losing nothing.
  const details = layout.pieces.slice(DETAILS, DETAILS + layout.detailsPieces);
  if (layout.typed && details.some((p) => LONE_SURROGATE.test(p))) layout = layoutOf(error, requestId, hints, true);
  // Each piece on its own, so that a lone surrogate at the end of one cannot pair with the next.
  const { pieces, tables } = layout;
  const sizes = pieces.map((p) => utf8Length(p));
  const bytes = frameOf(
    error,
    layout,
    sizes,
    sizes.reduce((sum, n) => sum + n, tables),
  );
  let at = tables;
  for (let i = 0; i < pieces.length; i++) {
    utf8.encodeInto(pieces[i] as string, bytes.subarray(at, at + (sizes[i] as number)));
    at += sizes[i] as number;
  }
  return bytes;
}

/** Decoded details: typed entries read out of the details slot, or its JSON text parsed. */
function detailsOf(
  bytes: Uint8Array,
  flags: number,
  entries: number,
  table: number,
  from: number,
  to: number,
  read: (from: number, to: number) => string | undefined,
): Record<string, unknown> | string {
  if ((flags & FLAG_TYPED_DETAILS) === 0) {
    const text = read(from, to);
    if (text === undefined) return SPLIT_CHARACTER;
    let details: unknown;
    try {
      details = parseJson(text);
    } catch {
      return "frame details are not JSON";
    }
    return isRecord(details) ? details : "frame details are not a JSON object";
  }
  const details: Record<string, unknown> = {};
  let at = from;
  for (let i = 0; i < entries; i++) {
    const entry = table + ENTRY * i;
    const keyLength = getU32(bytes, entry + 1);
    if (keyLength > to - at) return "a details entry runs past the details";
    const key = read(at, at + keyLength);
    if (key === undefined) return SPLIT_CHARACTER;
    at += keyLength;
    let value: Primitive;
    switch (bytes[entry]) {
      case TAG_NULL:
        value = null;
        break;
      case TAG_FALSE:
        value = false;
        break;
      case TAG_TRUE:
        value = true;
        break;
      case TAG_NUMBER:
        value = getF64(bytes, entry + 5);
        if (!Number.isFinite(value)) return "a details number is not finite";
        break;
      case TAG_STRING: {
        const length = getU32(bytes, entry + 5);
        if (length > to - at) return "a details entry runs past the details";
        const text = read(at, at + length);
        if (text === undefined) return SPLIT_CHARACTER;
        value = text;
        at += length;
        break;
      }
      default:
        return `unknown details entry type ${bytes[entry]}`;
    }
    // As for JSON bodies, a `__proto__` member is dropped: no decoded object can reach a prototype.
    if (key !== "__proto__") details[key] = value;
  }
  return at === to ? details : "the details entries do not fill the details";
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
  const httpStatus = getU16(bytes, 12);
  if (httpStatus !== 0 && (httpStatus < 100 || httpStatus > 599)) return `invalid status ${httpStatus}`;
  const status = httpStatus === 0 ? undefined : httpStatus;
  const retryAfter = getF64(bytes, 14);
  const count = (flags & FLAG_HINTS) !== 0 ? 9 : 7;
  const entries = (flags & FLAG_TYPED_DETAILS) !== 0 ? getU16(bytes, 22) : 0;
  const table = HEADER + 4 * count;
  const blob = table + ENTRY * entries;
  if (blob > bytes.length) return "frame truncated inside its tables";
  const starts: number[] = [];
  let offset = blob;
  for (let i = 0; i < count; i++) {
    starts.push(offset);
    offset += getU32(bytes, HEADER + 4 * i);
    if (offset > bytes.length) return "frame truncated inside its strings";
  }
  if (offset !== bytes.length) return "trailing bytes after the frame's strings";
  starts.push(offset);
  let text: string;
  try {
    text = strict.decode(bytes.subarray(blob, offset));
  } catch {
    return "frame strings are not valid UTF-8";
  }
  // All ASCII: characters and bytes line up, so the one decoded text serves every string.
  const read =
    text.length === offset - blob
      ? (from: number, to: number): string | undefined => text.slice(from - blob, to - blob)
      : (from: number, to: number): string | undefined => {
          try {
            return strict.decode(bytes.subarray(from, to));
          } catch {
            return undefined;
          }
        };
  const strings: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i === DETAILS) {
      strings.push("");
      continue;
    }
    const s = read(starts[i] as number, starts[i + 1] as number);
    if (s === undefined) return SPLIT_CHARACTER;
    strings.push(s);
  }
  const details = detailsOf(
    bytes,
    flags,
    entries,
    table,
    starts[DETAILS] as number,
    starts[DETAILS + 1] as number,
    read,
  );
  if (typeof details === "string") return details;
  const [name, code, message, , requestId, subcode, reason] = strings as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
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
    // Over HTTP, a frame of an error without a status goes with the caller's mapping, else 500.
    const status = error.status ?? options.httpStatus ?? 500;
    return { format: "binary", status, headers: errorHeaders(error, options, CONTENT_TYPE), body };
  },
  decode(body) {
    return body instanceof Uint8Array ? decodeFrame(body) : "a binary frame is bytes";
  },
  matches: (body) => body instanceof Uint8Array && body.length >= 6 && body[4] === MAGIC[0] && body[5] === MAGIC[1],
};
