/**
 * The catalog's `rateLimits:` section: the API's rate-limit policies by name, and
 * which protect money or a paid upstream (a guard enforcing one must choose its
 * store-failure mode). Included catalogs' come first; the catalog's own win.
 */
import type { Catalog } from "./model.js";
import type { CatalogInput } from "./schema.js";

export function rateLimitsOf(input: CatalogInput, included: readonly Catalog[]): Catalog["rateLimits"] {
  const out: Record<string, Catalog["rateLimits"][string]> = {};
  for (const c of included) Object.assign(out, c.rateLimits);
  for (const [name, d] of Object.entries(input.rateLimits ?? {})) {
    const description = d.description?.trim() ? d.description : undefined;
    out[name] = { protective: d.protective === true, ...(description ? { description } : {}) };
  }
  return out;
}
