/**
 * The CLI output blocks of the README and of every page in docs/ are real: each
 * `$ errata …` block is run, in a folder holding the files it names, and must print
 * exactly what the page shows. (The demo's curl blocks, in docs/server.md, are
 * checked by test/examples/demo.test.ts.)
 */
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { REPO, runCli, tempFiles } from "./helpers.js";

/** The files each shown command needs, and the folder name it runs in. */
const SETUP: Record<string, { folder: string; files: Record<string, string> }> = {
  "errata init": { folder: "my-api", files: {} },
  "errata lint broken.yaml": {
    folder: "shop",
    files: {
      "broken.yaml":
        'name: shop\nversion: 1.0.0\nerrors:\n  MISSING_FIELD:\n    category: validation\n    mesage: "Required field missing"\n    status: "400"\n',
    },
  },
  "errata scan app.ts --catalog shop.yaml": {
    folder: "shop",
    files: {
      "shop.yaml": [
        "name: shop",
        "version: 1.0.0",
        "errors:",
        '  ORDER_NOT_FOUND: { category: not_found, message: "No order {orderId}", details: { orderId: string } }',
        '  OUT_OF_STOCK: { category: conflict, message: "{sku} is out of stock", details: { sku: string } }',
        "operations:",
        '  getOrder: { http: "GET /orders/{orderId}", errors: [ORDER_NOT_FOUND] }',
        '  createOrder: { http: "POST /orders", errors: [OUT_OF_STOCK] }',
        "",
      ].join("\n"),
      "app.ts": [
        'import express from "express";',
        'import { createErrors } from "errata";',
        'import { catalog } from "./catalog.js";',
        "",
        "const errors = createErrors(catalog);",
        "const app = express();",
        "",
        'app.get("/orders/:orderId", (req) => {',
        '  if (req.params.orderId === "late") throw errors.OUT_OF_STOCK({ sku: "mug" });',
        "  throw errors.ORDER_GONE({ orderId: req.params.orderId });",
        "});",
        "",
        'app.post("/orders", () => {',
        '  throw new Error("not written yet");',
        "});",
        "",
      ].join("\n"),
    },
  },
};

/** The README and every page under docs/. */
const pages = [
  join(REPO, "README.md"),
  ...readdirSync(join(REPO, "docs"), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => join(REPO, "docs", f)),
];
const blocks = pages.flatMap((page) => [
  ...readFileSync(page, "utf8").matchAll(/```text\n\$ (errata [^\n]+)\n([\s\S]*?)```/g),
]);

test("every errata command the README shows prints what it shows", () => {
  assert.deepEqual(
    blocks.map((b) => b[1]),
    Object.keys(SETUP),
  );
  for (const [, command, shown] of blocks) {
    const setup = SETUP[command as string];
    assert.ok(setup, command);
    const dir = join(tempFiles({}), setup.folder);
    mkdirSync(dir);
    for (const [name, text] of Object.entries(setup.files)) writeFileSync(join(dir, name), text);
    const r = runCli((command as string).split(" ").slice(1), { cwd: dir });
    assert.equal(r.stdout, shown, command);
  }
});

test("the README's first catalog lints clean as it stands (a test, since it is the first thing a reader copies)", () => {
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const yaml = /## A catalog\n\n```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(yaml, "the README has a catalog block");
  const dir = tempFiles({ "errata.yaml": yaml });
  const r = runCli(["lint", "errata.yaml"], { cwd: dir });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /0 error\(s\)/);
});
