/**
 * Load catalog files (YAML or JSON, one parser for both) with every problem
 * placed at file:line:column, includes resolved relative to the including file,
 * and include cycles refused. `inspectCatalogFile` reports; `loadCatalog` throws.
 */
import { readFileSync, realpathSync, type Stats, statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { invalidCatalog, ownErrors } from "../own/catalog.js";
import { isErrataError } from "../runtime/ErrataError.js";
import { compileCatalog } from "./compile.js";
import type { Catalog } from "./model.js";
import { canonicalLocale } from "./names.js";
import { nearest } from "./nearest.js";
import { type CatalogFile, type Position, parseCatalogText } from "./parse.js";
import { hasErrors, type Problem, type ProblemPath } from "./problem.js";
import { translationFileSchema } from "./schema.js";

/** Catalog files larger than this are refused. */
export const MAX_CATALOG_BYTES = 16 * 1024 * 1024;

export interface Inspection {
  readonly catalog?: Catalog;
  /** Every problem, each placed in its file; includes' problems too. */
  readonly problems: readonly Problem[];
  /** The parsed files by path: the catalog's own and its includes. */
  readonly files: ReadonlyMap<string, CatalogFile>;
}

export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith("..") || rel === "" ? file : rel;
}

/** Read a file's text, or raise CATALOG_NOT_FOUND / CATALOG_UNREADABLE. */
function readText(file: string): string {
  const shown = displayPath(file);
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw ownErrors.CATALOG_NOT_FOUND({ file: shown });
    throw ownErrors.CATALOG_UNREADABLE({ file: shown, reason: (error as Error).message });
  }
  if (!stat.isFile()) throw ownErrors.CATALOG_UNREADABLE({ file: shown, reason: "not a regular file" });
  const size = stat.size;
  if (size > MAX_CATALOG_BYTES) {
    throw ownErrors.CATALOG_UNREADABLE({
      file: shown,
      reason: `larger than ${MAX_CATALOG_BYTES} bytes`,
    });
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw ownErrors.CATALOG_UNREADABLE({ file: shown, reason: (error as Error).message });
  }
  try {
    // Invalid UTF-8 is refused, never replaced: a replaced byte would change what the catalog says.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw ownErrors.CATALOG_UNREADABLE({ file: shown, reason: "not valid UTF-8" });
  }
}

/** Give path-only problems their file, line and column. */
export function placeProblems(problems: readonly Problem[], file: CatalogFile): Problem[] {
  return problems.map((p) => {
    if (p.file) return p;
    const at = file.locate(p.path);
    return { ...p, file: at?.file ?? file.file, ...(at ? { line: at.line, column: at.column } : {}) };
  });
}

/** Options of reading a catalog file. */
export interface InspectOptions {
  /**
   * The folder includes must stay in (default: the folder of the catalog file read
   * first). A catalog is untrusted input, from a pull request say: an include that
   * reaches outside, by `..`, an absolute path or a symbolic link, is refused unread.
   */
  readonly includeRoot?: string;
}

/** The real path of a file, or its resolved path when it does not exist (reading it will say so). */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** True when `path` is `root` or under it. */
function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** What one inspection shares across its includes: the files read, and each file's result, read once. */
interface Run {
  readonly files: Map<string, CatalogFile>;
  readonly done: Map<string, Inspection>;
  readonly root: string;
}

function inspect(path: string, chain: readonly string[], run: Run): Inspection {
  const file = resolve(path);
  if (chain.includes(file)) {
    throw ownErrors.CATALOG_INCLUDE_CYCLE({
      cycle: [...chain.slice(chain.indexOf(file)), file].map(displayPath).join(" → "),
    });
  }
  // A file included from several places (a diamond of includes) is read and built once;
  // its problems were reported the first time.
  const seen = run.done.get(file);
  if (seen) return { ...(seen.catalog ? { catalog: seen.catalog } : {}), problems: [], files: run.files };
  const result = inspectOnce(file, chain, run);
  run.done.set(file, result);
  return result;
}

