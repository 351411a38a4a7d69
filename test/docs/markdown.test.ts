/** The Markdown reference: every error of every bundled catalog, shaped like the seeds, with real example bodies. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { renderMarkdown } from "../../src/docs/markdown.js";
import { createFactory } from "../../src/runtime/createErrors.js";
import { encode } from "../../src/wire/index.js";
import { BUNDLED, loadBundled } from "../helpers.js";

for (const name of BUNDLED) {
  test(`${name}: a section per error, the code table, the status summary and the handling patterns`, () => {
    const catalog = loadBundled(name);
    const md = renderMarkdown(catalog);
    for (const heading of [
      "## Error Response Format",
      "## Error Codes by Category",
      "## HTTP Status Code Summary",
      "## Handling Patterns",
    ]) {
      assert.ok(md.includes(`\n${heading}\n`), `${name}: ${heading}`);
    }
    assert.match(md, /\| Status \| Meaning \| Category \| Retryable \| Note \|/);
    for (const def of catalog.errors) {
      const id = def.code === def.name ? def.name : `${def.code} ${def.name}`;
      assert.ok(md.includes(`\n#### ${id}\n`), `${name}: no section for ${id}`);
      for (const cause of def.causes) assert.ok(md.includes(`- ${cause}`), `${name}: cause of ${id}`);
      for (const s of def.solutions) if (s.code) assert.ok(md.includes(s.code.trimEnd()), `${name}: snippet of ${id}`);
    }
    // Code fences open and close in pairs.
    assert.equal((md.match(/^```/gm) ?? []).length % 2, 0);
  });
}

test("example bodies are what the server sends: GitClaw's RATE_LIMITED with its headers", () => {
  const catalog = loadBundled("gitclaw");
  const md = renderMarkdown(catalog);
  const def = catalog.errors.find((d) => d.name === "RATE_LIMITED");
  assert.ok(def);
  const example = def.examples[0];
  assert.ok(example);
  const encoded = encode(createFactory(def, { stack: false })(example.details), "envelope", { catalog, hints: false });
  assert.ok(md.includes(JSON.stringify(JSON.parse(encoded.body as string), null, 2)));
  assert.match(md, /HTTP\/1\.1 429 Too Many Requests\nRetry-After: 3600\n[\s\S]*X-RateLimit-Remaining: 0/);
  assert.match(md, /### retry-after\n\n[^\n]+\n\n- `RATE_LIMITED`/);
  assert.match(md, /- `MERGE_BLOCKED`: once the PR is approved and CI passes/);
});

test("STT's binary frames are shown as a hex dump; sub-codes keep their own retry advice", () => {
  const md = renderMarkdown(loadBundled("stt"));
  assert.match(md, /```text\n0000 {2}[0-9a-f]{2}( [0-9a-f]{2})+/);
  assert.match(md, /\| `0x0405_01` \| NONCE_REUSE \| security violation \| never \|/);
});

test("the reference says whether the API honours idempotency keys, from the catalog's idempotency field", async () => {
  const { compileCatalog } = await import("../../src/catalog/compile.js");
  const spec = (idempotency?: object) => ({
    name: "shop",
    version: "1.0.0",
    ...(idempotency ? { idempotency } : {}),
    errors: { BUSY: { category: "unavailable", message: "Busy" } },
  });
  const keyed = compileCatalog(spec({ header: "X-Op-Key", lifetime: 7200, methods: ["POST"] })).catalog;
  const plain = compileCatalog(spec()).catalog;
  assert.ok(keyed && plain);
  const withKeys = renderMarkdown(keyed);
  assert.match(
    withKeys,
    /### Idempotency keys\n\nThis API honours idempotency keys\. Send `X-Op-Key` with every POST request/,
  );
  assert.match(withKeys, /A repeat within 2 hours gets the first response/);
  const without = renderMarkdown(plain);
  assert.match(without, /### Writes\n\nThis API does not declare idempotency keys/);
  assert.doesNotMatch(without, /Idempotency keys/);
});
