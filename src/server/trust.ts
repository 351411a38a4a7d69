/**
 * What a server may send of a thrown value that claims to be an ErrataError. The
 * brand is a global symbol anyone can set (a Proxy, `Object.create(ErrataError
 * .prototype)`), so a Proxy is refused, and every field is read once, guarded, and
 * checked, the definition through ErrataError's private field (its own getter, called
 * on the value: a Proxy has no private fields); the response is
 * built from a fresh ErrataError of those fields. Details are made JSON-safe within
 * bounds: depth, count and length limited, cycles and BigInt handled, a throwing
 * getter or `toJSON` dropped. Nothing here throws.
 */
import { isKind } from "../catalog/kinds.js";
import type { ErrorDefinition } from "../catalog/model.js";
import { ErrataError } from "../runtime/ErrataError.js";

/** Deepest nesting of details sent; deeper values become "[too deep]". */
export const MAX_DETAIL_DEPTH = 16;
/** Most values (of any depth) sent in details; the rest are left out. */
export const MAX_DETAIL_VALUES = 1000;
/** Longest string sent in details. */
export const MAX_DETAIL_STRING = 4000;

/** A property of a thrown value, or undefined when reading it throws (a hostile getter or Proxy). */
export function read(value: unknown, key: string | symbol): unknown {
  try {
    return (value as Record<string | symbol, unknown>)[key];
  } catch {
    return undefined;
  }
}

interface Budget {
  values: number;
}

/** A JSON-safe copy of `value` within the bounds, or `value` itself when it already is one. */
function safe(value: unknown, depth: number, seen: Set<object>, budget: Budget): unknown {
  if (--budget.values < 0) return undefined;
  switch (typeof value) {
    case "string":
      return value.length > MAX_DETAIL_STRING ? `${value.slice(0, MAX_DETAIL_STRING)}…` : value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "boolean":
      return value;
    case "bigint":
      return value.toString();
    case "object":
      break;
    default:
      return undefined; // functions, symbols, undefined: not JSON
  }
  if (value === null) return null;
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DETAIL_DEPTH) return "[too deep]";
  const toJSON = read(value, "toJSON");
  if (typeof toJSON === "function") {
    let json: unknown;
    try {
      json = toJSON.call(value);
    } catch {
      return undefined;
    }
    return json === value ? undefined : safe(json, depth, seen, budget);
  }
  seen.add(value);
  try {
    let changed = false;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      const length = Math.min(Number(read(value, "length")) || 0, MAX_DETAIL_VALUES);
      for (let i = 0; i < length && budget.values > 0; i++) {
        const item = read(value, String(i));
        const clean = safe(item, depth + 1, seen, budget);
        if (clean !== item) changed = true;
        out.push(clean === undefined ? null : clean);
      }
      return changed || out.length !== value.length || Object.getPrototypeOf(value) !== Array.prototype ? out : value;
    }
    const out: Record<string, unknown> = {};
    let keys: string[];
    try {
      keys = Object.keys(value);
    } catch {
      return undefined;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype) changed = true;
    for (const key of keys) {
      if (budget.values <= 0) {
        changed = true;
        break;
      }
      const item = read(value, key);
      const clean = safe(item, depth + 1, seen, budget);
      if (clean !== item) changed = true;
      if (clean !== undefined && key !== "__proto__") out[key] = clean;
      else changed = true;
    }
    return changed ? out : value;
  } catch {
    return undefined;
  } finally {
    seen.delete(value);
  }
}

/** True for a plain record of a few plain primitive values: what most details are, safe as they are. */
function flat(details: object): boolean {
  if (Object.getPrototypeOf(details) !== Object.prototype) return false;
  let n = 0;
  for (const key in details) {
    if (++n > 32 || !Object.hasOwn(details, key)) return false;
    const value = (details as Record<string, unknown>)[key];
    const type = typeof value;
    if (
      type === "string"
        ? (value as string).length > MAX_DETAIL_STRING
        : type === "number"
          ? !Number.isFinite(value)
          : type !== "boolean" && value !== null
    )
      return false;
  }
  return true;
}

