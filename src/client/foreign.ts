/**
 * Error bodies of servers that do not speak an errata format, read for what they
 * say: the server's own message, and its own code and fields as details. Each
 * reader knows one common shape; the first that fits wins. The body stays in
 * `raw` as received, so nothing is lost when no reader fits.
 */
import { isRecord, type JsonRecord, str } from "../wire/common.js";

/** What a foreign body says. */
export interface ForeignError {
  readonly message: string;
  /** The server's own fields (its code, its field errors), kept as sent. */
  readonly details: Readonly<Record<string, unknown>>;
}

type Reader = (body: JsonRecord) => ForeignError | undefined;

/** Keep the listed members that are present. */
function pick(body: JsonRecord, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) if (body[name] !== undefined && body[name] !== null) out[name] = body[name];
  return out;
}

/** Boom and @fastify/sensible (Fastify's own errors too): {statusCode, error, message, code?}. */
const boom: Reader = (b) =>
  typeof b.statusCode === "number" && typeof b.error === "string"
    ? { message: str(b.message) || b.error, details: pick(b, ["error", "code", "validation", "data"]) }
    : undefined;

/** GitHub: {message, errors: [{resource, field, code}], documentation_url}. */
const github: Reader = (b) =>
  typeof b.message === "string" && Array.isArray(b.errors)
    ? { message: b.message, details: pick(b, ["errors", "documentation_url", "status"]) }
    : undefined;

/** An error object under `error`, as OpenAI-style APIs send: {error: {message, type, code, param}}. */
const nested: Reader = (b) => {
  const e = b.error;
  if (!isRecord(e) || typeof e.message !== "string") return undefined;
  const { message, ...rest } = e;
  return { message, details: rest };
};

/** Django REST framework: {detail, code?}. */
const django: Reader = (b) =>
  typeof b.detail === "string" ? { message: b.detail, details: pick(b, ["code"]) } : undefined;

/** {error: "text"} (with an OAuth-style error_description when present). */
const errorText: Reader = (b) =>
  typeof b.error === "string"
    ? {
        message: str(b.error_description) || str(b.message) || b.error,
        details: pick(b, ["error", "code", "error_description"]),
      }
    : undefined;

/** {errors: ["text", …]} or {errors: [{message}, …]} (GraphQL-like). */
const errorList: Reader = (b) => {
  if (!Array.isArray(b.errors) || b.errors.length === 0) return undefined;
  const texts = b.errors.map((e) => (typeof e === "string" ? e : isRecord(e) ? str(e.message) : undefined));
  if (texts.some((t) => t === undefined)) return undefined;
  return { message: texts.join("; "), details: pick(b, ["errors"]) };
};

/** {message, code?}. */
const message: Reader = (b) =>
  typeof b.message === "string" ? { message: b.message, details: pick(b, ["code", "type", "status"]) } : undefined;

const READERS: readonly Reader[] = [boom, github, nested, django, errorText, errorList, message];

/** The longest message kept from a foreign body. */
const MAX_MESSAGE = 1000;

/** What a parsed foreign body says, or undefined when no reader knows its shape. */
export function readForeign(body: unknown): ForeignError | undefined {
  if (!isRecord(body)) return undefined;
  for (const read of READERS) {
    const found = read(body);
    if (found && found.message.trim() !== "") {
      const text = found.message.length > MAX_MESSAGE ? `${found.message.slice(0, MAX_MESSAGE)}…` : found.message;
      return { message: text, details: found.details };
    }
  }
  return undefined;
}
