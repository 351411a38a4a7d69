/**
 * An index of errors as static pages of 100 (`index.html`, `index-2.html`…), each
 * linking its neighbours, so every error is reachable without script. The first
 * page carries the search box and filters, and embeds only what its search needs
 * to start (the list of word shards): the search data itself is in files beside
 * it, loaded as a query needs them (search.ts). Its size does not grow with the
 * catalog's beyond the filters' options.
 */

import { html, page, scriptJson } from "./html.js";
import type { DocSections } from "./layout.js";
import { proseHtml } from "./prose.js";
import type { SearchManifest } from "./search.js";

/** What an index lists of an error, where its page is, and the section it is listed under. */
export interface IndexEntry {
  readonly name: string;
  readonly code: string;
  readonly title: string;
  readonly message: string;
  readonly status?: number;
  readonly category: string;
  readonly categoryTitle: string;
  readonly group?: string;
  readonly groupTitle?: string;
  readonly catalog: string;
  readonly href: string;
  readonly section: string;
}

/** An index's search: the catalogs' search folders it reads (relative to the index), each with its manifest. */
export interface SearchRoot extends SearchManifest {
  /** The folder of the catalog's index, relative to this index ("" for its own). */
  readonly base: string;
  readonly catalog: string;
  /** What its sections are prefixed with here (a catalog's title, on the index of several). */
  readonly prefix: string;
}

/** Errors per static index page. */
export const PAGE_SIZE = 100;

function itemHtml(e: IndexEntry): string {
  const label = e.code === e.name ? e.name : `${e.code} ${e.name}`;
  const status = e.status !== undefined ? `<span class="badge">HTTP ${e.status}</span>` : "";
  const title = e.title && e.title !== label ? `<span class="title">${html(e.title)}</span>` : "";
  return `<li><a href="${html(e.href)}">${html(label)}</a>${title}${status}<span class="msg">${html(e.message)}</span></li>`;
}

/** What the catalog says of each section (a group's description, as HTML), by the section's title in the list. */
export type SectionNotes = ReadonlyMap<string, string>;

export function sectionNotes(sections: DocSections["sections"]): SectionNotes {
  return new Map(sections.flatMap((s) => (s.description ? [[s.title, proseHtml(s.description, 3)] as const] : [])));
}

/** Every section's note, for the search script to show under its heading (a template is never rendered as it is). */
function notesTemplate(notes: SectionNotes): string {
  if (notes.size === 0) return "";
  const kept = [...notes].map(([section, note]) => `<div class="prose" data-section="${html(section)}">${note}</div>`);
  return `<template id="errata-notes">${kept.join("")}</template>
`;
}

/** One page of the list, with a heading (and what the catalog says of the section) wherever the section changes. */
function listHtml(entries: readonly IndexEntry[], sectioned: boolean, notes: SectionNotes): string {
  const out: string[] = [];
  let section: string | undefined;
  for (const e of entries) {
    if (sectioned && e.section !== section) {
      section = e.section;
      const note = notes.get(section);
      out.push(`<li class="section"><h2>${html(section)}</h2>${note ? `<div class="prose">${note}</div>` : ""}</li>`);
    }
    out.push(itemHtml(e));
  }
  return out.join("\n");
}

/** Links to the first and last pages, and to the three on each side of this one: short at any number of pages. */
function pager(current: number, pages: number, file: (n: number) => string): string {
  if (pages <= 1) return "";
  const link = (n: number, text: string) => `<a href="${html(file(n))}">${html(text)}</a>`;
  const shown = [...new Set([1, ...Array.from({ length: 7 }, (_, i) => current - 3 + i), pages])].filter(
    (n) => n >= 1 && n <= pages,
  );
  const numbers = shown.map((n, i) => {
    const gap = i > 0 && n - (shown[i - 1] as number) > 1 ? "… " : "";
    return `${gap}${n === current ? `<strong>${n}</strong>` : link(n, String(n))}`;
  });
  return `<nav class="pager" aria-label="Pages">${current > 1 ? link(current - 1, "← Previous") : ""} ${numbers.join(" ")} ${current < pages ? link(current + 1, "Next →") : ""}</nav>`;
}