/** Details as a JSON-safe record within the bounds (the same object when it already is one). */
export function safeDetails(details: unknown): Readonly<Record<string, unknown>> {
  if (typeof details !== "object" || details === null || Array.isArray(details)) return {};
  try {
    if (flat(details)) return details as Record<string, unknown>;
  } catch {
    return {};
  }
  const clean = safe(details, 0, new Set(), { values: MAX_DETAIL_VALUES });
  return typeof clean === "object" && clean !== null && !Array.isArray(clean) ? (clean as Record<string, unknown>) : {};
}

const str = (v: unknown, max: number): string | undefined => (typeof v === "string" && v.length <= max ? v : undefined);
const optionalStr = (v: unknown, max: number): string | undefined | false =>
  v === undefined ? undefined : (str(v, max) ?? false);

/**
 * The definition of a real ErrataError, from any copy of errata: the `definition`
 * getter found on its prototype chain, called on the value itself. That getter reads
 * a private field, so it throws for a Proxy (whatever its target) and for a bare
 * `Object.create(ErrataError.prototype)`; undefined then. A branded value with no
 * such getter anywhere holds no definition.
 */
function definitionOf(value: unknown): { definition: ErrorDefinition | undefined } | undefined {
  try {
    for (let o = Object.getPrototypeOf(value); o !== null; o = Object.getPrototypeOf(o)) {
      const getter = Object.getOwnPropertyDescriptor(o, "definition")?.get;
      if (getter) return { definition: getter.call(value) as ErrorDefinition | undefined };
    }
    return { definition: undefined };
  } catch {
    return undefined;
  }
}

/**
 * The error a server may send for a thrown value carrying errata's brand, rebuilt
 * from its checked fields; undefined when any field is not what an ErrataError
 * holds (a forged or broken one), which the caller treats as an unexpected error.
 */
export function trusted(thrown: unknown): ErrataError | undefined {
  try {
    // A Proxy can answer each read differently from what the error holds: it has no
    // private field, so the definition check below refuses it, before any other read.
    const genuine = definitionOf(thrown);
    if (!genuine) return undefined;
    // Each field is read once; a getter that throws makes the whole value untrusted (the catch below).
    const e = thrown as Record<string, unknown>;
    const name = str(e.name, 200);
    const code = str(e.code, 200);
    const message = str(e.message, 10_000);
    const status = e.status;
    const kind = e.kind;
    const category = str(e.category, 200);
    const retryable = e.retryable;
    const retryAfter = e.retryAfter;
    const subcode = optionalStr(e.subcode, 200);
    const reason = optionalStr(e.reason, 200);
    const requestId = optionalStr(e.requestId, 200);
    const details = e.details;
    if (name === undefined || code === undefined || message === undefined || category === undefined) return undefined;
    // No status: an error the catalog declares `status: none`, which only non-HTTP transports carry.
    if (
      status !== undefined &&
      (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599)
    )
      return undefined;
    if (typeof kind !== "string" || !isKind(kind) || typeof retryable !== "boolean") return undefined;
    if (
      retryAfter !== undefined &&
      (typeof retryAfter !== "number" || !(retryAfter >= 0) || !Number.isFinite(retryAfter))
    )
      return undefined;
    if (subcode === false || reason === false || requestId === false) return undefined;
    const definition = genuine.definition;
    return new ErrataError({
      name,
      code,
      message,
      status: status ?? null,
      kind,
      category,
      details: safeDetails(details),
      retryable,
      ...(retryAfter !== undefined ? { retryAfter } : {}),
      ...(subcode !== undefined ? { subcode } : {}),
      ...(reason !== undefined ? { reason } : {}),
      ...(requestId !== undefined ? { requestId } : {}),
      ...(definition ? { definition } : {}),
      stack: false,
    });
  } catch {
    return undefined;
  }
}
