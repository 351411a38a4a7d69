/**
 * The catalog's error maps applied to a thrown value that is not errata's: the first
 * rule whose every field matches (constructor name or `name`, `code` as text,
 * `status` or `statusCode`) makes the catalog's error, with the detail fields its
 * paths name, each read guarded and made JSON-safe within bounds. Nothing else of
 * the value is sent: its message only where a rule's path names it.
 */
import type { Catalog, ErrorMap } from "../catalog/model.js";
import { catalogFactory } from "../own/fallback.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import { read, safeDetails } from "./trust.js";

/** What a rule can match, read once from the thrown value. */
interface Facts {
  readonly names: readonly unknown[];
  readonly code: string | undefined;
  readonly status: unknown;
}

function factsOf(thrown: object): Facts {
  const code = read(thrown, "code");
  return {
    names: [read(read(thrown, "constructor"), "name"), read(thrown, "name")],
    code: typeof code === "string" || typeof code === "number" ? String(code) : undefined,
    status: read(thrown, "status") ?? read(thrown, "statusCode"),
  };
}

function matches(rule: ErrorMap, facts: Facts): boolean {
  const { name, code, status } = rule.match;
  return (
    (name === undefined || facts.names.includes(name)) &&
    (code === undefined || facts.code === code) &&
    (status === undefined || facts.status === status)
  );
}

/** The value at a dotted path of the thrown value; undefined where a step is missing or throws. */
function at(thrown: object, path: string): unknown {
  let value: unknown = thrown;
  for (const step of path.split(".")) value = value === null || value === undefined ? undefined : read(value, step);
  return value;
}

/** The catalog's error a thrown value maps to, or undefined when no rule matches it. */
export function mapThrown(thrown: unknown, catalog: Catalog | undefined): ErrataError | undefined {
  if (!catalog || catalog.maps.length === 0 || typeof thrown !== "object" || thrown === null) return undefined;
  const facts = factsOf(thrown);
  const rule = catalog.maps.find((r) => matches(r, facts));
  const factory = rule && catalogFactory(catalog, rule.to);
  if (!rule || !factory) return undefined;
  const details: Record<string, unknown> = {};
  for (const [field, path] of Object.entries(rule.details)) {
    const value = at(thrown, path);
    if (value !== undefined) details[field] = value;
  }
  return factory(safeDetails(details), { stack: false });
}
