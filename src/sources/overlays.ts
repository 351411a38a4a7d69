/**
 * Translation overlays: a catalog's `translationFiles` (one locale each, such as
 * locales/shop.fr.yaml, owned by a translation team) merged into its errors'
 * `translations` before the build, so their entries are checked exactly as inline
 * ones, and every problem of an entry placed in its overlay at its own line.
 */
import { dirname, resolve } from "node:path";
import type { Catalog } from "../catalog/model.js";
import { canonicalLocale } from "../catalog/names.js";
import { nearest } from "../catalog/nearest.js";
import { type CatalogFile, type Position, parseCatalogText, placeProblems } from "../catalog/parse.js";
import type { Problem, ProblemPath } from "../catalog/problem.js";
import { translationFileSchema } from "../catalog/schema.js";
import { isErrataError } from "../runtime/ErrataError.js";

/** How the loader reads files: where a file may be read from, its text, how its path is shown, the files read. */
export interface OverlayReading {
  readonly files: Map<string, CatalogFile>;
  readonly readable: (path: string) => boolean;
  /** The file's text; throws errata's CATALOG_NOT_FOUND or CATALOG_UNREADABLE. */
  readonly read: (path: string) => string;
  readonly shown: (path: string) => string;
}

/** The merge in progress: the catalog's file and declared languages, the errors as merged so far, and where problems go. */
interface Merge {
  readonly file: CatalogFile;
  readonly io: OverlayReading;
  readonly problems: Problem[];
  readonly declared: readonly string[];
  readonly includedNames: ReadonlySet<string>;
  readonly merged: Record<string, unknown>;
  /** `name\0tag` → the overlay that wrote it. */
  readonly origins: Map<string, CatalogFile>;
}

/** An overlay read and shaped: its file, its canonical locale, its entries. */
interface Overlay {
  readonly file: CatalogFile;
  readonly locale: string;
  readonly errors: Readonly<Record<string, unknown>>;
}

/** Report a problem at `path` of `where`; undefined, for the stage that gives up on it. */
function fail(
  m: Merge,
  where: CatalogFile,
  path: ProblemPath,
  rule: string,
  message: string,
  suggestion?: string,
): undefined {
  const problem: Problem = { severity: "error", rule, message, path, ...(suggestion ? { suggestion } : {}) };
  m.problems.push(...placeProblems([problem], where));
  return undefined;
}

/** The catalog's declared locales, canonical; the first is its default. */
function declaredLocales(raw: object): string[] {
  const locales = (raw as { locales?: unknown }).locales;
  if (!Array.isArray(locales)) return [];
  return locales.map((l) => (typeof l === "string" ? canonicalLocale(l) : undefined)).filter((l) => l !== undefined);
}

/** The text of the overlay listed at `translationFiles[i]`, or undefined with the problem of the catalog's line. */
function overlayText(
  m: Merge,
  path: string,
  i: number,
  seen: Set<string>,
): { text: string; target: string } | undefined {
  const target = resolve(dirname(m.file.file), path);
  const refuse = (rule: string, message: string) => fail(m, m.file, ["translationFiles", i], rule, message);
  if (seen.has(target)) return refuse("include-twice", `translation file "${path.slice(0, 80)}" is listed twice`);
  seen.add(target);
  if (!m.io.readable(target)) {
    const message = `translation file "${path.slice(0, 80)}" reaches outside the catalog's folder, so it is not read`;
    return refuse("include-outside", message);
  }
  try {
    return { text: m.io.read(target), target };
  } catch (error) {
    // A missing or unreadable overlay is a problem of the catalog's line that lists it, not the end of the run.
    if (!isErrataError(error)) throw error;
    const rule = error.name === "CATALOG_NOT_FOUND" ? "translation-file-missing" : "translation-file-unreadable";
    return refuse(rule, error.message);
  }
}

/** Why an overlay's locale cannot be merged, or undefined when it can. */
function localeProblem(m: Merge, given: string, locale: string | undefined): [string, string] | undefined {
  const defaultLocale = m.declared[0] ?? "en";
  if (locale === undefined) return ["locale-tag", `"${given.slice(0, 40)}" is not a well-formed BCP 47 language tag`];
  if (locale === defaultLocale)
    return ["unknown-locale", `${locale} is the catalog's default language: its text is the errors' own`];
  if (m.declared.includes(locale)) return undefined;
  const declared = m.declared.join(", ") || "none";
  return ["unknown-locale", `locale ${locale} is not declared in the catalog's locales (${declared})`];
}

