/**
 * The static site: an index per catalog and one for all of them, and one page per
 * error at `<catalog>/<slug>/`, the path of the docs URL the wire formats emit when
 * the catalog's site is deployed at its docsBaseUrl. Indexes are organised by
 * category or group (as the catalog says) and paged, so every error is reachable
 * without JavaScript; the script adds ranked word-prefix search and filters.
 * Several versions of one catalog make a versioned site: the newest at
 * `<catalog>/`, each version under `<catalog>/<version>/` with a changelog drawn
 * from the contract diff, and a version list on every index. A catalog in several
 * languages has its default's pages at `<catalog>/` and each other's under
 * `<catalog>/<locale>/`, a language switcher on every page, and what is not yet
 * translated marked. Pages, index and assets only: it works offline, from disk.
 */
import { localizedCatalog } from "../catalog/locale.js";
import type { Catalog, ErrorDefinition, Solution } from "../catalog/model.js";
import { slug } from "../catalog/names.js";
import { bumpBetween, diffCatalogs } from "../diff/diff.js";
import { ownErrors } from "../own/catalog.js";
import { ACTOR, detailNotes, retrySentence } from "./advice.js";
import { CSS, JS } from "./assets.js";
import { type DocEntry, docEntry } from "./entries.js";
import { exampleResponses, httpHead } from "./examples.js";
import { html, page, safeHref, scriptJson } from "./html.js";
import { type DocSections, docSections, groupChain, groupPath } from "./layout.js";
import { fallbackNote, metaText } from "./markdown.js";
import { OPERATIONS_FOLDER, operationPages, returnedByHtml } from "./operationPages.js";
import { proseHtml, proseInline } from "./prose.js";

/** The site's files: path (with `/`) → content. */
export type SiteFiles = Map<string, string>;

/** An index entry: a DocEntry with where it lives and the section it is listed under. */
interface IndexEntry extends DocEntry {
  readonly catalog: string;
  readonly href: string;
  readonly section: string;
}

/** Errors per static index page. */
export const PAGE_SIZE = 100;

function codeBlock(code: string, language = ""): string {
  return `<pre><code${language ? ` class="language-${html(language)}"` : ""}>${html(code)}</code></pre>`;
}

function list(title: string, items: readonly string[]): string {
  if (items.length === 0) return "";
  return `<h2>${html(title)}</h2><ul>${items.map((i) => `<li>${proseInline(i)}</li>`).join("")}</ul>`;
}

function solutions(items: readonly Solution[]): string {
  return items
    .map((s) => {
      const head = [s.title, s.text].filter(Boolean).join(": ");
      return `${head ? proseHtml(head, 3) : ""}${s.code ? codeBlock(s.code, s.language) : ""}`;
    })
    .join("");
}

function badges(def: ErrorDefinition, catalog: Catalog): string {
  const out = [
    def.status !== undefined ? `HTTP ${def.status}` : "no HTTP status",
    def.exitCode !== undefined ? `exit ${def.exitCode}` : undefined,
    def.category,
    def.group ? groupPath(catalog, def.group) : undefined,
  ]
    .filter((b): b is string => b !== undefined)
    .map((b) => `<span class="badge">${html(b)}</span>`);
  // A `maybe` error is retried when its condition holds (errata's client checks `when:`): neither badge fits.
  const [kind, label] =
    def.retry.policy === "maybe"
      ? ["maybe", "retryable when…"]
      : def.retryable
        ? ["retry", "retryable"]
        : ["noretry", "not retryable"];
  out.push(`<span class="badge ${kind}" title="${html(retrySentence(def.retry))}">${label}</span>`);
  return out.join("");
}

/** What a page in one language adds: its tag, the switcher to the others, the note on what is not translated. */
interface Language {
  readonly lang: string;
  readonly switcher: string;
  /** `<link rel="alternate" hreflang>` to the same page in each language, for the head. */
  readonly alternates?: string;
  readonly untranslated?: string;
}

