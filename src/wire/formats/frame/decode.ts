/**
 * Reading a frame, in stages that each either pass or say why the bytes are not a
 * frame: the header, the string table, the strings as strict UTF-8, the details
 * (typed entries or JSON), then the fields. Never throws.
 */
import { isRecord, parseJson } from "../../common.js";
import type { WireFields } from "../../types.js";
import {
  DETAILS,
  ENTRY,
  FLAG_HINTS,
  FLAG_RETRY_AFTER,
  FLAG_RETRYABLE,
  FLAG_TYPED_DETAILS,
  getF64,
  getU16,
  getU32,
  HEADER,
  MAGIC,
  type Primitive,
  SPLIT_CHARACTER,
  TAG_FALSE,
  TAG_NULL,
  TAG_NUMBER,
  TAG_STRING,
  TAG_TRUE,
  VERSION,
} from "./bytes.js";

const strict = new TextDecoder("utf-8", { fatal: true });

/** The text between two byte offsets, undefined when it splits a UTF-8 character. */
type Read = (from: number, to: number) => string | undefined;

/** What the fixed header says. */
interface Header {
  readonly flags: number;
  readonly status: number | undefined;
  readonly retryAfter: number;
  /** Slots in the string table: 9 with hints, else 7. */
  readonly count: number;
  readonly entries: number;
  /** Where the string table starts, after the header. */
  readonly table: number;
  /** Where the strings start, after the string table and the details entries. */
  readonly blob: number;
}

function headerOf(bytes: Uint8Array): Header | string {
  if (bytes.length < HEADER) return `frame of ${bytes.length} bytes is shorter than its ${HEADER}-byte header`;
  const length = getU32(bytes, 0);
  if (length !== bytes.length - 4)
    return `frame length ${length} does not match the ${bytes.length - 4} bytes received`;
  if (bytes[4] !== MAGIC[0] || bytes[5] !== MAGIC[1]) return "not an errata frame (bad magic)";
  if (bytes[6] !== VERSION) return `unsupported frame version ${bytes[6]}`;
  const flags = bytes[7] as number;
  const httpStatus = getU16(bytes, 12);
  if (httpStatus !== 0 && (httpStatus < 100 || httpStatus > 599)) return `invalid status ${httpStatus}`;
  const retryAfter = getF64(bytes, 14);
  if ((flags & FLAG_RETRY_AFTER) !== 0 && !(Number.isFinite(retryAfter) && retryAfter >= 0)) {
    return "invalid retry delay";
  }
  const count = (flags & FLAG_HINTS) !== 0 ? 9 : 7;
  const entries = (flags & FLAG_TYPED_DETAILS) !== 0 ? getU16(bytes, 22) : 0;
  const table = HEADER + 4 * count;
  const blob = table + ENTRY * entries;
  if (blob > bytes.length) return "frame truncated inside its tables";
  return { flags, status: httpStatus === 0 ? undefined : httpStatus, retryAfter, count, entries, table, blob };
}

/** Where each string starts, and where the last ends, from the string table. */
function startsOf(bytes: Uint8Array, header: Header): number[] | string {
  const starts: number[] = [];
  let offset = header.blob;
  for (let i = 0; i < header.count; i++) {
    starts.push(offset);
    offset += getU32(bytes, HEADER + 4 * i);
    if (offset > bytes.length) return "frame truncated inside its strings";
  }
  if (offset !== bytes.length) return "trailing bytes after the frame's strings";
  starts.push(offset);
  return starts;
}

/** A reader of the strings, once they are known to be valid UTF-8 as a whole. */
function readerOf(bytes: Uint8Array, blob: number): Read | string {
  let text: string;
  try {
    text = strict.decode(bytes.subarray(blob));
  } catch {
    return "frame strings are not valid UTF-8";
  }
  // All ASCII: characters and bytes line up, so the one decoded text serves every string.
  if (text.length === bytes.length - blob) return (from, to) => text.slice(from - blob, to - blob);
  return (from, to) => {
    try {
      return strict.decode(bytes.subarray(from, to));
    } catch {
      return undefined;
    }
  };
}

