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
  if (!Array.isArray(paths) || paths.length === 0) return { raw, file };
  const errors = (raw as { errors?: unknown }).errors;
  if (!errors || typeof errors !== "object" || Array.isArray(errors)) return { raw, file };
  const declared = Array.isArray((raw as { locales?: unknown }).locales)
    ? (raw as { locales: unknown[] }).locales
        .map((l) => (typeof l === "string" ? canonicalLocale(l) : undefined))
        .filter((l): l is string => l !== undefined)
    : [];
  const defaultLocale = declared[0] ?? "en";
  const includedNames = new Set(included.flatMap((c) => c.errors.map((e) => e.name)));
  const merged: Record<string, unknown> = { ...(errors as Record<string, unknown>) };
  // `name\0tag` → the overlay that wrote it.
  const origins = new Map<string, CatalogFile>();
  const fail = (where: CatalogFile, path: ProblemPath, rule: string, message: string, suggestion?: string) =>
    problems.push(
      ...placeProblems([{ severity: "error", rule, message, path, ...(suggestion ? { suggestion } : {}) }], where),
    );
  const seen = new Set<string>();
  for (const [i, path] of paths.entries()) {
    if (typeof path !== "string") continue;
    const target = resolve(dirname(file.file), path);
    const where = (rule: string, message: string) => fail(file, ["translationFiles", i], rule, message);
    if (seen.has(target)) {
      where("include-twice", `translation file "${path.slice(0, 80)}" is listed twice`);
      continue;
    }
    seen.add(target);
    if (!io.readable(target)) {
      where(
        "include-outside",
        `translation file "${path.slice(0, 80)}" reaches outside the catalog's folder, so it is not read`,
      );
      continue;
    }
    let text: string;
    try {
      text = io.read(target);
    } catch (error) {
      // A missing or unreadable overlay is a problem of the catalog's line that lists it, not the end of the run.
      if (!isErrataError(error)) throw error;
      where(
        error.name === "CATALOG_NOT_FOUND" ? "translation-file-missing" : "translation-file-unreadable",
        error.message,
      );
      continue;
    }
    const parsed = parseCatalogText(text, io.shown(target));
    io.files.set(parsed.file.file, parsed.file);
    problems.push(...parsed.problems);
    if (parsed.file.raw === undefined) continue;
    const shape = translationFileSchema.safeParse(parsed.file.raw);
    if (!shape.success) {
      fail(
        parsed.file,
        [],
        "not-a-translation-file",
        "this is not a translation file: it needs `locale:` and `errors:` (name → title, message, description, causes, solutions)",
      );
      continue;
    }
    const overlay = parsed.file;
    const locale = canonicalLocale(shape.data.locale);
    if (locale === undefined || !declared.includes(locale) || locale === defaultLocale) {
      fail(
        overlay,
        ["locale"],
        locale === undefined ? "locale-tag" : "unknown-locale",
        locale === undefined
          ? `"${shape.data.locale.slice(0, 40)}" is not a well-formed BCP 47 language tag`
          : locale === defaultLocale
            ? `${locale} is the catalog's default language: its text is the errors' own`
            : `locale ${locale} is not declared in the catalog's locales (${declared.join(", ") || "none"})`,
      );
      continue;
    }
    for (const [name, entry] of Object.entries(shape.data.errors)) {
      const own = merged[name];
      if (!own || typeof own !== "object" || Array.isArray(own)) {
        const suggestion = nearest(name, Object.keys(merged))[0];
        fail(
          overlay,
          ["errors", name],
          "unknown-error",
          includedNames.has(name)
            ? `${name} is declared in an included catalog: translate it in that catalog's own files`
            : `the catalog declares no error ${name}${suggestion ? `; did you mean ${suggestion}?` : ""}`,
          suggestion,
        );
        continue;
      }
      const inline = (own as { translations?: Record<string, unknown> }).translations ?? {};
      const twice = Object.keys(inline).find((tag) => canonicalLocale(tag) === locale);
      if (twice !== undefined || origins.has(`${name}\0${locale}`)) {
        fail(
          overlay,
          ["errors", name],
          "translation-twice",
          `${name} is translated into ${locale} ${twice !== undefined ? "inline in the catalog" : "in another translation file"} too; keep one`,
        );
        continue;
      }
      origins.set(`${name}\0${locale}`, overlay);
      merged[name] = { ...own, translations: { ...inline, [locale]: entry } };
    }
  }
  if (origins.size === 0) return { raw, file };
  // The file's data becomes the merged data: a module generated from it carries the translations.
  const locate = (path: ProblemPath): Position | undefined => {
    const [top, name, key, tag, ...rest] = path;
    if (top === "errors" && key === "translations" && typeof tag === "string") {
      const overlay = origins.get(`${String(name)}\0${tag}`);
      if (overlay) {
        const at = overlay.locate(["errors", String(name), ...rest]);
        return at ? { ...at, file: overlay.file } : undefined;
      }
    }
    return file.locate(path);
  };
  const mergedRaw = { ...(raw as object), errors: merged };
  return { raw: mergedRaw, file: { ...file, raw: mergedRaw, locate } };
}
