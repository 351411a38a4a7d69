/**
 * The static site: an index per catalog and one for all of them, and one page per
 * error at `<catalog>/<slug>/`, the path of the docs URL the wire formats emit when
 * the catalog's site is deployed at its docsBaseUrl. Indexes are organised by
 * category or group (as the catalog says) and paged, so every error is reachable
 * without JavaScript; the script adds ranked word-prefix search and filters over
 * search files loaded as a query needs them. Several versions of one catalog make
 * a versioned site (versions.ts); a catalog in several languages has a site per
 * language (languages.ts). Pages, indexes, search files and assets only: it works
 * offline, from disk. The files are made one at a time, so a site of any size is
 * written in bounded memory.
 */
import { localizedCatalog } from "../catalog/locale.js";
import type { Catalog } from "../catalog/model.js";
import { slug } from "../catalog/names.js";
import { ownErrors } from "../own/catalog.js";
import { CSS, JS } from "./assets.js";
import { docEntry } from "./entries.js";
import { errorPage } from "./errorPage.js";
import { type IndexEntry, indexPages, type SearchRoot, type SectionNotes, sectionNotes } from "./indexPages.js";
import { languageFolder, languageLinks } from "./languages.js";
import { docSections } from "./layout.js";
import { fallbackNote } from "./markdown.js";
import { OPERATIONS_FOLDER, operationPages } from "./operationPages.js";
import { SearchIndex, type SearchManifest } from "./search.js";
import { byVersion, changesPage, versionNav } from "./versions.js";

/** The site's files: path (with `/`) → content. */
export type SiteFiles = Map<string, string>;

/** A file of the site: its path (with `/`) and content. */
export type SiteFile = readonly [string, string];

