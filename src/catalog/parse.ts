/**
 * Parse a catalog's text (YAML or JSON) into plain data, and find where any path of it
 * is written. Most catalogs take the fast road: js-yaml (YAML 1.2 core schema, no
 * custom tags, duplicate keys refused) builds the data without an AST, and positions
 * come from an index of the block-style lines, built only when a problem or an error's
 * source needs one. Anything else (a syntax error, a duplicate key, an anchor or
 * alias, a flow-style or JSON layout the line index cannot place) goes through yaml's
 * full Document, which positions everything and bounds alias expansion.
 */
import jsyaml from "js-yaml";
import { isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument, visit, type YAMLMap } from "yaml";
import type { Problem, ProblemPath } from "./problem.js";
import { needsDocument } from "./yamlRoad.js";

export interface Position {
  readonly line: number;
  readonly column: number;
  /** The file it is in, when not the file asked (a translation written in an overlay file). */
  readonly file?: string;
}

/** A parsed file and a way to find where any path of it is written. */
export interface CatalogFile {
  readonly file: string;
  readonly raw: unknown;
  readonly locate: (path: ProblemPath) => Position | undefined;
}

/** Parse YAML or JSON text; syntax errors come back as positioned problems. */
export function parseCatalogText(text: string, shown: string): { file: CatalogFile; problems: Problem[] } {
  if (!needsDocument(text)) {
    let raw: unknown;
    try {
      raw = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
    } catch {
      return parseSlowly(text, shown);
    }
    if (raw !== null && raw !== undefined) {
      let slow: CatalogFile | undefined;
      const lines = blockIndex(text);
      const locate = (path: ProblemPath): Position | undefined => {
        const fast = lines(path);
        if (fast) return fast;
        slow ??= parseSlowly(text, shown).file;
        return slow.locate(path);
      };
      return { file: { file: shown, raw, locate }, problems: [] };
    }
  }
  return parseSlowly(text, shown);
}

/**
 * Where a path's key is written in block-style YAML, from the lines alone: each block
 * mapping's keys are indexed once, by the lines at its children's indentation. A key
 * its block does not have gives the deepest key found, as yaml's Document does; a
 * path through a sequence or a block with no keys on its lines (flow style, JSON)
 * gives undefined, for the Document to answer.
 */
function blockIndex(text: string): (path: ProblemPath) => Position | undefined {
  const lines = text.split(/\r?\n/);
  const indexes = new Map<number, Map<string, { line: number; indent: number }>>();
  const KEY = /^( *)("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#"'{[\]},&*!|>%@`-][^:#]*?|-[^\s:#][^:#]*?) *:(?:\s|$)/;
  const indentOf = (l: string) => l.length - l.trimStart().length;
  const blank = (l: string) => l.trim() === "" || l.trimStart().startsWith("#") || /^(---|\.\.\.)(\s|$)/.test(l);
  const children = (after: number, parentIndent: number) => {
    let index = indexes.get(after);
    if (index) return index;
    index = new Map();
    let childIndent = -1;
    for (let i = after + 1; i < lines.length; i++) {
      const line = lines[i] as string;
      if (blank(line)) continue;
      const indent = indentOf(line);
      if (indent <= parentIndent) break;
      if (childIndent < 0) childIndent = indent;
      if (indent !== childIndent) continue;
      const m = KEY.exec(line);
      if (!m) continue;
      const rawKey = m[2] as string;
      const key = rawKey.startsWith('"')
        ? (JSON.parse(rawKey) as string)
        : rawKey.startsWith("'")
          ? rawKey.slice(1, -1).replace(/''/g, "'")
          : rawKey.trimEnd();
      if (!index.has(key)) index.set(key, { line: i, indent });
    }
    indexes.set(after, index);
    return index;
  };
  const first = lines.findIndex((l) => !blank(l));
  return (path) => {
    let after = -1;
    let indent = -1;
    let found: { line: number; indent: number } = { line: Math.max(0, first), indent: 0 };
    for (const key of path) {
      if (typeof key !== "string") return undefined;
      const index = children(after, indent);
      const next = index.get(key);
      if (!next) {
        if (index.size === 0) return undefined;
        break;
      }
      found = next;
      after = next.line;
      indent = next.indent;
    }
    return { line: found.line + 1, column: found.indent + 1 };
  };
}

/** A map's pairs by key, built once per map: finding a field stays O(1) in a 100,000-error catalog. */
const pairIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      // The first of duplicate keys, as the duplicate-name problem points at the second.
      if (isScalar(pair.key) && !index.has(String(pair.key.value))) index.set(String(pair.key.value), pair);
    }
    pairIndexes.set(map, index);
  }
  return index.get(key);
}

/**
 * Keys declared twice in one map, with the offset of the second: one pass with a set
 * per map. (yaml's own uniqueKeys check compares each key with every earlier one, which
 * made a 20,000-error catalog take seconds.)
 */
function duplicateKeys(doc: ReturnType<typeof parseDocument>): { key: string; offset: number }[] {
  const found: { key: string; offset: number }[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) found.push({ key, offset: pair.key.range?.[0] ?? 0 });
        else seen.add(key);
      }
    },
  });
  return found;
}

/** Parse YAML or JSON text; syntax errors come back as positioned problems. */
function parseSlowly(text: string, shown: string): { file: CatalogFile; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: false });
  const pos = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };

  const locate = (path: ProblemPath): Position | undefined => {
    let node: unknown = doc.contents;
    let found: Position | undefined = node && (node as Node).range ? pos((node as Node).range?.[0] ?? 0) : undefined;
    for (const key of path) {
      if (isMap(node)) {
        const pair = pairOf(node, String(key));
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
    return {
      severity: "error",
      rule: "syntax",
      message: headline,
      path: [],
      file: shown,
      ...(where ? { line: where.line, column: where.col } : {}),
    };
  });
  if (problems.length === 0) {
    for (const { key, offset } of duplicateKeys(doc)) {
      problems.push({
        severity: "error",
        rule: "duplicate-name",
        message: `Map keys must be unique: "${key.slice(0, 80)}" is declared twice`,
        path: [],
        file: shown,
        ...pos(offset),
      });
    }
  }
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
    return { ...p, file: at?.file ?? file.file, ...(at ? { line: at.line, column: at.column } : {}) };
  });
}
