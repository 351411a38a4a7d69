/**
 * The catalog-wide sections the errors are built against: categories (declared,
 * with their kind), documentation groups, languages, and the errors, categories and
 * groups of included catalogs. Each reports its own problems.
 */
import { isKind, KINDS, type Kind } from "./kinds.js";
import type { Catalog, Category, ErrorDefinition, Group } from "./model.js";
import { canonicalLocale, titleCase } from "./names.js";
import { nearest } from "./nearest.js";
import type { ProblemPath } from "./problem.js";
import { type CategoryInput, present } from "./resolve.js";
import type { CatalogInput } from "./schema.js";

/** Reports a problem of the build, at a path of the input. */
export type Report = (path: ProblemPath, rule: string, message: string, suggestion?: string) => void;

/** A category with the defaults its errors inherit. */
export type BuiltCategory = Category & { readonly defaults?: CategoryInput };

/** Declared categories; one that is not a built-in kind must name its kind. */
export function categoriesOf(input: CatalogInput, report: Report): Map<string, BuiltCategory> {
  const categories = new Map<string, BuiltCategory>();
  for (const [id, cat] of Object.entries(input.categories ?? {})) {
    let kind: Kind | undefined = cat.kind as Kind | undefined;
    if (!kind) {
      if (isKind(id)) kind = id;
      else {
        report(["categories", id], "unknown-kind", `category "${id}" is not a built-in kind: give it a \`kind\``);
        kind = "server";
      }
    }
    const title = cat.title ?? (id === kind ? KINDS[kind].title : titleCase(id));
    const category: BuiltCategory = { id, kind, title, label: cat.label ?? title, defaults: cat };
    if (present(cat.description)) Object.assign(category, { description: cat.description });
    if (cat.code) Object.assign(category, { code: cat.code.toLowerCase() });
    categories.set(id, category);
  }
  return categories;
}

/** Documentation groups; a parent must be declared. */
export function groupsOf(input: CatalogInput, report: Report): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const [id, { description, ...g }] of Object.entries(input.groups ?? {})) {
    groups.set(id, { id, ...g, ...(present(description) ? { description } : {}) });
  }
  for (const g of groups.values()) {
    if (g.parent && !groups.has(g.parent)) {
      const suggestion = nearest(g.parent, groups.keys())[0];
      report(["groups", g.id, "parent"], "unknown-group", `unknown parent group "${g.parent}"`, suggestion);
    }
  }
  return groups;
}

/** Languages: each declared tag checked and canonicalized (fr-ca → fr-CA); the first is the default. */
export function localesOf(input: CatalogInput, report: Report): string[] {
  const locales: string[] = [];
  for (const [i, tag] of (input.locales ?? []).entries()) {
    const canonical = canonicalLocale(tag);
    if (canonical === undefined)
      report(["locales", i], "locale-tag", `"${tag}" is not a well-formed BCP 47 language tag`);
    else if (locales.includes(canonical)) report(["locales", i], "locale-tag", `locale ${canonical} is declared twice`);
    else locales.push(canonical);
  }
  return locales;
}

/** What the errors are numbered into: every error so far, by name and by code. */
export interface Registry {
  readonly errors: ErrorDefinition[];
  readonly byName: Map<string, ErrorDefinition>;
  readonly byCode: Map<string, ErrorDefinition>;
}

/**
 * The included catalogs' errors first (a name declared by two is refused), and their
 * categories and groups where the catalog does not declare its own.
 */
export function mergeIncluded(
  included: readonly Catalog[],
  into: {
    readonly registry: Registry;
    readonly categories: Map<string, BuiltCategory>;
    readonly groups: Map<string, Group>;
  },
  report: Report,
): void {
  const { registry, categories, groups } = into;
  for (const inc of included) {
    for (const def of inc.errors) {
      const known = registry.byName.get(def.name);
      // The same catalog reached by two includes (a diamond) brings the same definitions: once.
      if (known === def) continue;
      if (known) {
        report(
          ["include"],
          "duplicate-name",
          `error name ${def.name} is declared by both included catalogs "${known.catalog}" and "${def.catalog}"`,
        );
        continue;
      }
      registry.byName.set(def.name, def);
      registry.byCode.set(def.code, def);
      registry.errors.push(def);
    }
    for (const cat of inc.categories) if (!categories.has(cat.id)) categories.set(cat.id, cat);
    for (const g of inc.groups) if (!groups.has(g.id)) groups.set(g.id, g);
  }
}
