/**
 * How the references organise a catalog: by category (the default) or by group, as
 * the catalog's `organize` says. A group nested in another follows its parent and
 * carries its path in its title; errors in no group end up in a last section.
 */
import type { Catalog, ErrorDefinition } from "../catalog/model.js";

export interface DocSection {
  /** The category or group id; "" for the errors in no group. */
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly errors: readonly ErrorDefinition[];
}

export interface DocSections {
  readonly by: "category" | "group";
  readonly sections: readonly DocSection[];
}

/** The reference's title, without doubling words the catalog's title already has ("X Error Reference"). */
export function referenceTitle(catalog: Catalog): string {
  return /\berror(s| catalog| reference)?$/i.test(catalog.title) ? catalog.title : `${catalog.title} Error Reference`;
}

/** Each catalog's groups by id, made once: every page and entry asks for its group's path. */
const groupsOf = new WeakMap<Catalog, ReadonlyMap<string, Catalog["groups"][number]>>();
const pathsOf = new WeakMap<Catalog, Map<string, string>>();

function groupsById(catalog: Catalog): ReadonlyMap<string, Catalog["groups"][number]> {
  let byId = groupsOf.get(catalog);
  if (!byId) {
    byId = new Map(catalog.groups.map((g) => [g.id, g]));
    groupsOf.set(catalog, byId);
  }
  return byId;
}

/** A group's title with its parents': `Storage › Buckets` (made once per catalog and group). */
export function groupPath(catalog: Catalog, id: string): string {
  let paths = pathsOf.get(catalog);
  if (!paths) {
    paths = new Map();
    pathsOf.set(catalog, paths);
  }
  let path = paths.get(id);
  if (path === undefined) {
    const byId = groupsById(catalog);
    const titles: string[] = [];
    const seen = new Set<string>();
    for (let g = byId.get(id); g && !seen.has(g.id); g = g.parent ? byId.get(g.parent) : undefined) {
      seen.add(g.id);
      titles.unshift(g.title);
    }
    path = titles.join(" › ") || id;
    paths.set(id, path);
  }
  return path;
}

/** A group and its parents, outermost first, each with its description: what a page of the group says of it. */
export function groupChain(catalog: Catalog, id: string): { readonly title: string; readonly description?: string }[] {
  const byId = groupsById(catalog);
  const chain: { title: string; description?: string }[] = [];
  const seen = new Set<string>();
  for (let g = byId.get(id); g && !seen.has(g.id); g = g.parent ? byId.get(g.parent) : undefined) {
    seen.add(g.id);
    chain.unshift({ title: g.title, ...(g.description ? { description: g.description } : {}) });
  }
  return chain;
}

/** Groups in reading order: each one's children right after it, in declaration order. */
function groupOrder(catalog: Catalog): string[] {
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  const ids = new Set(catalog.groups.map((g) => g.id));
  for (const g of catalog.groups) {
    if (g.parent && ids.has(g.parent) && g.parent !== g.id) {
      const list = children.get(g.parent) ?? [];
      list.push(g.id);
      children.set(g.parent, list);
    } else roots.push(g.id);
  }
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    out.push(id);
    for (const child of children.get(id) ?? []) visit(child);
  };
  for (const id of roots) visit(id);
  // Groups caught in a parent cycle (lint reports it): after the rest.
  for (const g of catalog.groups) visit(g.id);
  return out;
}

/** The sections of a catalog's references, each with its errors in declaration order; empty sections left out. */
export function docSections(catalog: Catalog): DocSections {
  if (catalog.organize === "group") {
    const byGroup = new Map<string, ErrorDefinition[]>();
    for (const def of catalog.errors) {
      const key = def.group ?? "";
      const list = byGroup.get(key) ?? [];
      list.push(def);
      byGroup.set(key, list);
    }
    const groups = new Map(catalog.groups.map((g) => [g.id, g]));
    const sections: DocSection[] = [];
    for (const id of groupOrder(catalog)) {
      const errors = byGroup.get(id);
      if (!errors) continue;
      const description = groups.get(id)?.description;
      sections.push({ id, title: groupPath(catalog, id), ...(description ? { description } : {}), errors });
    }
    const rest = byGroup.get("");
    if (rest) sections.push({ id: "", title: "Other Errors", errors: rest });
    return { by: "group", sections };
  }
  const sections: DocSection[] = [];
  for (const category of catalog.categories) {
    const errors = catalog.errors.filter((d) => d.category === category.id);
    if (errors.length === 0) continue;
    sections.push({
      id: category.id,
      title: category.title,
      ...(category.description ? { description: category.description } : {}),
      errors,
    });
  }
  return { by: "category", sections };
}