/** Read, parse and check one overlay; undefined when it cannot be merged (its problems reported). */
function readOverlay(m: Merge, path: string, i: number, seen: Set<string>): Overlay | undefined {
  const read = overlayText(m, path, i, seen);
  if (!read) return undefined;
  const parsed = parseCatalogText(read.text, m.io.shown(read.target));
  m.io.files.set(parsed.file.file, parsed.file);
  m.problems.push(...parsed.problems);
  if (parsed.file.raw === undefined) return undefined;
  const shape = translationFileSchema.safeParse(parsed.file.raw);
  if (!shape.success) {
    const message =
      "this is not a translation file: it needs `locale:` and `errors:` (name → title, message, description, causes, solutions)";
    return fail(m, parsed.file, [], "not-a-translation-file", message);
  }
  const locale = canonicalLocale(shape.data.locale);
  const problem = localeProblem(m, shape.data.locale, locale);
  if (problem || locale === undefined) return fail(m, parsed.file, ["locale"], ...(problem ?? ["locale-tag", ""]));
  return { file: parsed.file, locale, errors: shape.data.errors };
}

/** Merge one entry of an overlay into its error's translations, unless the error is unknown or already translated. */
function mergeEntry(m: Merge, overlay: Overlay, name: string, entry: unknown): void {
  const own = m.merged[name];
  const { locale } = overlay;
  if (!own || typeof own !== "object" || Array.isArray(own)) {
    const suggestion = nearest(name, Object.keys(m.merged))[0];
    const message = m.includedNames.has(name)
      ? `${name} is declared in an included catalog: translate it in that catalog's own files`
      : `the catalog declares no error ${name}${suggestion ? `; did you mean ${suggestion}?` : ""}`;
    fail(m, overlay.file, ["errors", name], "unknown-error", message, suggestion);
    return;
  }
  const inline = (own as { translations?: Record<string, unknown> }).translations ?? {};
  const twice = Object.keys(inline).find((tag) => canonicalLocale(tag) === locale);
  if (twice !== undefined || m.origins.has(`${name}\0${locale}`)) {
    const where = twice !== undefined ? "inline in the catalog" : "in another translation file";
    fail(
      m,
      overlay.file,
      ["errors", name],
      "translation-twice",
      `${name} is translated into ${locale} ${where} too; keep one`,
    );
    return;
  }
  m.origins.set(`${name}\0${locale}`, overlay.file);
  m.merged[name] = { ...own, translations: { ...inline, [locale]: entry } };
}

/** Where a problem of the merged data sits: in the overlay that wrote a translation, else in the catalog's file. */
function locatorOf(file: CatalogFile, origins: ReadonlyMap<string, CatalogFile>) {
  return (path: ProblemPath): Position | undefined => {
    const [top, name, key, tag, ...rest] = path;
    const overlay =
      top === "errors" && key === "translations" && typeof tag === "string"
        ? origins.get(`${String(name)}\0${tag}`)
        : undefined;
    if (!overlay) return file.locate(path);
    const at = overlay.locate(["errors", String(name), ...rest]);
    return at ? { ...at, file: overlay.file } : undefined;
  };
}

/**
 * Merge a catalog's `translationFiles` into its errors' `translations`, so an overlay's
 * entries are checked exactly as inline ones; the returned file places a problem of a
 * merged entry in the overlay, at the entry's own line. An overlay's locale must be
 * declared; a translation given both inline and in an overlay, or of an error the
 * catalog does not declare, is refused at the overlay's line.
 */
export function mergeOverlays(
  raw: unknown,
  file: CatalogFile,
  included: readonly Catalog[],
  problems: Problem[],
  io: OverlayReading,
): { raw: unknown; file: CatalogFile } {
  if (!raw || typeof raw !== "object") return { raw, file };
  const paths = (raw as { translationFiles?: unknown }).translationFiles;
  const errors = (raw as { errors?: unknown }).errors;
  if (!Array.isArray(paths) || paths.length === 0) return { raw, file };
  if (!errors || typeof errors !== "object" || Array.isArray(errors)) return { raw, file };
  const m: Merge = {
    file,
    io,
    problems,
    declared: declaredLocales(raw),
    includedNames: new Set(included.flatMap((c) => c.errors.map((e) => e.name))),
    merged: { ...(errors as Record<string, unknown>) },
    origins: new Map(),
  };
  const seen = new Set<string>();
  for (const [i, path] of paths.entries()) {
    const overlay = typeof path === "string" ? readOverlay(m, path, i, seen) : undefined;
    for (const [name, entry] of Object.entries(overlay?.errors ?? {})) if (overlay) mergeEntry(m, overlay, name, entry);
  }
  if (m.origins.size === 0) return { raw, file };
  // The file's data becomes the merged data: a module generated from it carries the translations.
  const mergedRaw = { ...raw, errors: m.merged };
  return { raw: mergedRaw, file: { ...file, raw: mergedRaw, locate: locatorOf(file, m.origins) } };
}