/** The value of one typed entry, and the bytes of the details it used; a string says why it is invalid. */
function entryValue(
  bytes: Uint8Array,
  entry: number,
  at: number,
  to: number,
  read: Read,
): [Primitive, number] | string {
  switch (bytes[entry]) {
    case TAG_NULL:
      return [null, 0];
    case TAG_FALSE:
      return [false, 0];
    case TAG_TRUE:
      return [true, 0];
    case TAG_NUMBER: {
      const value = getF64(bytes, entry + 5);
      return Number.isFinite(value) ? [value, 0] : "a details number is not finite";
    }
    case TAG_STRING: {
      const length = getU32(bytes, entry + 5);
      if (length > to - at) return "a details entry runs past the details";
      const text = read(at, at + length);
      return text === undefined ? SPLIT_CHARACTER : [text, length];
    }
    default:
      return `unknown details entry type ${bytes[entry]}`;
  }
}

/** Details sent as typed entries: each entry's key, then its string value when it has one. */
function typedDetails(bytes: Uint8Array, header: Header, from: number, to: number, read: Read) {
  const details: Record<string, unknown> = {};
  let at = from;
  for (let i = 0; i < header.entries; i++) {
    const entry = header.table + ENTRY * i;
    const keyLength = getU32(bytes, entry + 1);
    if (keyLength > to - at) return "a details entry runs past the details";
    const key = read(at, at + keyLength);
    if (key === undefined) return SPLIT_CHARACTER;
    at += keyLength;
    const value = entryValue(bytes, entry, at, to, read);
    if (typeof value === "string") return value;
    at += value[1];
    // As for JSON bodies, a `__proto__` member is dropped: no decoded object can reach a prototype.
    if (key !== "__proto__") details[key] = value[0];
  }
  return at === to ? details : "the details entries do not fill the details";
}

/** Decoded details: typed entries read out of the details slot, or its JSON text parsed. */
function detailsOf(bytes: Uint8Array, header: Header, starts: number[], read: Read): Record<string, unknown> | string {
  const from = starts[DETAILS] as number;
  const to = starts[DETAILS + 1] as number;
  if ((header.flags & FLAG_TYPED_DETAILS) !== 0) return typedDetails(bytes, header, from, to, read);
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

/** The strings of the slots other than the details' (left empty). */
function stringsOf(header: Header, starts: number[], read: Read): string[] | string {
  const strings: string[] = [];
  for (let i = 0; i < header.count; i++) {
    const s = i === DETAILS ? "" : read(starts[i] as number, starts[i + 1] as number);
    if (s === undefined) return SPLIT_CHARACTER;
    strings.push(s);
  }
  return strings;
}

/** Decode one frame; a string is the reason it is not a valid frame. Never throws. */
export function decodeFrame(bytes: Uint8Array): WireFields | string {
  const header = headerOf(bytes);
  if (typeof header === "string") return header;
  const starts = startsOf(bytes, header);
  if (typeof starts === "string") return starts;
  const read = readerOf(bytes, header.blob);
  if (typeof read === "string") return read;
  const strings = stringsOf(header, starts, read);
  if (typeof strings === "string") return strings;
  const details = detailsOf(bytes, header, starts, read);
  if (typeof details === "string") return details;
  const [name, code, message = "", , requestId, subcode, reason] = strings;
  const { flags, status } = header;
  const fields: WireFields = { message, status, details, retryable: (flags & FLAG_RETRYABLE) !== 0 };
  if (name) fields.name = name;
  if (code) fields.code = code;
  if ((flags & FLAG_RETRY_AFTER) !== 0) fields.retryAfter = header.retryAfter;
  if (requestId) fields.requestId = requestId;
  if (subcode) fields.subcode = subcode;
  if (reason) fields.reason = reason;
  return fields;
}
