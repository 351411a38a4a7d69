/**
 * One flat record per error: what the site's search index, its filters and the
 * JSON API (`errata serve`) show of it. Built from the Catalog model only.
 */

import { KINDS } from "../catalog/kinds.js";
import { textIn } from "../catalog/locale.js";
import type { Catalog, ErrorDefinition, MetaValue, Solution } from "../catalog/model.js";
import { slug } from "../catalog/names.js";
import { operationsReturning, routeOf } from "../catalog/operations.js";
import { retrySentence } from "./advice.js";
import { groupPath } from "./layout.js";

export interface DocEntry {
  readonly name: string;
  readonly code: string;
  readonly title: string;
  readonly message: string;
  readonly description?: string;
  /** The HTTP status; absent for an error that has none. */
  readonly status?: number;
  readonly exitCode?: number;
  readonly category: string;
  readonly categoryTitle: string;
  readonly group?: string;
  /** The group's title with its parents' (`Storage › Buckets`). */
  readonly groupTitle?: string;
  /** The class an SDK raises it as: its kind's, under the catalog's SDK names. */
  readonly className: string;
  readonly severity: string;
  /** Extension fields, verbatim. */
  readonly meta: Readonly<Record<string, MetaValue>>;
  readonly retryable: boolean;
  readonly retryPolicy: string;
  readonly retry: string;
  readonly causes: readonly string[];
  readonly symptoms: readonly string[];
  readonly solutions: readonly string[];
  /** The operations that may return it, each as its id and route (`starRepo POST /repos/{repoId}/stars`): search finds them. */
  readonly operations?: readonly string[];
  /** The page's path under the catalog's site, such as `rate-limited/`. */
  readonly page: string;
  readonly docsUrl?: string;
  /** The language of its text: the nearest locale the error is translated into, else the catalog's default. */
  readonly locale: string;
  /** The fields shown in the default language because the asked locale has no translation of them. */
  readonly untranslated?: readonly string[];
}

/** A solution in one line: its title and text, or the first line of its code. */
export function solutionText(s: Solution): string {
  return [s.title, s.text].filter(Boolean).join(": ") || (s.code?.split("\n")[0] ?? "");
}

/** An error's record, its text in `locale` (each field from the nearest locale that has it; default: the catalog's). */
/** The operations that may return an error, for its entry (nothing when the catalog declares none). */
function operationsOf(catalog: Catalog, name: string): { operations?: string[] } {
  if (catalog.operations.length === 0) return {};
  const returning = operationsReturning(catalog, name);
  return returning.length > 0 ? { operations: returning.map((o) => `${o.id} ${routeOf(o)}`) } : {};
}

export function docEntry(def: ErrorDefinition, catalog: Catalog, locale = catalog.defaultLocale): DocEntry {
  const category = catalog.categories.find((c) => c.id === def.category);
  const text = textIn(def, locale, catalog.defaultLocale);
  return {
    name: def.name,
    code: def.code,
    title: text.title,
    message: text.message.source,
    ...(text.description ? { description: text.description } : {}),
    ...(def.status !== undefined ? { status: def.status } : {}),
    ...(def.exitCode !== undefined ? { exitCode: def.exitCode } : {}),
    category: def.category,
    categoryTitle: category?.title ?? def.category,
    ...(def.group ? { group: def.group, groupTitle: groupPath(catalog, def.group) } : {}),
    className: catalog.sdk?.classes?.[def.kind] ?? KINDS[def.kind].className,
    severity: def.severity,
    meta: def.meta,
    retryable: def.retryable,
    retryPolicy: def.retry.policy,
    retry: retrySentence(def.retry),
    causes: text.causes,
    symptoms: def.symptoms,
    solutions: text.solutions.map(solutionText),
    ...operationsOf(catalog, def.name),
    page: `${slug(def.name)}/`,
    ...(def.docsUrl ? { docsUrl: def.docsUrl } : {}),
    locale: text.locale,
    ...(text.fallback.length > 0 ? { untranslated: text.fallback } : {}),
  };
}

export function docEntries(catalog: Catalog, locale = catalog.defaultLocale): DocEntry[] {
  return catalog.errors.map((def) => docEntry(def, catalog, locale));
}