function inspectOnce(file: string, chain: readonly string[], run: Run): Inspection {
  const { files, root } = run;
  const parsed = parseCatalogText(readText(file), displayPath(file));
  files.set(parsed.file.file, parsed.file);
  if (parsed.file.raw === undefined) return { problems: parsed.problems, files };

  const raw = parsed.file.raw;
  const includes =
    raw && typeof raw === "object" && Array.isArray((raw as { include?: unknown }).include)
      ? ((raw as { include: unknown[] }).include.filter((i) => typeof i === "string") as string[])
      : [];
  const included: Catalog[] = [];
  const problems: Problem[] = [...parsed.problems];
  const listed = new Set<string>();
  for (const [i, inc] of includes.entries()) {
    const target = resolve(dirname(file), inc);
    if (listed.has(target)) {
      const twice: Problem = {
        severity: "warning",
        rule: "include-twice",
        message: `include "${inc.slice(0, 80)}" is listed twice; it is read once`,
        path: ["include", i],
      };
      problems.push(...placeProblems([twice], parsed.file));
      continue;
    }
    listed.add(target);
    if (!inside(root, real(target))) {
      const problem: Problem = {
        severity: "error",
        rule: "include-outside",
        message: `include "${inc.slice(0, 80)}" reaches outside the catalog's folder, so it is not read (widen includeRoot to allow it)`,
        path: ["include", i],
      };
      problems.push(...placeProblems([problem], parsed.file));
      continue;
    }
    const sub = inspect(target, [...chain, file], run);
    problems.push(...sub.problems);
    if (sub.catalog) included.push(sub.catalog);
  }
  if (included.length < listed.size) return { problems, files };

  const overlaid = mergeOverlays(raw, parsed.file, included, run, problems);
  files.set(overlaid.file.file, overlaid.file);
  const { catalog, problems: own } = compileCatalog(overlaid.raw, included, parsed.file.file);
  problems.push(...placeProblems(own, overlaid.file));
  if (catalog) {
    for (const def of catalog.errors) {
      if (def.catalog !== catalog.name || def.source) continue;
      const at = parsed.file.locate(["errors", def.name]);
      if (at) Object.assign(def, { source: { file: parsed.file.file, ...at } });
    }
  }
  return { ...(catalog ? { catalog } : {}), problems, files };
}

/**
 * Merge a catalog's `translationFiles` into its errors' `translations`, so an overlay's
 * entries are checked exactly as inline ones; the returned file places a problem of a
 * merged entry in the overlay, at the entry's own line. An overlay's locale must be
 * declared; a translation given both inline and in an overlay, or of an error the
 * catalog does not declare, is refused at the overlay's line.
 */
function mergeOverlays(
  raw: unknown,
  file: CatalogFile,
  included: readonly Catalog[],
  run: Run,
  problems: Problem[],
): { raw: unknown; file: CatalogFile } {
  if (!raw || typeof raw !== "object") return { raw, file };
  const paths = (raw as { translationFiles?: unknown }).translationFiles;
  if (!Array.isArray(paths) || paths.length === 0) return { raw, file };
  const errors = (raw as { errors?: unknown }).errors;
  if (!errors || typeof errors !== "object" || Array.isArray(errors)) return { raw, file };
  const declared = Array.isArray((raw as { locales?: unknown }).locales)
    ? ((raw as { locales: unknown[] }).locales
        .map((l) => (typeof l === "string" ? canonicalLocale(l) : undefined))
        .filter((l): l is string => l !== undefined) as string[])
    : [];
  const merged: Record<string, unknown> = { ...(errors as Record<string, unknown>) };
  // `name\0tag` → the overlay that wrote it.
  const origins = new Map<string, CatalogFile>();
  const fail = (overlay: CatalogFile, path: (string | number)[], rule: string, message: string, suggestion?: string) =>
    problems.push(
      ...placeProblems([{ severity: "error", rule, message, path, ...(suggestion ? { suggestion } : {}) }], overlay),
    );
  const seen = new Set<string>();
  for (const [i, path] of paths.entries()) {
    if (typeof path !== "string") continue;
    const target = resolve(dirname(file.file), path);
    const where = (rule: string, message: string) =>
      problems.push(...placeProblems([{ severity: "error", rule, message, path: ["translationFiles", i] }], file));
    if (seen.has(target)) {
      where("include-twice", `translation file "${path.slice(0, 80)}" is listed twice`);
      continue;
    }
    seen.add(target);
    if (!inside(run.root, real(target))) {
      where(
        "include-outside",
        `translation file "${path.slice(0, 80)}" reaches outside the catalog's folder, so it is not read`,
      );
      continue;
    }
    let text: string;
    try {
      text = readText(target);
    } catch (error) {
      // A missing or unreadable overlay is a problem of the catalog's line that lists it, not the end of the run.
      if (!isErrataError(error)) throw error;
      where(
        error.name === "CATALOG_NOT_FOUND" ? "translation-file-missing" : "translation-file-unreadable",
        error.message,
      );
      continue;
    }
    const parsed = parseCatalogText(text, displayPath(target));
    run.files.set(parsed.file.file, parsed.file);
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
    const defaultLocale = declared[0] ?? "en";
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
    const includedNames = new Set(included.flatMap((c) => c.errors.map((e) => e.name)));
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

/**
 * Read a catalog file and report every problem without throwing for them.
 * @throws ErrataError CATALOG_NOT_FOUND, CATALOG_UNREADABLE or CATALOG_INCLUDE_CYCLE when there is nothing to inspect.
 */
export function inspectCatalogFile(path: string, options: InspectOptions = {}): Inspection {
  return inspect(path, [], {
    files: new Map(),
    done: new Map(),
    root: real(options.includeRoot ?? dirname(resolve(path))),
  });
}

/**
 * Load a catalog file into the model.
 * @throws ErrataError CATALOG_NOT_FOUND, CATALOG_UNREADABLE, CATALOG_INCLUDE_CYCLE, or CATALOG_INVALID listing every problem.
 */
export function loadCatalog(path: string, options: InspectOptions = {}): Catalog {
  const { catalog, problems } = inspectCatalogFile(path, options);
  if (!catalog || hasErrors(problems)) throw invalidCatalog(displayPath(resolve(path)), problems);
  return catalog;
}
