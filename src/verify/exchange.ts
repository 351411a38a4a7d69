/**
 * One request and its response as recorded traffic shows it: a HAR entry, a
 * pino-http record (joined with errata's own log record of the same request when
 * there is one), or errata's record alone. Everything in it came from a file and is
 * untrusted: readers fill it only with values of the right type.
 */
import type { Place } from "../own/finding.js";

export interface Exchange {
  /** Upper-case method; empty when the record does not say. */
  readonly method: string;
  /** The URL as recorded: absolute (HAR) or a path with its query (logs); empty when unknown. */
  readonly url: string;
  readonly status: number;
  /** Response headers by lower-case name, repeats joined with ", "; undefined when the record has none. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly requestHeaders: Readonly<Record<string, string>>;
  /** The response body's text, when recorded. */
  readonly body?: string;
  readonly requestBody?: string;
  /** The error code, when the record says it without a body (errata's own log records). */
  readonly code?: string;
  /** The operation id, when the record says it (errata's own log records). */
  readonly operation?: string;
  readonly place: Place;
}

/** Headers as a record by lower-case name, from HAR's `[{name, value}]` or a log's object. */
export function headerRecord(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (name: unknown, value: unknown) => {
    if (typeof name !== "string" || name.length > 256) return;
    const text = Array.isArray(value) ? value.filter((v) => typeof v !== "object").join(", ") : value;
    if (typeof text !== "string" && typeof text !== "number") return;
    const key = name.toLowerCase();
    out[key] = out[key] === undefined ? String(text) : `${out[key]}, ${text}`;
  };
  if (Array.isArray(raw)) for (const h of raw) add((h as { name?: unknown })?.name, (h as { value?: unknown })?.value);
  else if (raw && typeof raw === "object") for (const [k, v] of Object.entries(raw)) add(k, v);
  return out;
}

/** A string member of an untrusted object, or undefined. */
export const stringAt = (value: unknown, key: string): string | undefined => {
  const v = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return typeof v === "string" ? v : undefined;
};

/** An object member of an untrusted object, or undefined. */
export const objectAt = (value: unknown, key: string): Record<string, unknown> | undefined => {
  const v = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
};
