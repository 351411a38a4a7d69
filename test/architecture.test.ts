/**
 * The layers of src/ import one way: a file imports from its own folder or from a
 * lower layer, never from a higher one or a peer. Read from the sources themselves
 * (every relative import and export), so a new file cannot slip past it. A
 * subpath's entry (errata/server's and errata/guard's index.ts) is the one
 * exception: it also re-exports the parts of each framework that bind its core.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { REPO } from "./helpers.js";

/** Lowest first; folders on one line are peers and do not import each other. "." is the root entry (index.ts). */
const LAYERS: readonly (readonly string[])[] = [
  ["catalog"],
  ["runtime"],
  ["own"],
  ["sources"],
  ["."],
  ["wire"],
  ["server", "client"],
  ["guard"],
  ["protobuf"],
  ["mcp", "orpc", "grpc", "connect", "graphql", "telemetry"],
  ["frameworks"],
  ["diff"],
  ["docs"],
  ["codegen"],
  ["scan", "verify"],
  ["cli"],
];

const SRC = join(REPO, "src");
/** Entries that re-export their frameworks' parts: errata/server's error handlers, errata/guard's hooks. */
const ENTRIES_OVER_FRAMEWORKS = new Set([join(SRC, "server", "index.ts"), join(SRC, "guard", "index.ts")]);
const layerOf = (folder: string) => LAYERS.findIndex((l) => l.includes(folder));
const folderOf = (file: string) => {
  const rel = relative(SRC, file).split("/");
  return rel.length === 1 ? "." : (rel[0] as string);
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Every import that runs against the layers, as "from → to (file: import)". */
function violations(files: readonly { readonly file: string; readonly text: string }[]): string[] {
  const found: string[] = [];
  for (const { file, text } of files) {
    const from = folderOf(file);
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+"(\.[^"]+)"/g)) {
      const to = folderOf(resolve(dirname(file), m[1] as string));
      if (to === from || (to === "frameworks" && ENTRIES_OVER_FRAMEWORKS.has(file))) continue;
      const [a, b] = [layerOf(from), layerOf(to)];
      if (a < 0 || b < 0 || b >= a) found.push(`${from} → ${to} (${relative(REPO, file)}: ${m[1]})`);
    }
  }
  return found;
}

test("every folder of src/ has a layer", () => {
  const folders = new Set(sources(SRC).map(folderOf));
  assert.deepEqual(
    [...folders].filter((f) => layerOf(f) < 0),
    [],
  );
});

test("imports run one way: no file imports a higher layer or a peer", () => {
  assert.deepEqual(violations(sources(SRC).map((file) => ({ file, text: readFileSync(file, "utf8") }))), []);
});

test("the check is real: imports against the layers are found, in every form", () => {
  const planted = [
    { file: join(SRC, "catalog", "a.ts"), text: 'import { ownErrors } from "../own/catalog.js";' },
    { file: join(SRC, "runtime", "b.ts"), text: 'export { x } from "../wire/index.js";' },
    { file: join(SRC, "server", "c.ts"), text: 'import type {\n  Y,\n} from "../client/index.js";' },
    { file: join(SRC, "cli", "d.ts"), text: 'import { z } from "../docs/site.js";' },
    { file: join(SRC, "server", "respond.ts"), text: 'import { e } from "../frameworks/node/errors.js";' },
    { file: join(SRC, "server", "index.ts"), text: 'export { e } from "../frameworks/node/errors.js";' },
  ];
  assert.deepEqual(
    violations(planted).map((v) => v.split(" (")[0]),
    ["catalog → own", "runtime → wire", "server → client", "server → frameworks"],
  );
});