/** What the catalog says of the error's group and the groups it sits in ("" when nothing). */
function groupSection(def: ErrorDefinition, catalog: Catalog): string {
  const groups = def.group ? groupChain(catalog, def.group).filter((g) => g.description) : [];
  if (groups.length === 0) return "";
  const said = groups.map(
    (g) => `<h2>${html(g.title)}</h2><div class="prose">${proseHtml(g.description ?? "", 3)}</div>`,
  );
  return `<section class="group">${said.join("")}</section>`;
}

function errorPage(def: ErrorDefinition, catalog: Catalog, root: string, language: Language): string {
  const id = def.code === def.name ? def.name : `${def.code} ${def.name}`;
  const parts: string[] = [];
  parts.push(language.switcher, `<h1>${html(id)}</h1>`);
  if (language.untranslated) {
    parts.push(`<p class="fallback" lang="${html(catalog.defaultLocale)}">${html(language.untranslated)}</p>`);
  }
  parts.push(`<p class="meta">${html(def.title)}${badges(def, catalog)}</p>`);
  const group = groupSection(def, catalog);
  if (group) parts.push(group);
  if (def.deprecated) {
    const d = def.deprecated;
    parts.push(
      `<p><strong>Deprecated</strong>${d.since ? ` since ${html(d.since)}` : ""}${d.replacedBy ? `: use <code>${html(d.replacedBy)}</code>` : ""}${d.reason ? ` (${html(d.reason)})` : ""}</p>`,
    );
  }
  if (def.description) parts.push(`<div class="prose">${proseHtml(def.description, 3)}</div>`);
  parts.push(`<p>Message: <code>${html(def.message.source)}</code></p>`);
  parts.push(
    `<div class="next"><p><strong>Retry:</strong> ${html(retrySentence(def.retry))}</p><p><strong>Who acts:</strong> ${html(ACTOR[def.actor])}</p><p><strong>Recovery:</strong> ${html(def.recovery.action.replace(/_/g, " "))} (recoverable: ${html(def.recovery.recoverable)})</p><p><strong>Severity:</strong> ${html(def.severity)}</p></div>`,
  );
  if (def.details.length > 0) {
    const rows = def.details
      .map(
        (f) =>
          `<tr><td><code>${html(f.name)}</code></td><td>${html(f.type === "array" && f.items ? `${f.items}[]` : f.type)}${f.nullable ? " | null" : ""}${f.required ? "" : " (optional)"}</td><td>${html([f.description, ...detailNotes(def, f)].filter(Boolean).join(" — "))}</td></tr>`,
      )
      .join("");
    parts.push(`<h2>Details</h2><table><tr><th>Field</th><th>Type</th><th>Description</th></tr>${rows}</table>`);
  }
  const meta = Object.entries(def.meta);
  if (meta.length > 0) {
    const rows = meta.map(([k, v]) => `<tr><td><code>${html(k)}</code></td><td>${html(metaText(v))}</td></tr>`);
    parts.push(`<h2>Extension fields</h2><table><tr><th>Field</th><th>Value</th></tr>${rows.join("")}</table>`);
  }
  parts.push(list("Symptoms", def.symptoms), list("Causes", def.causes));
  if (def.solutions.length > 0) parts.push(`<h2>Solutions</h2>${solutions(def.solutions)}`);
  if (def.subcodes.length > 0) {
    const rows = def.subcodes
      .map(
        (s) =>
          `<tr><td><code>${html(s.code)}</code></td><td>${html(s.name)}</td><td>${html(s.description)}</td><td>${html(s.retry?.policy ?? def.retry.policy)}</td></tr>`,
      )
      .join("");
    parts.push(
      `<h2>Sub-codes</h2><table><tr><th>Sub-code</th><th>Name</th><th>Meaning</th><th>Retry</th></tr>${rows}</table>`,
    );
  }
  if (def.reasons.length > 0) {
    const rows = def.reasons
      .map(
        (r) =>
          `<tr><td><code>${html(r.name)}</code></td><td>${html(r.description)}</td><td>${html(r.retry?.policy ?? def.retry.policy)}</td></tr>`,
      )
      .join("");
    parts.push(`<h2>Reasons</h2><table><tr><th>Reason</th><th>Meaning</th><th>Retry</th></tr>${rows}</table>`);
  }
  for (const example of exampleResponses(def, catalog)) {
    const head = httpHead(example);
    parts.push(
      `<h2>Example${example.title ? `: ${html(example.title)}` : ""}</h2>${head !== undefined ? codeBlock(head, "http") : ""}${codeBlock(example.body, example.language)}`,
    );
  }
  const links = def.links
    .map((l) => {
      const href = safeHref(l.url);
      return href
        ? `<li><a href="${html(href)}" rel="noopener">${html(l.title)}</a></li>`
        : `<li>${html(l.title)}</li>`;
    })
    .join("");
  const returnedBy = returnedByHtml(catalog, def);
  if (returnedBy) parts.push(returnedBy);
  if (links) parts.push(`<h2>See also</h2><ul>${links}</ul>`);
  if (def.docsUrl) parts.push(`<p class="meta">Permanent address: <code>${html(def.docsUrl)}</code></p>`);
  parts.push(`<p><a href="../index.html">All ${html(catalog.title)} errors</a></p>`);
  return page(`${id} · ${catalog.title}`, root, parts.join("\n"), language.lang, language.alternates);
}

