/**
 * Names derived from a catalog's: titles, class names, page slugs, and canonical
 * language tags. Small and dependency-free, so errata/client and errata/wire can use
 * them without bundling the catalog builder.
 */
import { boundedMemo } from "./memo.js";

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

/**
 * A BCP 47 tag in its canonical form (fr-ca → fr-CA), or undefined when it is not
 * well-formed. Remembered: Intl takes about 2 µs a tag, and raising an error for a
 * language asks on every call.
 */
export const canonicalLocale: (tag: string) => string | undefined = boundedMemo(
  (tag) => {
    try {
      return Intl.getCanonicalLocales(tag)[0];
    } catch {
      return undefined;
    }
  },
  { keyLength: 64 },
);
