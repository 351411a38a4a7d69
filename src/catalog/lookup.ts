/** Find errors of a catalog by name or code, case-insensitively, with suggestions when none match. */
import type { Catalog, ErrorDefinition } from "./model.js";
import { nearest } from "./nearest.js";

const indexes = new WeakMap<Catalog, Map<string, ErrorDefinition>>();

function index(catalog: Catalog): Map<string, ErrorDefinition> {
  let map = indexes.get(catalog);
  if (!map) {
    map = new Map();
    for (const def of catalog.errors) {
      map.set(def.name.toUpperCase(), def);
      if (!map.has(def.code.toUpperCase())) map.set(def.code.toUpperCase(), def);
      for (const sub of def.subcodes) {
        if (!map.has(sub.code.toUpperCase())) map.set(sub.code.toUpperCase(), def);
        if (!map.has(sub.name.toUpperCase())) map.set(sub.name.toUpperCase(), def);
      }
    }
    indexes.set(catalog, map);
  }
  return map;
}

/** The error with this name, code or sub-code (sub-codes find their parent error). */
export function findError(catalog: Catalog, nameOrCode: string): ErrorDefinition | undefined {
  const map = index(catalog);
  return map.get(nameOrCode) ?? map.get(nameOrCode.trim().toUpperCase());
}

/**
 * Errors near a misspelt or partial name or code, as "CODE NAME" (or the name when
 * it is the code): those the query starts (RATE → RATE_LIMITED), then the nearest
 * by edit distance. The work is bounded whatever the query's length.
 */
export function suggestErrors(catalogs: readonly Catalog[], query: string, limit = 3): string[] {
  const defs = catalogs.flatMap((c) => c.errors);
  const label = (d: ErrorDefinition) => (d.code === d.name ? d.name : `${d.code} ${d.name}`);
  const q = query.trim().toUpperCase();
  const out: string[] = [];
  if (q.length >= 2 && q.length <= 200) {
    for (const d of defs) {
      if (out.length >= limit) break;
      if (d.name.startsWith(q) || d.code.toUpperCase().startsWith(q)) out.push(label(d));
    }
  }
  const byKey = new Map<string, ErrorDefinition>();
  for (const d of defs) {
    byKey.set(d.name, d);
    if (!byKey.has(d.code)) byKey.set(d.code, d);
  }
  for (const key of nearest(q, byKey.keys(), limit * 2)) {
    const d = byKey.get(key) as ErrorDefinition;
    if (!out.includes(label(d))) out.push(label(d));
  }
  return out.slice(0, limit);
}
