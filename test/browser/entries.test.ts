/**
 * Every entry the README promises for browsers and workers bundles for esbuild's
 * `platform: "browser"`, which refuses any Node built-in: errata, errata/wire,
 * errata/server (its core, the Fetch and Hono adapters), errata/guard (the memory
 * store and the fetch adapter) and errata/client; and so does the generated
 * TypeScript module of every bundled catalog, with an `instanceof` check on its
 * classes, as a browser app would ship it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { build } from "esbuild";
import { BUNDLED, REPO } from "../helpers.js";

/** Bundle `contents` (resolved from the repository, "errata" being its source) for the browser; the files it took in. */
async function bundle(contents: string): Promise<string[]> {
  const result = await build({
    stdin: { contents, resolveDir: REPO, loader: "ts" },
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
    alias: { errata: join(REPO, "src", "index.ts") },
  });
  return Object.keys(result.metafile.inputs);
}

const ENTRIES = {
  errata: "./src/index.ts",
  "errata/wire": "./src/wire/index.ts",
  "errata/server": "./src/server/index.ts",
  "errata/guard": "./src/guard/index.ts",
  "errata/client": "./src/client/index.ts",
};

for (const [name, path] of Object.entries(ENTRIES)) {
  test(`${name} bundles for the browser: no node: module, no file loading`, async () => {
    const inputs = await bundle(`export * from "${path}";`);
    assert.ok(inputs.some((f) => f.endsWith(path.slice(2))));
    assert.deepEqual(
      inputs.filter((f) => f.startsWith("node:") || f.endsWith("src/sources/load.ts")),
      [],
    );
  });
}

test("the generated module of every bundled catalog bundles for the browser, its classes usable with instanceof", async () => {
  for (const name of BUNDLED) {
    const inputs = await bundle(
      `import * as generated from "./test/codegen/golden/${name}.ts";
       import { UnavailableError, createErrors } from "errata";
       export const check = (e: unknown) => e instanceof UnavailableError;
       export { generated, createErrors };`,
    );
    assert.ok(inputs.includes(`test/codegen/golden/${name}.ts`), name);
    assert.deepEqual(
      inputs.filter((f) => f.startsWith("node:")),
      [],
      name,
    );
  }
});

test("the check is real: file loading in the graph fails the browser build", async () => {
  await assert.rejects(bundle(`export { loadCatalog } from "./src/sources/load.ts";`), /node:/);
});