function itemHtml(e: IndexEntry): string {
  const label = e.code === e.name ? e.name : `${e.code} ${e.name}`;
  const status = e.status !== undefined ? `<span class="badge">HTTP ${e.status}</span>` : "";
  const title = e.title && e.title !== label ? `<span class="title">${html(e.title)}</span>` : "";
  return `<li><a href="${html(e.href)}">${html(label)}</a>${title}${status}<span class="msg">${html(e.message)}</span></li>`;
}

/** What the catalog says of each section (a group's description, as HTML), by the section's title in the list. */
type SectionNotes = ReadonlyMap<string, string>;

function sectionNotes(sections: DocSections["sections"], prefix = ""): SectionNotes {
  return new Map(
    sections.flatMap((s) => (s.description ? [[`${prefix}${s.title}`, proseHtml(s.description, 3)] as const] : [])),
  );
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

function pager(page: number, pages: number, file: (n: number) => string): string {
  if (pages <= 1) return "";
  const link = (n: number, text: string) => `<a href="${html(file(n))}">${html(text)}</a>`;
  const numbers = Array.from({ length: pages }, (_, i) =>
    i + 1 === page ? `<strong>${i + 1}</strong>` : link(i + 1, String(i + 1)),
  );
  return `<nav class="pager" aria-label="Pages">${page > 1 ? link(page - 1, "← Previous") : ""} ${numbers.join(" ")} ${page < pages ? link(page + 1, "Next →") : ""}</nav>`;
}

interface IndexOptions {
  readonly title: string;
  readonly root: string;
  readonly entries: readonly IndexEntry[];
  readonly catalogs: readonly Catalog[];
  /** The version list and changelog links, when the catalog has several versions. */
  readonly versions?: string;
  readonly sectioned: boolean;
  /** Each section's description, by its title. */
  readonly notes?: SectionNotes;
  /** A line under the title that leads to the catalog's operations, when it declares any. */
  readonly operations?: string;
  readonly language?: Language;
}

/** The paged index pages: `index.html` (with the search data), then `index-2.html`… for reading without script. */
function indexPages(options: IndexOptions): Map<string, string> {
  const { title, root, entries, catalogs, versions, sectioned, language, notes = new Map(), operations = "" } = options;
  const select = (id: string, label: string, values: readonly (readonly [string, string])[]) =>
    values.length > 1
      ? `<select id="${id}" aria-label="${html(label)}"><option value="">All ${html(label.toLowerCase())}</option>${values.map(([value, text]) => `<option value="${html(value)}">${html(text)}</option>`).join("")}</select>`
      : "";
  const distinct = (pick: (e: IndexEntry) => readonly [string, string] | undefined) => [
    ...new Map(entries.flatMap((e) => (pick(e) ? [pick(e) as readonly [string, string]] : []))).entries(),
  ];
  const statuses = [...new Set(entries.map((e) => e.status))]
    .sort((a, b) => (a ?? 0) - (b ?? 0))
    .map((s) => (s === undefined ? (["none", "No HTTP status"] as const) : ([String(s), `HTTP ${s}`] as const)));
  const filters = [
    catalogs.length > 1
      ? select(
          "catalog",
          "Catalogs",
          catalogs.map((c) => [c.name, c.title] as const),
        )
      : "",
    select(
      "category",
      "Categories",
      distinct((e) => [e.category, e.categoryTitle]),
    ),
    select(
      "group",
      "Groups",
      distinct((e) => (e.group ? [e.group, e.groupTitle ?? e.group] : undefined)),
    ),
    select("status", "Statuses", statuses),
    `<select id="retryable" aria-label="Retryable"><option value="">Retryable or not</option><option value="true">Retryable</option><option value="false">Not retryable</option></select>`,
  ].join("");
  const pages = Math.max(1, Math.ceil(entries.length / PAGE_SIZE));
  const file = (n: number) => (n === 1 ? "index.html" : `index-${n}.html`);
  const out = new Map<string, string>();
  for (let n = 1; n <= pages; n++) {
    const slice = entries.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE);
    const search =
      n === 1
        ? `<div class="search" role="search">
<input id="q" type="search" placeholder="Search codes, names, messages, groups, causes…" aria-label="Search errors" autocomplete="off">
${filters}
</div>`
        : `<p><a href="index.html">Search all ${entries.length} errors</a></p>`;
    const body = `${language?.switcher ?? ""}<h1>${html(title)}</h1>
${versions ?? ""}${operations}${language?.untranslated ? `<p class="fallback">${html(language.untranslated)}</p>\n` : ""}${search}
<p id="count">${entries.length} errors${pages > 1 ? ` · page ${n} of ${pages}` : ""}</p>
<ul class="errors" id="results" data-sectioned="${sectioned}">
${listHtml(slice, sectioned, notes)}
</ul>
<div id="pager">${pager(n, pages, file)}</div>${n === 1 ? `\n${notesTemplate(notes)}<script type="application/json" id="errata-index">${scriptJson(entries)}</script>` : ""}`;
    out.set(file(n), page(title, root, body, language?.lang, n === 1 ? language?.alternates : undefined));
  }
  return out;
}

