/**
 * Load catalog files (YAML or JSON, one parser for both) with every problem
 * placed at file:line:column, includes resolved relative to the including file,
 * include cycles refused, and translation overlays merged (overlays.ts).
 * `inspectCatalogFile` reports; `loadCatalog` throws.
 */
import { readFileSync, realpathSync, type Stats, statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { compileCatalog } from "../catalog/compile.js";
import type { Catalog } from "../catalog/model.js";
import { type CatalogFile, parseCatalogText, placeProblems } from "../catalog/parse.js";
import { hasErrors, type Problem } from "../catalog/problem.js";
import { invalidCatalog, ownErrors } from "../own/catalog.js";
import { isErrataError } from "../runtime/ErrataError.js";
import { mergeOverlays } from "./overlays.js";

/**
 * Catalog files larger than this are refused, unless `maxBytes` says otherwise: room
 * for a 100,000-error catalog written with real prose (about 170 MB), and a bound on
 * what an untrusted file can make errata read.
 */
export const MAX_CATALOG_BYTES = 256 * 1024 * 1024;

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
function readText(file: string, maxBytes: number): string {
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
  if (size > maxBytes) {
    throw ownErrors.CATALOG_UNREADABLE({
      file: shown,
      reason: `${size} bytes, larger than the limit of ${maxBytes} (raise it with --max-bytes, or maxBytes)`,
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

/** Options of reading a catalog file. */
export interface InspectOptions {
  /**
   * The folder includes must stay in (default: the folder of the catalog file read
   * first). A catalog is untrusted input, from a pull request say: an include that
   * reaches outside, by `..`, an absolute path or a symbolic link, is refused unread.
   */
  readonly includeRoot?: string;
  /** The largest file read, in bytes, the catalog's and each include's (default MAX_CATALOG_BYTES, 256 MiB). */
  readonly maxBytes?: number;
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
  readonly maxBytes: number;
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

/**
 * An included catalog, or the problem of its `include:` line when the file is missing
 * or unreadable: placed at that line, beside every other problem of the run.
 */
function includedFile(
  target: string,
  listed: string,
  index: number,
  chain: readonly string[],
  run: Run,
): Inspection | { readonly problem: Problem } {
  try {
    return inspect(target, chain, run);
  } catch (error) {
    if (!isErrataError(error) || (error.name !== "CATALOG_NOT_FOUND" && error.name !== "CATALOG_UNREADABLE"))
      throw error;
    const missing = error.name === "CATALOG_NOT_FOUND";
    return {
      problem: {
        severity: "error",
        rule: missing ? "include-missing" : "include-unreadable",
        message: missing
          ? `include "${listed.slice(0, 80)}": no such file (${displayPath(target)})`
          : `include "${listed.slice(0, 80)}": ${error.message}`,
        path: ["include", index],
      },
    };
  }
}

function inspectOnce(file: string, chain: readonly string[], run: Run): Inspection {
  const { files, root } = run;
  const parsed = parseCatalogText(readText(file, run.maxBytes), displayPath(file));
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
    const sub = includedFile(target, inc, i, [...chain, file], run);
    if ("problem" in sub) {
      problems.push(...placeProblems([sub.problem], parsed.file));
      continue;
    }
    problems.push(...sub.problems);
    if (sub.catalog) included.push(sub.catalog);
  }
  if (included.length < listed.size) return { problems, files };

  const overlaid = mergeOverlays(raw, parsed.file, included, problems, {
    files: run.files,
    readable: (target) => inside(root, real(target)),
    read: (target) => readText(target, run.maxBytes),
    shown: displayPath,
  });
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
 * Read a catalog file and report every problem without throwing for them.
 * @throws ErrataError CATALOG_NOT_FOUND, CATALOG_UNREADABLE or CATALOG_INCLUDE_CYCLE when there is nothing to inspect.
 */
export function inspectCatalogFile(path: string, options: InspectOptions = {}): Inspection {
  return inspect(path, [], {
    files: new Map(),
    done: new Map(),
    root: real(options.includeRoot ?? dirname(resolve(path))),
    maxBytes: options.maxBytes ?? MAX_CATALOG_BYTES,
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