export interface IndexOptions {
  readonly title: string;
  readonly root: string;
  readonly entries: readonly IndexEntry[];
  /** The catalogs listed, by name and title (a catalog filter when there are several). */
  readonly catalogs: readonly { readonly name: string; readonly title: string }[];
  readonly search: readonly SearchRoot[];
  /** The version list and changelog links, when the catalog has several versions. */
  readonly versions?: string;
  readonly sectioned: boolean;
  /** Each section's description, by its title. */
  readonly notes?: SectionNotes;
  /** A line under the title that leads to the catalog's operations, when it declares any. */
  readonly operations?: string;
  readonly language?: {
    readonly lang: string;
    readonly switcher: string;
    readonly alternates?: string;
    readonly untranslated?: string;
  };
}

function select(id: string, label: string, values: readonly (readonly [string, string])[]): string {
  return values.length > 1
    ? `<select id="${id}" aria-label="${html(label)}"><option value="">All ${html(label.toLowerCase())}</option>${values.map(([value, text]) => `<option value="${html(value)}">${html(text)}</option>`).join("")}</select>`
    : "";
}

/** The filters: catalog (of several), category, group, status, retry; each a choice among the values listed. */
function filtersHtml(entries: readonly IndexEntry[], catalogs: IndexOptions["catalogs"]): string {
  const categories = new Map<string, string>();
  const groups = new Map<string, string>();
  const statuses = new Set<number | undefined>();
  for (const e of entries) {
    categories.set(e.category, e.categoryTitle);
    if (e.group) groups.set(e.group, e.groupTitle ?? e.group);
    statuses.add(e.status);
  }
  const statusValues = [...statuses]
    .sort((a, b) => (a ?? 0) - (b ?? 0))
    .map((s) => (s === undefined ? (["none", "No HTTP status"] as const) : ([String(s), `HTTP ${s}`] as const)));
  return [
    catalogs.length > 1
      ? select(
          "catalog",
          "Catalogs",
          catalogs.map((c) => [c.name, c.title] as const),
        )
      : "",
    select("category", "Categories", [...categories]),
    select("group", "Groups", [...groups]),
    select("status", "Statuses", statusValues),
    `<select id="retryable" aria-label="Retryable"><option value="">Retryable or not</option><option value="true">Retryable</option><option value="false">Not retryable</option></select>`,
  ].join("");
}

/** The paged index pages: `index.html` (with the search box), then `index-2.html`… for reading without script. */
export function* indexPages(options: IndexOptions): Generator<readonly [string, string]> {
  const { title, root, entries, versions, sectioned, language, notes = new Map(), operations = "" } = options;
  const pages = Math.max(1, Math.ceil(entries.length / PAGE_SIZE));
  const file = (n: number) => (n === 1 ? "index.html" : `index-${n}.html`);
  for (let n = 1; n <= pages; n++) {
    const slice = entries.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE);
    const search =
      n === 1
        ? `<div class="search" role="search">
<input id="q" type="search" placeholder="Search codes, names, messages, groups, causes…" aria-label="Search errors" autocomplete="off">
${filtersHtml(entries, options.catalogs)}
</div>`
        : `<p><a href="index.html">Search all ${entries.length} errors</a></p>`;
    const body = `${language?.switcher ?? ""}<h1>${html(title)}</h1>
${versions ?? ""}${operations}${language?.untranslated ? `<p class="fallback">${html(language.untranslated)}</p>\n` : ""}${search}
<p id="count">${entries.length} errors${pages > 1 ? ` · page ${n} of ${pages}` : ""}</p>
<ul class="errors" id="results" data-sectioned="${sectioned}">
${listHtml(slice, sectioned, notes)}
</ul>
<div id="pager">${pager(n, pages, file)}</div>${n === 1 ? `\n${notesTemplate(notes)}<script type="application/json" id="errata-search">${scriptJson({ roots: options.search })}</script>` : ""}`;
    yield [file(n), page(title, root, body, language?.lang, n === 1 ? language?.alternates : undefined)];
  }
}
