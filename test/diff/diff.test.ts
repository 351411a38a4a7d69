/** errata diff: every rule on small catalogs, then a real pair of GitClaw versions through the CLI. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { compileCatalog } from "../../src/catalog/compile.js";
import type { Catalog } from "../../src/catalog/model.js";
import { bumpBetween, diffCatalogs } from "../../src/diff/diff.js";
import { REPO, runCli } from "../helpers.js";

function catalog(version: string, errors: Record<string, unknown>, extra: Record<string, unknown> = {}): Catalog {
  const { catalog, problems } = compileCatalog({
    name: "shop",
    version,
    codes: { style: "pattern", pattern: "S\\d{3}" },
    ...extra,
    errors,
  });
  assert.ok(catalog, JSON.stringify(problems));
  return catalog;
}

const base = {
  OUT_OF_STOCK: {
    code: "S001",
    category: "conflict",
    message: "Only {left} left of {sku}",
    details: { sku: "string", left: "integer" },
    retry: "never",
    causes: ["Sold out"],
  },
  PAYMENT_DECLINED: { code: "S002", category: "payment", reasons: { expired: "Card expired" } },
};

function rules(next: Record<string, unknown>, extra: Record<string, unknown> = {}): string[] {
  return diffCatalogs(catalog("1.0.0", base), catalog("2.0.0", next, extra)).changes.map(
    (c) => `${c.impact}:${c.rule}`,
  );
}

describe("rules", () => {
  test("removed, renamed (same code) and added errors", () => {
    assert.deepEqual(rules({ OUT_OF_STOCK: base.OUT_OF_STOCK }), ["breaking:error-removed"]);
    // The title and docs URL follow the name, so the docs change too.
    assert.deepEqual(rules({ SOLD_OUT: base.OUT_OF_STOCK, PAYMENT_DECLINED: base.PAYMENT_DECLINED }), [
      "breaking:error-renamed",
      "docs:docs-changed",
    ]);
    assert.deepEqual(rules({ ...base, NEW_ONE: { code: "S003", category: "server" } }), ["compatible:error-added"]);
  });

  test("code, status and retryability changes break; a retry advice of the same retryability does not", () => {
    const oos = base.OUT_OF_STOCK;
    assert.deepEqual(rules({ ...base, OUT_OF_STOCK: { ...oos, code: "S009" } }), ["breaking:code-changed"]);
    assert.deepEqual(rules({ ...base, OUT_OF_STOCK: { ...oos, status: 422 } }), ["breaking:status-changed"]);
    assert.deepEqual(rules({ ...base, OUT_OF_STOCK: { ...oos, retry: "backoff" } }), ["breaking:retryable-changed"]);
    // The recovery follows the retry advice, so the docs change too.
    assert.deepEqual(rules({ ...base, OUT_OF_STOCK: { ...oos, retry: "transport" } }), [
      "compatible:retry-advice-changed",
      "docs:docs-changed",
    ]);
  });

  test("details and message parameters", () => {
    const oos = base.OUT_OF_STOCK;
    assert.deepEqual(
      rules({ ...base, OUT_OF_STOCK: { ...oos, message: "Only {left} left", details: { left: "integer" } } }),
      ["breaking:detail-removed", "breaking:message-param-removed", "docs:docs-changed"],
    );
    assert.deepEqual(rules({ ...base, OUT_OF_STOCK: { ...oos, details: { sku: "string", left: "string" } } }), [
      "breaking:detail-type-changed",
    ]);
    assert.deepEqual(
      rules({
        ...base,
        OUT_OF_STOCK: { ...oos, details: { ...oos.details, warehouse: { type: "string", required: false } } },
      }),
      ["compatible:detail-added"],
    );
  });

  test("sub-codes and reasons; the wire format; text changes are docs", () => {
    const pd = base.PAYMENT_DECLINED;
    assert.deepEqual(rules({ ...base, PAYMENT_DECLINED: { ...pd, reasons: {} } }), ["breaking:reason-removed"]);
    assert.deepEqual(rules({ ...base, PAYMENT_DECLINED: { ...pd, reasons: { ...pd.reasons, stolen: "Stolen" } } }), [
      "compatible:reason-added",
    ]);
    assert.deepEqual(rules(base, { format: "flat" }), ["breaking:format-changed"]);
    assert.deepEqual(rules({ ...base, OUT_OF_STOCK: { ...base.OUT_OF_STOCK, causes: ["Sold out today"] } }), [
      "docs:docs-changed",
    ]);
    assert.deepEqual(rules(base), []);
  });

  test("the required bump and the version check, 0.x included", () => {
    const same = catalog("1.0.0", base);
    assert.equal(diffCatalogs(same, catalog("1.0.1", base)).required, "none");
    const removed = { OUT_OF_STOCK: base.OUT_OF_STOCK };
    assert.equal(diffCatalogs(same, catalog("1.1.0", removed)).versionOk, false);
    assert.equal(diffCatalogs(same, catalog("2.0.0", removed)).versionOk, true);
    assert.equal(diffCatalogs(catalog("0.3.0", base), catalog("0.4.0", removed)).versionOk, true);
    assert.equal(diffCatalogs(catalog("0.3.0", base), catalog("0.3.1", removed)).versionOk, false);
    assert.deepEqual(
      ["1.0.0→2.0.0", "1.0.0→1.1.0", "1.0.0→1.0.1", "1.0.0→1.0.0", "1.2.0→1.1.9", "x→1.0.0"].map((p) => {
        const [a, b] = p.split("→") as [string, string];
        return bumpBetween(a, b);
      }),
      ["major", "minor", "patch", "none", "downgrade", "invalid"],
    );
  });
});

describe("errata diff on two real GitClaw versions", () => {
  const fixture = (v: string) => join(REPO, "test", "diff", "fixtures", `gitclaw-${v}.yaml`);

  test("1.0.0 → 1.1.0: compatible, a minor bump, exit 0", () => {
    const r = runCli(["diff", fixture("1.0.0"), fixture("1.1.0")]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /REPO_ARCHIVED \(REPO_ARCHIVED\) added {2}\[error-added\]/);
    assert.match(r.stdout, /needs a minor version bump: ok/);
  });

  test("1.0.0 → 1.2.0: breaking changes and a bump too small, exit 1; JSON and Markdown say the same", () => {
    const r = runCli(["diff", fixture("1.0.0"), fixture("1.2.0")]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /the version bump is too small/);
    const json = JSON.parse(runCli(["diff", fixture("1.0.0"), fixture("1.2.0"), "--format", "json"]).stdout) as {
      breaking: boolean;
      required: string;
      changes: { rule: string; error?: string }[];
    };
    assert.equal(json.breaking, true);
    assert.equal(json.required, "major");
    assert.deepEqual(
      json.changes.filter((c) => c.rule !== "docs-changed").map((c) => `${c.rule} ${c.error}`),
      [
        "detail-type-changed REPO_NOT_FOUND",
        "detail-added REPO_NOT_FOUND",
        "message-param-removed REPO_NOT_FOUND",
        "error-removed NO_EXISTING_STAR",
        "status-changed REPO_EXISTS",
        "detail-removed DUPLICATE_STAR",
        "retryable-changed DATABASE_ERROR",
        "error-added REPO_ARCHIVED",
      ],
    );
    const md = runCli(["diff", fixture("1.0.0"), fixture("1.2.0"), "--format", "markdown"]).stdout;
    assert.match(md, /^### ⚠️ Error contract: `gitclaw` 1\.0\.0 → 1\.2\.0/);
    assert.match(md, /\*\*Breaking \(6\)\*\*/);
  });

  test("1.0.0 → 2.0.0: breaking with a major bump still exits 1, and says the bump is fine", () => {
    const r = runCli(["diff", fixture("1.0.0"), fixture("2.0.0")]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /needs a major version bump: ok/);
    assert.equal(runCli(["diff", fixture("1.0.0")]).code, 2);
  });
});
