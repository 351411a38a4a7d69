/**
 * Writing a frame: the layout of its pieces (typed details entries when every
 * member is a JSON primitive, else JSON), the header and string table, then the
 * strings. Allocation-heavy APIs are avoided on purpose: on Node 20 a small
 * TextEncoder.encode, a DataView, or a JSON.stringify + JSON.parse of a few details
 * costs more than writing a short frame by hand.
 */
import type { ErrorDefinition } from "../../../catalog/model.js";
import type { ErrataError } from "../../../runtime/ErrataError.js";
import { isRecord, suggestion, textOf, utf8Length } from "../../common.js";
import {
  DETAILS,
  ENTRY,
  FLAG_HINTS,
  FLAG_NOT_AN_ERROR,
  FLAG_RECOVERABLE,
  FLAG_RETRY_AFTER,
  FLAG_RETRYABLE,
  FLAG_TYPED_DETAILS,
  HEADER,
  MAGIC,
  MAX_ENTRIES,
  type Primitive,
  putF64,
  putU16,
  putU32,
  TAG_FALSE,
  TAG_NULL,
  TAG_NUMBER,
  TAG_STRING,
  TAG_TRUE,
  VERSION,
} from "./bytes.js";

const utf8 = new TextEncoder();

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
