/**
 * What changed between two versions of a catalog as a whole: its wire format and
 * identity, its errors (matched by name, or by code when one was renamed), its
 * operations, its documentation fields, and its languages.
 */
import type { Catalog } from "../catalog/model.js";
import type { Change } from "./diff.js";
import { compareError } from "./errorChanges.js";
import { operationChanges } from "./operationChanges.js";
import { arrow, same, valueText } from "./values.js";

/** One accepted change of an ignore file: a rule, and the error it concerns or `*`. */
export interface Acceptance {
  readonly rule: string;
  readonly error: string;
}

/** The ErrorInfo domain a Google-format catalog sends (google.ts: the domain, else the name). */
const googleDomain = (c: Catalog): string => c.domain ?? c.name;

/** The wire format, the Google ErrorInfo domain, and the catalog's name. */
function identityChanges(from: Catalog, to: Catalog): Change[] {
  const changes: Change[] = [];
  if (from.format !== to.format) {
    const message = `wire format ${from.format} → ${to.format}`;
    changes.push({
      impact: "breaking",
      rule: "format-changed",
      field: "format",
      from: from.format,
      to: to.format,
      message,
    });
  }
  // AIP-193: ErrorInfo is identified by reason and domain together.
  const [x, y] = [googleDomain(from), googleDomain(to)];
  if (from.format === "google" && to.format === "google" && x !== y) {
    const message = `ErrorInfo domain ${x} → ${y}: clients match errors by reason and domain`;
    changes.push({ impact: "breaking", rule: "domain-changed", field: "domain", from: x, to: y, message });
  }
  if (from.name !== to.name) {
    changes.push({ impact: "docs", rule: "catalog-renamed", message: `catalog name ${from.name} → ${to.name}` });
  }
  return changes;
}

/**
 * An error gone from the new version: breaking, unless it was deprecated with a
 * sunset that has passed (`now`), which makes its removal the one announced.
 */
function removal(a: Catalog["errors"][number], now: number): Change {
  const sunset = a.deprecated?.sunset;
  const at = sunset === undefined ? Number.NaN : Date.parse(sunset);
  if (Number.isFinite(at) && now >= at) {
    const message = `${a.name} (${a.code}) removed after its sunset (${sunset}), as announced`;
    return { impact: "compatible", rule: "error-retired", error: a.name, message };
  }
  const early = Number.isFinite(at) ? ` before its sunset (${sunset}): callers were told it stays until then` : "";
  return { impact: "breaking", rule: "error-removed", error: a.name, message: `${a.name} (${a.code}) removed${early}` };
}

/** Errors removed, renamed (same code, new name), changed and added. */
function errorChanges(from: Catalog, to: Catalog, now: number): Change[] {
  const changes: Change[] = [];
  const byName = new Map(to.errors.map((e) => [e.name, e]));
  const byCode = new Map(to.errors.map((e) => [e.code, e]));
  const oldNames = new Set(from.errors.map((e) => e.name));
  const renamedTo = new Set<string>();
  for (const a of from.errors) {
    const b = byName.get(a.name);
    const renamed = !b && a.code !== a.name ? byCode.get(a.code) : undefined;
    if (b) compareError(a, b, changes, { from, to });
    else if (renamed && !oldNames.has(renamed.name)) {
      const message = `${a.name} renamed to ${renamed.name} (code ${a.code})`;
      renamedTo.add(renamed.name);
      changes.push({ impact: "breaking", rule: "error-renamed", error: renamed.name, message });
      compareError({ ...a, name: renamed.name }, renamed, changes, { from, to });
    } else changes.push(removal(a, now));
  }
  for (const b of to.errors) {
    // A renamed error is matched by its code; every other name new to this version is an error added.
    if (oldNames.has(b.name) || renamedTo.has(b.name)) continue;
    changes.push({ impact: "compatible", rule: "error-added", error: b.name, message: `${b.name} (${b.code}) added` });
  }
  return changes;
}

/** Categories that come or go with their errors are said by those errors' changes. */
const sharedCategories = (c: Catalog, other: Catalog) =>
  c.categories.filter((x) => other.categories.some((y) => y.id === x.id));

/** The catalog's own documentation fields, compared one by one. */
const CATALOG_FIELDS: readonly [string, (c: Catalog, other: Catalog) => unknown][] = [
  ["title", (c) => c.title],
  ["description", (c) => c.description],
  ["guides", (c) => c.guides],
  ["links", (c) => c.links],
  ["statuses", (c) => c.statuses],
  ["docsBaseUrl", (c) => c.docsBaseUrl],
  ["groups", (c) => c.groups],
  ["categories", sharedCategories],
];

/** The catalog's documentation fields, and the languages it no longer answers in. */
function documentationChanges(from: Catalog, to: Catalog): Change[] {
  const changes: Change[] = [];
  for (const [field, read] of CATALOG_FIELDS) {
    const [x, y] = [read(from, to), read(to, from)];
    if (same(x, y)) continue;
    const values = { field, from: valueText(x), to: valueText(y) };
    changes.push({
      impact: "docs",
      rule: `catalog-${field}-changed`,
      ...values,
      message: `catalog ${field} ${arrow(x, y)}`,
    });
  }
  // A language the API answered in and no longer does: callers asking for it get the default.
  for (const locale of from.locales) {
    if (to.locales.includes(locale)) continue;
    const message = `locale ${locale} removed: callers asking for it get ${to.defaultLocale}`;
    changes.push({ impact: "docs", rule: "locale-removed", field: "locales", from: locale, to: "none", message });
  }
  return changes;
}

/** Every change between two versions of a catalog, in report order; `now` decides which sunsets have passed. */
export function catalogChanges(from: Catalog, to: Catalog, now = Date.now()): Change[] {
  return [
    ...identityChanges(from, to),
    ...errorChanges(from, to, now),
    ...operationChanges(from, to),
    ...documentationChanges(from, to),
  ];
}