/** A catalog's entries in the order of its sections (category or group), each linked from the catalog's index. */
function entriesOf(catalog: Catalog, sections: DocSections["sections"], locale: string): IndexEntry[] {
  const out: IndexEntry[] = [];
  for (const section of sections) {
    for (const def of section.errors) {
      const entry = docEntry(def, catalog, locale);
      // Links name index.html, so that the site also works opened from disk.
      out.push({ ...entry, catalog: catalog.name, section: section.title, href: `${entry.page}index.html` });
    }
  }
  return out;
}

/** Newest first, by semantic version; the same version twice is refused. */
function byVersion(versions: readonly Catalog[]): Catalog[] {
  const sorted = [...versions].sort((a, b) => {
    const bump = bumpBetween(a.version, b.version);
    return bump === "none" ? 0 : bump === "downgrade" ? -1 : 1;
  });
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1] as Catalog, sorted[i] as Catalog];
    if (bumpBetween(b.version, a.version) === "none") {
      throw ownErrors.CLI_USAGE({
        problem: `catalog ${a.name} is given twice at version ${a.version}${a.source && b.source ? ` (${b.source} and ${a.source})` : ""}: give each version once`,
        usage: "errata docs <catalog@1.0.0.yaml> <catalog@2.0.0.yaml> --out <dir>",
      });
    }
  }
  return sorted;
}

function versionNav(versions: readonly Catalog[], current: string, toCatalog: string): string {
  const items = versions.map((c, i) => {
    const label = `${c.version}${i === 0 ? " (latest)" : ""}`;
    const link =
      c.version === current
        ? `<strong>${html(label)}</strong>`
        : `<a href="${html(`${toCatalog}${c.version}/index.html`)}">${html(label)}</a>`;
    return `${link} · <a href="${html(`${toCatalog}${c.version}/changes/index.html`)}">changes</a>`;
  });
  return `<nav class="versions" aria-label="Versions"><span class="meta">Versions:</span> ${items.join(" | ")}</nav>\n`;
}

