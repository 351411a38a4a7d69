/**
 * The small example project (examples/scan-project) run for real: its Express API's
 * traffic, recorded to a HAR by Chromium, verifies clean against its catalog, with
 * every operation's declared errors seen; and every rule scan and verify report is
 * explained by `errata explain <rule>` from errata's own catalog.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { app } from "../../examples/scan-project/src/app.js";
import { runExplain } from "../../src/cli/explain.js";
import type { Output } from "../../src/cli/output.js";
import { findingErrors, ruleId } from "../../src/own/findingRules.js";
import { browserSkip, launchChromium, listen } from "../browser/chromium.js";
import { REPO, runCli } from "../helpers.js";

const CATALOG = join(REPO, "examples", "scan-project", "catalog.yaml");

test("the example project's traffic, recorded by Chromium, verifies clean, each operation's errors seen", {
  skip: browserSkip(),
}, async () => {
  const har = join(mkdtempSync(join(tmpdir(), "errata-project-")), "shop.har");
  const server: Server = app.listen(0, "127.0.0.1");
  const base = await listen(server);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ recordHar: { path: har, content: "embed" } });
    const page = await context.newPage();
    await page.goto(`${base}/orders/o-404`);
    await page.evaluate(`(async () => {
      const send = (method, path, body) => fetch(path, { method, ...(body ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {}) }).then((r) => r.text());
      await send("POST", "/orders", { sku: "mug" });
      await send("POST", "/orders", { sku: "cup" });
      await send("DELETE", "/orders/o-1");
      await send("DELETE", "/orders/o-2");
    })()`);
    await context.close();
  } finally {
    await browser.close();
    server.close();
  }
  const { code, stdout, stderr } = runCli(["verify", har, "--catalog", CATALOG, "--format", "json"]);
  assert.equal(code, 0, stderr + stdout);
  const report = JSON.parse(stdout) as {
    findings: { severity: string }[];
    coverage: { id: string; seen: string[] }[];
    errorResponses: number;
  };
  assert.equal(report.errorResponses, 4);
  assert.deepEqual(
    report.findings.filter((f) => f.severity !== "info"),
    [],
  );
  assert.deepEqual(Object.fromEntries(report.coverage.map((c) => [c.id, c.seen.sort()])), {
    createOrder: ["OUT_OF_STOCK"],
    getOrder: ["ORDER_NOT_FOUND"],
    cancelOrder: ["ORDER_NOT_FOUND", "ORDER_SHIPPED"],
    quote_price: [],
  });
});

test("errata explain <rule> explains every rule of scan and verify, with no catalog of the user's", () => {
  // One through the CLI, from a folder with no errata.yaml; every rule in process (a CLI start each took 0.5 s).
  const dir = mkdtempSync(join(tmpdir(), "errata-explain-"));
  const cli = runCli(["explain", "raised-undeclared"], { cwd: dir });
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /^RAISED_UNDECLARED: /);
  const out = { color: false, style: (_f: unknown, text: string) => text } as Output;
  for (const name of Object.keys(findingErrors)) {
    let stdout = "";
    const code = runExplain(ruleId(name), [], out, (s) => {
      stdout += s;
    });
    assert.equal(code, 0, name);
    assert.match(stdout, new RegExp(`^${name}: `));
    assert.match(stdout, /Causes:\n {2}• /);
    assert.match(stdout, /Solutions:\n {2}• /);
  }
});
