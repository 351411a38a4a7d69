/**
 * docs/guard/production.md's snippets are real: the redis-server flags are the ones
 * the restart test proves keep every key, the catalog block compiles and marks the
 * policy protective, and the TypeScript builds the guard it says (and throws without
 * onStoreError).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { compileCatalog } from "../../src/catalog/compile.js";
import { rateLimit } from "../../src/guard/index.js";
import { MemoryStore } from "../../src/guard/stores/memory.js";
import { REPO } from "../helpers.js";

const doc = readFileSync(join(REPO, "docs", "guard", "production.md"), "utf8");
const block = (language: string) =>
  [...doc.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1] as string);

test("the redis-server flags are the restart test's append-only setting", () => {
  const restartTest = readFileSync(join(REPO, "test", "guard", "redisRestart.test.ts"), "utf8");
  assert.deepEqual(block("sh"), ["redis-server --appendonly yes --appendfsync always\n"]);
  assert.ok(restartTest.includes('["--appendonly", "yes", "--appendfsync", "always"]'));
});

test("the catalog block marks a protective policy, and the TypeScript builds (and refuses) as it says", () => {
  const [yamlBlock] = block("yaml");
  const [tsBlock] = block("ts");
  assert.ok(yamlBlock && tsBlock);
  const { catalog, problems } = compileCatalog({ name: "bank", version: "1.0.0", errors: {}, ...parse(yamlBlock) });
  assert.deepEqual(problems, []);
  assert.equal(catalog?.rateLimits.payouts?.protective, true);
  const call = /rateLimit\((\{[^\n]*\})\)/.exec(tsBlock)?.[1];
  assert.equal(call, '{ catalog, store, policy: "payouts", limit: 3, windowMs: 600_000, onStoreError: "closed" }');
  const store = new MemoryStore();
  assert.doesNotThrow(() =>
    rateLimit({ catalog, store, policy: "payouts", limit: 3, windowMs: 600_000, onStoreError: "closed" }),
  );
  assert.throws(() => rateLimit({ catalog, store, policy: "payouts", limit: 3, windowMs: 600_000 }), /protective/);
});
