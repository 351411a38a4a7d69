/**
 * The frame's layout as numbers (docs/wire/binary.md): magic, version, flags, the
 * header's size, the string slots and the typed details entries, and the big-endian
 * reads and writes both directions share.
 */

export const MAGIC = [0x45, 0x52] as const; // "ER"
export const VERSION = 1;
/** Bytes of the fixed header: length, magic, version, flags, code, sub-code, status, retry delay, entries. */
export const HEADER = 26;

export const FLAG_RETRYABLE = 0x01;
export const FLAG_RECOVERABLE = 0x02;
export const FLAG_RETRY_AFTER = 0x04;
export const FLAG_NOT_AN_ERROR = 0x08;
export const FLAG_HINTS = 0x10;
export const FLAG_TYPED_DETAILS = 0x20;

/** The details' place among the frame's strings: name, code, message, details, … */
export const DETAILS = 3;
/** Typed details entries: a tag, the key's length, then a float64 or the string value's length. */
export const ENTRY = 13;
export const MAX_ENTRIES = 0xffff;
export const TAG_NULL = 0;
export const TAG_FALSE = 1;
export const TAG_TRUE = 2;
export const TAG_NUMBER = 3;
export const TAG_STRING = 4;

/** Details entries that are primitives. */
export type Primitive = string | number | boolean | null;

/** One scratch view for the float64 field: a DataView per frame costs more than the frame's own work. */
const scratch = new DataView(new ArrayBuffer(8));
const scratchBytes = new Uint8Array(scratch.buffer);

export function putU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = (v >>> 16) & 0xff;
  b[at + 2] = (v >>> 8) & 0xff;
  b[at + 3] = v & 0xff;
}
export function putU16(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 8;
  b[at + 1] = v & 0xff;
}
export function getU32(b: Uint8Array, at: number): number {
  return (
    (((b[at] as number) << 24) |
      ((b[at + 1] as number) << 16) |
      ((b[at + 2] as number) << 8) |
      (b[at + 3] as number)) >>>
    0
  );
}
export function getU16(b: Uint8Array, at: number): number {
  return ((b[at] as number) << 8) | (b[at + 1] as number);
}
export function putF64(b: Uint8Array, at: number, v: number): void {
  scratch.setFloat64(0, v);
  for (let i = 0; i < 8; i++) b[at + i] = scratchBytes[i] as number;
}
export function getF64(b: Uint8Array, at: number): number {
  for (let i = 0; i < 8; i++) scratchBytes[i] = b[at + i] as number;
  return scratch.getFloat64(0);
}
export const SPLIT_CHARACTER = "a frame string splits a UTF-8 character";