/** A generator's files moved under `folder`, its return value kept. */
function* under<R>(folder: string, files: Generator<SiteFile, R>): Generator<SiteFile, R> {
  let next = files.next();
  while (!next.done) {
    yield [`${folder}${next.value[0]}`, next.value[1]];
    next = files.next();
  }
  return next.value;
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

/** What an index is made of: its entries, its search, and what the catalog says of its sections. */
interface IndexParts {
  readonly entries: IndexEntry[];
  readonly search: SearchIndex;
  readonly sectioned: boolean;
  readonly notes: SectionNotes;
}

/** A catalog's index entries in the order of its sections, each fed to the index's search as it is made. */
function indexOf(catalog: Catalog, locale: string): IndexParts {
  const { sections } = docSections(catalog);
  const search = new SearchIndex();
  const entries: IndexEntry[] = [];
  for (const section of sections) {
    for (const def of section.errors) {
      const entry = docEntry(def, catalog, locale);
      // Links name index.html, so that the site also works opened from disk.
      const href = `${entry.page}index.html`;
      search.add(entry, href, section.title);
      entries.push({
        name: entry.name,
        code: entry.code,
        title: entry.title,
        message: entry.message,
        ...(entry.status !== undefined ? { status: entry.status } : {}),
        category: entry.category,
        categoryTitle: entry.categoryTitle,
        ...(entry.group ? { group: entry.group, groupTitle: entry.groupTitle ?? entry.group } : {}),
        catalog: catalog.name,
        href,
        section: section.title,
      });
    }
  }
  return { entries, search, sectioned: sections.length > 1, notes: sectionNotes(sections) };
}

/** What the root index needs of a catalog: its entries, its search and its sections' notes, in its default language. */
interface CatalogIndex {
  readonly entries: readonly IndexEntry[];
  readonly search: SearchManifest;
  readonly notes: SectionNotes;
}

/**
 * The pages of one version of a catalog under `base` (`gitclaw/` or `gitclaw/1.2.0/`),
 * in each of its languages; returns the default language's index.
 */
function* catalogPages(
  source: Catalog,
  base: string,
  root: string,
  versions?: string,
): Generator<SiteFile, CatalogIndex | undefined> {
  const clash = pageClash(source);
  if (clash) throw ownErrors.CLI_USAGE(clash);
  let own: CatalogIndex | undefined;
  for (const locale of source.locales) {
    const isDefault = locale === source.defaultLocale;
    const { catalog, fallback } = localizedCatalog(source, locale);
    const folder = `${base}${languageFolder(source, locale)}`;
    const links = languageLinks(source, locale);
    const here = isDefault ? root : `${root}../`;
    for (const def of catalog.errors) {
      const missing = fallback.get(def.name);
      yield [
        `${folder}${slug(def.name)}/index.html`,
        errorPage(def, catalog, `${here}../`, {
          lang: locale,
          ...links(1, `${slug(def.name)}/index.html`),
          ...(missing ? { untranslated: fallbackNote(missing, locale, source.defaultLocale) } : {}),
        }),
      ];
    }
    for (const [file, content] of operationPages(catalog, here, locale)) yield [`${folder}${file}`, content];
    const { entries, search, sectioned, notes } = indexOf(catalog, locale);
    const manifest = yield* under(folder, search.files());
    if (isDefault) own = { entries, search: manifest, notes };
    yield* under(
      folder,
      indexPages({
        title: `${catalog.title} ${versions ? `${catalog.version} ` : ""}errors`,
        root: here,
        entries,
        catalogs: [catalog],
        search: [{ ...manifest, base: "", catalog: catalog.name, prefix: "" }],
        ...(versions ? { versions: isDefault ? versions : "" } : {}),
        sectioned,
        notes,
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
      }),
    );
  }
  return own;
}

/** A catalog's pages in each of its versions: the newest at `<name>/`, each under `<name>/<version>/` too. */
function* catalogVersions(given: readonly Catalog[]): Generator<SiteFile, { newest: Catalog; index: CatalogIndex }> {
  const versions = byVersion(given);
  const newest = versions[0] as Catalog;
  const name = newest.name;
  const nav = versions.length > 1 ? (current: string, up: string) => versionNav(versions, current, up) : undefined;
  const index = yield* catalogPages(newest, `${name}/`, "../", nav?.(newest.version, ""));
  if (nav) {
    for (const [i, catalog] of versions.entries()) {
      yield* catalogPages(catalog, `${name}/${catalog.version}/`, "../../", nav(catalog.version, "../"));
      yield [
        `${name}/${catalog.version}/changes/index.html`,
        changesPage(catalog, versions[i + 1], nav(catalog.version, "../../")),
      ];
    }
  }
  return { newest, index: index as CatalogIndex };
}

/**
 * The site of some catalogs, file by file: an error's page is made when it is
 * asked for, so a writer keeps one page in memory at a time. Several versions of one
 * catalog make a versioned site.
 */
export function* siteFiles(catalogs: readonly Catalog[]): Generator<SiteFile> {
  yield ["_errata/errata.css", CSS];
  yield ["_errata/errata.js", JS];
  const byName = new Map<string, Catalog[]>();
  for (const c of catalogs) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  const all: IndexEntry[] = [];
  const latest: Catalog[] = [];
  const roots: SearchRoot[] = [];
  const notes = new Map<string, string>();
  for (const given of byName.values()) {
    const { newest, index } = yield* catalogVersions(given);
    latest.push(newest);
    // The root index lists the newest version's entries, linked one folder down; sectioned as the
    // catalog's own index is, and with several catalogs each section names its catalog.
    const prefix = byName.size > 1 ? `${newest.title} › ` : "";
    for (const e of index.entries)
      all.push({ ...e, section: `${prefix}${e.section}`, href: `${newest.name}/${e.href}` });
    roots.push({ ...index.search, base: `${newest.name}/`, catalog: newest.name, prefix });
    for (const [section, note] of index.notes) notes.set(`${prefix}${section}`, note);
  }
  const defaults = new Set(latest.map((c) => c.defaultLocale));
  const lang = defaults.size === 1 ? [...defaults][0] : undefined;
  yield* indexPages({
    title: latest.length === 1 ? `${latest[0]?.title} errors` : "Error reference",
    root: "",
    entries: all,
    catalogs: latest,
    search: roots,
    sectioned: new Set(all.map((e) => e.section)).size > 1,
    notes,
    ...(lang ? { language: { lang, switcher: "" } } : {}),
  });
}

/** Build the site of some catalogs in memory (what `errata serve` serves). */
export function buildSite(catalogs: readonly Catalog[]): SiteFiles {
  return new Map(siteFiles(catalogs));
}
