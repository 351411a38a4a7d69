/**
 * Names derived from a catalog's: titles, class names, page slugs, and canonical
 * language tags. Small and dependency-free, so errata/client and errata/wire can use
 * them without bundling the catalog builder.
 */

/** `KEY_NOT_FOUND` → `Key Not Found`. */
export function titleCase(name: string): string {
  return name
    .split(/[_-]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join(" ");
}

/** `RATE_LIMITED` or `billing-api` → `RateLimited`, `BillingApi`: names for generated code. */
export function pascalCase(name: string): string {
  return titleCase(name).replace(/ /g, "");
}

/** `RATE_LIMITED` → `rate-limited`: the slug of an error's page. */
export function slug(name: string): string {
  return name.toLowerCase().replace(/_/g, "-");
}

/** Canonical forms already computed (Intl takes about 2 µs a tag); emptied when full, so callers' tags cannot grow it. */
const canonicalForms = new Map<string, string | undefined>();
const MAX_CANONICAL_FORMS = 512;

/** A BCP 47 tag in its canonical form (fr-ca → fr-CA), or undefined when it is not well-formed. */
export function canonicalLocale(tag: string): string | undefined {
  const known = canonicalForms.get(tag);
  if (known !== undefined || canonicalForms.has(tag)) return known;
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(tag)[0];
  } catch {
    canonical = undefined;
  }
  if (tag.length <= 64) {
    if (canonicalForms.size >= MAX_CANONICAL_FORMS) canonicalForms.clear();
    canonicalForms.set(tag, canonical);
  }
  return canonical;
}