function changesPage(catalog: Catalog, previous: Catalog | undefined, nav: string): string {
  const title = `${catalog.title} ${catalog.version}: changes`;
  if (!previous) {
    return page(
      title,
      "../../../",
      `<h1>${html(title)}</h1>\n${nav}<p>The first version: ${catalog.errors.length} errors.</p>`,
    );
  }
  const diff = diffCatalogs(previous, catalog);
  const sections = (["breaking", "compatible", "docs"] as const)
    .map((impact) => {
      const changes = diff.changes.filter((c) => c.impact === impact);
      if (changes.length === 0) return "";
      const heading = { breaking: "Breaking", compatible: "Compatible", docs: "Documentation" }[impact];
      return `<h2>${heading} (${changes.length})</h2><ul>${changes.map((c) => `<li>${html(c.message)} <code>${html(c.rule)}</code></li>`).join("")}</ul>`;
    })
    .join("");
  const body = `<h1>${html(title)}</h1>
${nav}<p>From ${html(previous.version)} to ${html(catalog.version)}: ${diff.changes.length} change(s); ${html(diff.required)} version bump required.</p>
${sections || "<p>No changes to the error contract.</p>"}`;
  return page(title, "../../../", body);
}

/** The folder of a language under a catalog's base: none for the default, `fr/` for fr. */
function languageFolder(catalog: Catalog, locale: string): string {
  return locale === catalog.defaultLocale ? "" : `${locale}/`;
}

/**
 * For pages in the language `current`: links to the same page in each of the
 * catalog's languages, as a switcher (each language named in itself: Français,
 * English) and as head links (itself included, as search engines ask). A page is
 * `depth` folders below its language's folder (0 for an index, 1 for an error's page).
 */
function languageLinks(
  catalog: Catalog,
  current: string,
): (depth: number, rest: string) => Pick<Language, "switcher" | "alternates"> {
  if (catalog.locales.length < 2) return () => ({ switcher: "" });
  const names = new Intl.DisplayNames([current], { type: "language", fallback: "code" });
  const labels = catalog.locales.map((locale) => {
    const own = new Intl.DisplayNames([locale], { type: "language", fallback: "code" }).of(locale) ?? locale;
    return {
      locale,
      label: `${own.charAt(0).toLocaleUpperCase(locale)}${own.slice(1)}`,
      title: names.of(locale) ?? locale,
    };
  });
  return (depth, rest) => {
    const up = "../".repeat(depth + (current === catalog.defaultLocale ? 0 : 1));
    const href = (locale: string) => html(`${up}${languageFolder(catalog, locale)}${rest}`);
    const links = labels.map(({ locale, label, title }) =>
      locale === current
        ? `<strong lang="${html(locale)}" aria-current="page">${html(label)}</strong>`
        : `<a href="${href(locale)}" hreflang="${html(locale)}" lang="${html(locale)}" title="${html(title)}">${html(label)}</a>`,
    );
    return {
      switcher: `<nav class="languages" aria-label="Languages">${links.join(" · ")}</nav>\n`,
      alternates: labels
        .map(({ locale }) => `\n<link rel="alternate" hreflang="${html(locale)}" href="${href(locale)}">`)
        .join(""),
    };
  };
}

/**
 * An error whose page folder another folder of the catalog takes: a language's
 * (fr/ beside the errors' pages), or the operations' (operations/).
 */
function pageClash(source: Catalog): { problem: string; usage: string } | undefined {
  for (const d of source.errors) {
    const s = slug(d.name);
    if (source.locales.some((l) => l.toLowerCase() === s)) {
      return {
        problem: `the page of ${d.name} (${s}/) would be the folder of the ${s} language's pages`,
        usage: "rename the error, or leave that language out of the catalog's locales to build its site",
      };
    }
    if (source.operations.length > 0 && s === OPERATIONS_FOLDER) {
      return {
        problem: `the page of ${d.name} (${s}/) would be the folder of the operations' pages`,
        usage: "rename the error to build the catalog's site",
      };
    }
  }
  return undefined;
}

/**
 * The pages of one version of a catalog under `base` (`gitclaw/` or `gitclaw/1.2.0/`),
 * in each of its languages; returns the default language's entries.
 */
