/**
 * errata/client and errata/wire bundle for browsers: no Node built-in, no zod, and
 * the sizes recorded (bench/bundle.ts compares them with the goal).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { bundleClient } from "./bundle.js";

test("errata/client + errata/wire bundle for platform: browser, with no node: import and no zod", async (t) => {
  const bundle = await bundleClient();
  assert.ok(bundle.code.length > 0);
  assert.deepEqual(
    bundle.inputs.filter((f) => f.includes("node_modules/zod") || f.startsWith("node:")),
    [],
  );
  assert.ok(bundle.inputs.some((f) => f.endsWith("src/client/createClient.ts")));
  assert.doesNotMatch(bundle.code, /\brequire\(\s*["']node:/);
  t.diagnostic(`minified ${bundle.minifiedBytes} bytes, gzipped ${bundle.gzippedBytes} bytes`);
});

test("a Node built-in in the graph fails the build (the check is real)", async () => {
  const { build } = await import("esbuild");
  await assert.rejects(
    build({
      stdin: { contents: 'import { randomUUID } from "node:crypto"; export const id = randomUUID;', loader: "ts" },
      bundle: true,
      platform: "browser",
      write: false,
      logLevel: "silent",
    }),
  );
});
