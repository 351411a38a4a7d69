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

/** Names near a misspelt name or code, nearest first. */
export function suggestErrors(catalogs: readonly Catalog[], query: string, limit = 3): string[] {
  const names = catalogs.flatMap((c) => c.errors.flatMap((d) => [d.name, d.code]));
  const near = nearest(query.toUpperCase(), new Set(names), limit * 2);
  const byName = new Map(catalogs.flatMap((c) => c.errors.map((d) => [d.code, d.name] as const)));
  return [...new Set(near.map((n) => byName.get(n) ?? n))].slice(0, limit);
}