function catalogPages(files: SiteFiles, source: Catalog, base: string, root: string, versions?: string): IndexEntry[] {
  const clash = pageClash(source);
  if (clash) throw ownErrors.CLI_USAGE(clash);
  let own: IndexEntry[] = [];
  for (const locale of source.locales) {
    const isDefault = locale === source.defaultLocale;
    const { catalog, fallback } = localizedCatalog(source, locale);
    const folder = `${base}${languageFolder(source, locale)}`;
    const links = languageLinks(source, locale);
    const here = isDefault ? root : `${root}../`;
    const { sections } = docSections(catalog);
    const entries = entriesOf(catalog, sections, locale);
    if (isDefault) own = entries;
    for (const def of catalog.errors) {
      const missing = fallback.get(def.name);
      files.set(
        `${folder}${slug(def.name)}/index.html`,
        errorPage(def, catalog, `${here}../`, {
          lang: locale,
          ...links(1, `${slug(def.name)}/index.html`),
          ...(missing ? { untranslated: fallbackNote(missing, locale, source.defaultLocale) } : {}),
        }),
      );
    }
    for (const [file, content] of operationPages(catalog, here, locale)) files.set(`${folder}${file}`, content);
    for (const [file, content] of indexPages({
      title: `${catalog.title} ${versions ? `${catalog.version} ` : ""}errors`,
      root: here,
      entries,
      catalogs: [catalog],
      ...(versions ? { versions: isDefault ? versions : "" } : {}),
      sectioned: sections.length > 1,
      notes: sectionNotes(sections),
      ...(catalog.operations.length > 0
        ? {
            operations: `<p class="operations"><a href="${OPERATIONS_FOLDER}/index.html">${catalog.operations.length} operations</a>: what each may return</p>\n`,
          }
        : {}),
      language: {
        lang: locale,
        ...links(0, "index.html"),
        ...(fallback.size > 0
          ? {
              untranslated: `${fallback.size} of ${catalog.errors.length} errors are not fully translated into ${locale}: their ${source.defaultLocale} text is shown and marked.`,
            }
          : {}),
      },
    })) {
      files.set(`${folder}${file}`, content);
    }
  }
  return own;
}

/** Build the site of some catalogs, in memory. Several versions of one catalog make a versioned site. */
export function buildSite(catalogs: readonly Catalog[]): SiteFiles {
  const files: SiteFiles = new Map();
  files.set("_errata/errata.css", CSS);
  files.set("_errata/errata.js", JS);
  const byName = new Map<string, Catalog[]>();
  for (const c of catalogs) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  const all: IndexEntry[] = [];
  const latest: Catalog[] = [];
  const notes = new Map<string, string>();
  for (const [name, given] of byName) {
    const versions = byVersion(given);
    const newest = versions[0] as Catalog;
    latest.push(newest);
    const nav = versions.length > 1 ? (current: string, up: string) => versionNav(versions, current, up) : undefined;
    // The root index lists the newest version's entries, linked one folder down.
    const own = catalogPages(files, newest, `${name}/`, "../", nav?.(newest.version, ""));
    // Sectioned as the catalog's own index is; with several catalogs each section names its catalog.
    const prefix = byName.size > 1 ? `${newest.title} › ` : "";
    for (const e of own) all.push({ ...e, section: `${prefix}${e.section}`, href: `${name}/${e.href}` });
    for (const [section, note] of sectionNotes(docSections(newest).sections, prefix)) notes.set(section, note);
    if (!nav) continue;
    versions.forEach((catalog, i) => {
      catalogPages(files, catalog, `${name}/${catalog.version}/`, "../../", nav(catalog.version, "../"));
      files.set(
        `${name}/${catalog.version}/changes/index.html`,
        changesPage(catalog, versions[i + 1], nav(catalog.version, "../../")),
      );
    });
  }
  const title = latest.length === 1 ? `${latest[0]?.title} errors` : "Error reference";
  const defaults = new Set(latest.map((c) => c.defaultLocale));
  const lang = defaults.size === 1 ? [...defaults][0] : undefined;
  for (const [file, content] of indexPages({
    title,
    root: "",
    entries: all,
    catalogs: latest,
    sectioned: new Set(all.map((e) => e.section)).size > 1,
    notes,
    ...(lang ? { language: { lang, switcher: "" } } : {}),
  })) {
    files.set(file, content);
  }
  return files;
}
