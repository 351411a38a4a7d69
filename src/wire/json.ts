/**
 * JSON text written directly, for the encoders on the hot path. Writing a body's
 * text costs about a third less than building the body as an object and handing
 * it to JSON.stringify: every optional member changes the object's shape, and the
 * serializer then walks and re-checks it. The text is byte for byte what
 * JSON.stringify writes for the same members (a property test holds them equal).
 */

/** A string with nothing JSON must escape: no quote, backslash, control character or surrogate. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what JSON escapes.
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** A JSON string literal, exactly as JSON.stringify writes it; plain strings skip the escaper. */
export function quote(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : JSON.stringify(s);
}

/** Quoted catalog strings, kept flat: codes, names, titles, suggestions and URLs recur on every error. */
const constants = new Map<string, string>();
const MAX_CONSTANTS = 4096;
const MAX_CONSTANT_LENGTH = 256;

/**
 * `quote` for the catalog's own strings (codes, names, titles, suggestions, docs
 * URLs), memoized: they recur on every error, and a memoized literal is one flat
 * string where a fresh one is three pieces of a rope JSON.parse must flatten.
 * The memo is bounded in entries and in string length, so foreign codes cannot grow it.
 */
export function quoteConstant(s: string): string {
  let text = constants.get(s);
  if (text === undefined) {
    text = JSON.stringify(s);
    if (constants.size < MAX_CONSTANTS && s.length <= MAX_CONSTANT_LENGTH) constants.set(s, text);
  }
  return text;
}

/** `member` for a catalog string (see `quoteConstant`). */
export function constantMember(prefix: string, value: string | undefined): string {
  return value === undefined ? "" : prefix + quoteConstant(value);
}

/** JSON text of a member's value, or undefined where JSON.stringify would leave the member out. */
export function json(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
      return Number.isFinite(value) ? `${value}` : "null";
    case "boolean":
      return value ? "true" : "false";
    default:
      return JSON.stringify(value);
  }
}

/**
 * A member's text: `prefix`, the caller's own `,"key":`, then the value; or ""
 * when JSON.stringify would leave the member out (an undefined value). The prefix
 * is a literal at each call: built here from the key, it made one more piece of
 * the rope JSON.parse flattens, and one more allocation, per member.
 */
export function member(prefix: string, value: unknown): string {
  if (value === undefined) return "";
  const text = json(value);
  return text === undefined ? "" : prefix + text;
}

/** An object's text from members written by `member`, each with its leading comma. */
export function object(members: string): string {
  return `{${members.slice(1)}}`;
}
