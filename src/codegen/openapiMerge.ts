/**
 * `errata codegen <catalog> --target openapi --merge <spec>`: the catalog's error
 * responses merged into an existing OpenAPI 3.0 or 3.1 document, YAML or JSON. Its
 * operations are matched by operationId, else by method and path (parameter names
 * aside); each gets a response for every status of its errors that it does not
 * answer already. The components errata's responses need are added beside the
 * document's (one of the same name and another value keeps its own: errata's is
 * renamed). Nothing else moves: the yaml package's Document keeps a YAML
 * document's comments, key order and quoting, and a JSON one is written back from
 * the same Document in its own key order and indentation. An
 * operation of the catalog the document lacks is reported, never invented.
 */
import { isDeepStrictEqual } from "node:util";
import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { Catalog } from "../catalog/model.js";
import { pathShape } from "../catalog/operations.js";
import { ownErrors } from "../own/catalog.js";
import type { Schema } from "./jsonSchema.js";
import { openApi } from "./openapi.js";
import { toOpenApi30 } from "./openapiDown.js";

/** The merged text, and what the merge did not do, for the person running it. */
export interface MergeResult {
  readonly text: string;
  readonly notes: readonly string[];
}

/** The document as parsed: its value, and how to write it back after edits at paths. */
interface Spec {
  readonly value: Schema;
  has(path: readonly string[]): boolean;
  set(path: readonly string[], value: unknown): void;
  text(): string;
}

const SECTIONS = ["schemas", "responses", "examples", "parameters"] as const;
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** A key at the end of a path as the document may write it: a status may be the number 404 or the string "404". */
function forms(path: readonly string[]): (readonly unknown[])[] {
  const last = path[path.length - 1] as string;
  return /^\d+$/.test(last) ? [path, [...path.slice(0, -1), Number(last)]] : [path];
}

/**
 * A YAML node as JSON text, in the node's own key order (a JavaScript object would put
 * "409" before "default"). A node the merge did not touch is its source text as it
 * was; a touched one is written with the document's indentation.
 */
function jsonOf(
  node: unknown,
  out: { source: string; indent: string; touched: ReadonlySet<unknown> },
  depth = 0,
): string {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (range && !out.touched.has(node)) return out.source.slice(range[0], range[1]);
  const pad = out.indent.repeat(depth + 1);
  const end = out.indent.repeat(depth);
  if (isMap(node)) {
    if (node.items.length === 0) return "{}";
    const items = node.items.map(
      (p) =>
        `${pad}${JSON.stringify(String(isScalar(p.key) ? p.key.value : p.key))}: ${jsonOf(p.value, out, depth + 1)}`,
    );
    return `{\n${items.join(",\n")}\n${end}}`;
  }
  if (isSeq(node)) {
    if (node.items.length === 0) return "[]";
    return `[\n${node.items.map((v) => `${pad}${jsonOf(v, out, depth + 1)}`).join(",\n")}\n${end}]`;
  }
  return JSON.stringify(isScalar(node) ? node.value : null);
}

/** A document parsed with the yaml package's Document, which keeps order and comments; JSON is written back as JSON. */
function documentSpec(text: string, file: string, json: boolean): Spec {
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0) throw refused(file, doc.errors[0]?.message ?? "syntax");
  let value: Schema;
  try {
    value = doc.toJS({ maxAliasCount: 1000 }) as Schema;
  } catch (error) {
    // An alias bomb, or nesting too deep to walk: refused as input, never an internal error.
    throw refused(file, (error as Error).message);
  }
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? "  ";
  // The collections a change goes into, and those above them: a JSON document rewrites only these.
  const touched = new Set<unknown>();
  return {
    value,
    has: (path) => forms(path).some((p) => doc.hasIn(p)),
    set: (path, v) => {
      for (let i = 0; i < path.length; i++) touched.add(i === 0 ? doc.contents : doc.getIn(path.slice(0, i), true));
      doc.setIn(path, doc.createNode(v));
    },
    text: () =>
      json
        ? `${jsonOf(doc.contents, { source: text, indent, touched })}${text.endsWith("\n") ? "\n" : ""}`
        : doc.toString({ lineWidth: 0 }),
  };
}

