/**
 * Load catalog files (YAML or JSON, one parser for both) with every problem
 * placed at file:line:column, includes resolved relative to the including file,
 * and include cycles refused. `inspectCatalogFile` reports; `loadCatalog` throws.
 */
import { readFileSync, type Stats, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { invalidCatalog, ownErrors } from "../own/catalog.js";
import { compileCatalog } from "./compile.js";
import type { Catalog } from "./model.js";
import { hasErrors, type Problem, type ProblemPath } from "./problem.js";

/** Catalog files larger than this are refused. */
export const MAX_CATALOG_BYTES = 16 * 1024 * 1024;

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A parsed file and a way to find where any path of it is written. */
export interface CatalogFile {
  readonly file: string;
  readonly raw: unknown;
  readonly locate: (path: ProblemPath) => Position | undefined;
}

export interface Inspection {
  readonly catalog?: Catalog;
  /** Every problem, each placed in its file; includes' problems too. */
  readonly problems: readonly Problem[];
  /** The parsed files by path: the catalog's own and its includes. */
  readonly files: ReadonlyMap<string, CatalogFile>;
}

function displayPath(file: string): string {
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
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw ownErrors.CATALOG_UNREADABLE({ file: shown, reason: (error as Error).message });
  }
}

/** Parse YAML or JSON text; syntax errors come back as positioned problems. */
export function parseCatalogText(text: string, file: string): { file: CatalogFile; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const shown = displayPath(file);
  const pos = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };

  const locate = (path: ProblemPath): Position | undefined => {
    let node: unknown = doc.contents;
    let found: Position | undefined = node && (node as Node).range ? pos((node as Node).range?.[0] ?? 0) : undefined;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
        if (!pair) break;
        const keyNode = pair.key as Node;
        if (keyNode.range) found = pos(keyNode.range[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof key === "number") {
        const item = node.items[key] as Node | undefined;
        if (!item) break;
        if (item.range) found = pos(item.range[0]);
        node = item;
      } else break;
    }
    return found;
  };

  const problems: Problem[] = doc.errors.map((error) => {
    const where = error.linePos?.[0];
    const headline = (error.message.split("\n")[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, "");
    const duplicate = error.code === "DUPLICATE_KEY";
    return {
      severity: "error",
      rule: duplicate ? "duplicate-name" : "syntax",
      message: duplicate ? `${headline}: a name or field is declared twice` : headline,
      path: [],
      file: shown,
      ...(where ? { line: where.line, column: where.col } : {}),
    };
  });
  let raw: unknown;
  // A duplicate key is a finding about a catalog that is otherwise usable: build it all the same.
  if (problems.every((p) => p.rule === "duplicate-name")) {
    try {
      raw = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      problems.push({
        severity: "error",
        rule: "syntax",
        message: `cannot expand the document: ${(error as Error).message}`,
        path: [],
        file: shown,
      });
    }
    if (raw === null || raw === undefined) {
      problems.push({
        severity: "error",
        rule: "syntax",
        message: "the catalog is empty: it needs at least name, version and errors",
        path: [],
        file: shown,
      });
    }
  }
  return { file: { file: shown, raw, locate }, problems };
}

/** Give path-only problems their file, line and column. */
export function placeProblems(problems: readonly Problem[], file: CatalogFile): Problem[] {
  return problems.map((p) => {
    if (p.file) return p;
    const at = file.locate(p.path);
    return { ...p, file: file.file, ...(at ? { line: at.line, column: at.column } : {}) };
  });
}

function inspect(path: string, chain: readonly string[], files: Map<string, CatalogFile>): Inspection {
  const file = resolve(path);
  if (chain.includes(file)) {
    throw ownErrors.CATALOG_INCLUDE_CYCLE({
      cycle: [...chain.slice(chain.indexOf(file)), file].map(displayPath).join(" → "),
    });
  }
  const parsed = parseCatalogText(readText(file), file);
  files.set(parsed.file.file, parsed.file);
  if (parsed.file.raw === undefined) return { problems: parsed.problems, files };

  const raw = parsed.file.raw;
  const includes =
    raw && typeof raw === "object" && Array.isArray((raw as { include?: unknown }).include)
      ? ((raw as { include: unknown[] }).include.filter((i) => typeof i === "string") as string[])
      : [];
  const included: Catalog[] = [];
  const problems: Problem[] = [...parsed.problems];
  for (const inc of includes) {
    const sub = inspect(resolve(dirname(file), inc), [...chain, file], files);
    problems.push(...sub.problems);
    if (sub.catalog) included.push(sub.catalog);
  }
  if (included.length < includes.length) return { problems, files };

  const { catalog, problems: own } = compileCatalog(raw, included, parsed.file.file);
  problems.push(...placeProblems(own, parsed.file));
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
export function inspectCatalogFile(path: string): Inspection {
  return inspect(path, [], new Map());
}

/**
 * Load a catalog file into the model.
 * @throws ErrataError CATALOG_NOT_FOUND, CATALOG_UNREADABLE, CATALOG_INCLUDE_CYCLE, or CATALOG_INVALID listing every problem.
 */
export function loadCatalog(path: string): Catalog {
  const { catalog, problems } = inspectCatalogFile(path);
  if (!catalog || hasErrors(problems)) throw invalidCatalog(displayPath(resolve(path)), problems);
  return catalog;
}