function refused(file: string, reason: string) {
  return ownErrors.CLI_USAGE({
    problem: `${file} is not an OpenAPI 3.0 or 3.1 document: ${(reason.split("\n")[0] ?? "").slice(0, 200)}`,
    usage: "errata codegen <catalog> --target openapi --merge <openapi.yaml|json> [--out <file>]",
  });
}

function parseSpec(text: string, file: string): Spec {
  const spec = documentSpec(text, file, /^\s*\{/.test(text));
  const version = spec.value?.openapi;
  if (typeof version !== "string" || !/^3\.[01]\.\d+/.test(version)) {
    throw refused(file, `its openapi field is ${JSON.stringify(version ?? null)}`);
  }
  return spec;
}

/** Every `$ref` of a value renamed by `renames` (components errata had to rename). */
function renamed(value: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (renames.size === 0) return value;
  return JSON.parse(JSON.stringify(value), (key, v) => (key === "$ref" && renames.has(v) ? renames.get(v) : v));
}

/** errata's components that are not in the document yet, renamed where the document has another of the name. */
function componentsToAdd(
  spec: Spec,
  ours: Schema,
  notes: string[],
): { adds: [string[], unknown][]; renames: Map<string, string> } {
  const theirs = (spec.value.components ?? {}) as Record<string, Schema | undefined>;
  const renames = new Map<string, string>();
  const adds: [string[], unknown][] = [];
  for (const section of SECTIONS) {
    for (const [name, value] of Object.entries(
      (ours.components as Record<string, Schema | undefined>)[section] ?? {},
    )) {
      const existing = theirs[section]?.[name];
      if (existing !== undefined && isDeepStrictEqual(existing, value)) continue;
      let final = name;
      if (existing !== undefined) {
        for (let n = 1; theirs[section]?.[final] !== undefined; n++) final = `${name}_errata${n > 1 ? n : ""}`;
        renames.set(`#/components/${section}/${name}`, `#/components/${section}/${final}`);
        notes.push(`components.${section}.${name} is the document's own: errata's is ${final}`);
      }
      adds.push([["components", section, final], value]);
    }
  }
  return { adds: adds.map(([path, value]) => [path, renamed(value, renames)]), renames };
}

/** The document's operations: by operationId, and by method and path with parameter names left out. */
function operationsOf(spec: Spec): Map<string, [string, string]> {
  const found = new Map<string, [string, string]>();
  for (const [path, item] of Object.entries((spec.value.paths ?? {}) as Record<string, Schema>)) {
    for (const method of METHODS) {
      const op = item?.[method] as Schema | undefined;
      if (!op) continue;
      if (typeof op.operationId === "string") found.set(`id ${op.operationId}`, [path, method]);
      found.set(`route ${method} ${pathShape(path)}`, [path, method]);
    }
  }
  return found;
}

/** Merge the catalog's error responses into the document's text. */
export function mergeOpenApi(catalog: Catalog, text: string, file: string): MergeResult {
  const spec = parseSpec(text, file);
  const notes: string[] = [];
  const is30 = String(spec.value.openapi).startsWith("3.0");
  const generated = openApi(catalog);
  const ours = (is30 ? toOpenApi30(generated) : generated) as Schema;
  const { adds, renames } = componentsToAdd(spec, ours, notes);
  for (const [path, value] of adds) spec.set(path, value);
  const theirs = operationsOf(spec);
  for (const [path, item] of Object.entries((ours.paths ?? {}) as Record<string, Schema>)) {
    for (const [method, op] of Object.entries(item) as [string, Schema][]) {
      const id = String(op.operationId);
      const match = theirs.get(`id ${id}`) ?? theirs.get(`route ${method} ${pathShape(path)}`);
      if (!match) {
        notes.push(`operation ${id} (${method.toUpperCase()} ${path}) is not in ${file}: not added`);
        continue;
      }
      for (const [status, response] of Object.entries(op.responses as Schema)) {
        const at = ["paths", match[0], match[1], "responses", status];
        if (spec.has(at)) notes.push(`${id} ${status}: the document's own response is kept`);
        else spec.set(at, renamed(response, renames));
      }
    }
  }
  return { text: spec.text(), notes };
}
