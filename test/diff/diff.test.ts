/** errata diff: every rule on small catalogs, then a real pair of GitClaw versions through the CLI. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { compileCatalog } from "../../src/catalog/compile.js";
import type { Catalog } from "../../src/catalog/model.js";
import { bumpBetween, diffCatalogs } from "../../src/diff/diff.js";
import { REPO, runCli, tempFiles } from "../helpers.js";

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
    // The title follows the name, so it changes too.
    assert.deepEqual(rules({ SOLD_OUT: base.OUT_OF_STOCK, PAYMENT_DECLINED: base.PAYMENT_DECLINED }), [
      "breaking:error-renamed",
      "docs:title-changed",
    ]);
    assert.deepEqual(rules({ ...base, NEW_ONE: { code: "S003", category: "server" } }), ["compatible:error-added"]);
  });

  test("operations: removed or moved breaks, an error added is for clients to handle (minor), one removed is compatible", () => {
    const ops = (operations: Record<string, unknown>, common: string[] = []) => ({ operations, commonErrors: common });
    const order = { http: "POST /orders", errors: ["OUT_OF_STOCK"] };
    const from = catalog("1.0.0", base, ops({ createOrder: order, pay: { mcp: "pay", errors: ["PAYMENT_DECLINED"] } }));
    const diff = (to: Record<string, unknown>, version = "2.0.0") =>
      diffCatalogs(from, catalog(version, base, to)).changes.map((c) => `${c.impact}:${c.rule}:${c.message}`);
    assert.deepEqual(diff(ops({ createOrder: order })), [
      "breaking:operation-removed:operation pay (mcp pay) removed: its callers break",
    ]);
    assert.deepEqual(diff(ops({ createOrder: { ...order, http: "PUT /orders" }, pay: { mcp: "pay" } })), [
      "breaking:operation-route-changed:operation createOrder moved: POST /orders → PUT /orders; its callers still call the old route",
      "compatible:operation-error-removed:operation pay no longer returns PAYMENT_DECLINED",
    ]);
    // A common error reaches every operation that takes the common ones.
    const added = diffCatalogs(
      from,
      catalog(
        "1.1.0",
        base,
        ops({ createOrder: order, pay: { mcp: "pay", errors: ["PAYMENT_DECLINED"] }, refund: { mcp: "refund" } }, [
          "PAYMENT_DECLINED",
        ]),
      ),
    );
    assert.deepEqual(
      added.changes.map((c) => `${c.impact}:${c.rule}:${c.error ?? c.to}`),
      ["compatible:operation-error-added:PAYMENT_DECLINED", "compatible:operation-added:refund"],
    );
    assert.equal(
      added.changes[0]?.message,
      "operation createOrder may now return PAYMENT_DECLINED: its clients must handle it",
    );
    assert.deepEqual([added.required, added.versionOk], ["minor", true]);
  });

  test("code, status and retryability changes break; a retry advice of the same retryability does not", () => {
    const oos = base.OUT_OF_STOCK;
    assert.deepEqual(rules({ ...base, OUT_OF_STOCK: { ...oos, code: "S009" } }), ["breaking:code-changed"]);
    assert.deepEqual(rules({ ...base, OUT_OF_STOCK: { ...oos, status: 422 } }), ["breaking:status-changed"]);
    assert.deepEqual(rules({ ...base, OUT_OF_STOCK: { ...oos, retry: "backoff" } }), ["breaking:retryable-changed"]);
    // The recovery follows the retry advice, so it changes too.
    assert.deepEqual(rules({ ...base, OUT_OF_STOCK: { ...oos, retry: "transport" } }), [
      "compatible:retry-advice-changed",
      "docs:recovery-changed",
    ]);
  });

  test("details and message parameters", () => {
    const oos = base.OUT_OF_STOCK;
    assert.deepEqual(
      rules({ ...base, OUT_OF_STOCK: { ...oos, message: "Only {left} left", details: { left: "integer" } } }),
      ["breaking:detail-removed", "breaking:message-param-removed", "docs:message-changed"],
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
      "docs:causes-changed",
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
      changes: { rule: string; impact: string; error?: string }[];
    };
    assert.equal(json.breaking, true);
    assert.equal(json.required, "major");
    assert.deepEqual(
      json.changes.filter((c) => c.impact !== "docs").map((c) => `${c.rule} ${c.error}`),
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

describe("what real catalogs change", () => {
  const oos = base.OUT_OF_STOCK;
  const diff = (
    next: Record<string, unknown>,
    extra: Record<string, unknown> = {},
    before: Record<string, unknown> = {},
  ) => diffCatalogs(catalog("1.0.0", base, before), catalog("2.0.0", next, extra));

  test("a change of kind is breaking: the runtime class changes", () => {
    const d = diff({ ...base, OUT_OF_STOCK: { ...oos, category: "server", status: 409 } });
    const kind = d.changes.find((c) => c.rule === "kind-changed");
    assert.equal(kind?.impact, "breaking");
    assert.deepEqual([kind?.field, kind?.from, kind?.to], ["kind", '"conflict"', '"server"']);
    assert.match(kind?.message ?? "", /instanceof/);
    assert.equal(d.required, "major");
  });

  test("moving an error from 503 unavailable to server is breaking, not a docs change", () => {
    const before = { DOWN: { code: "S001", category: "unavailable" } };
    const d = diffCatalogs(
      catalog("1.0.0", before),
      catalog("1.0.1", { DOWN: { code: "S001", category: "server", status: 503 } }),
    );
    assert.deepEqual(
      d.changes.map((c) => `${c.impact}:${c.rule}`),
      ["breaking:kind-changed", "docs:category-changed"],
    );
    assert.equal(d.versionOk, false);
  });

  test("exit codes and the status: none of a CLI's errors are part of the contract", () => {
    const cli = { ...oos, status: "none", exitCode: 3 };
    const d = diffCatalogs(
      catalog("1.0.0", { ...base, OUT_OF_STOCK: cli }),
      catalog("2.0.0", { ...base, OUT_OF_STOCK: { ...cli, exitCode: 4 } }),
    );
    assert.deepEqual(
      d.changes.map((c) => `${c.rule} ${c.from} → ${c.to}`),
      ["exit-code-changed 3 → 4"],
    );
    const toHttp = diffCatalogs(catalog("1.0.0", { ...base, OUT_OF_STOCK: cli }), catalog("2.0.0", base));
    assert.equal(toHttp.changes[0]?.message, "OUT_OF_STOCK: HTTP status none → 409");
  });

  test("a problem catalog's type URI is its errors' identity; a Google catalog's domain is", () => {
    const moved = diff(
      base,
      { docsBaseUrl: "https://new.example/errors/" },
      { docsBaseUrl: "https://old.example/errors/" },
    );
    assert.deepEqual(
      moved.changes.filter((c) => c.impact === "breaking").map((c) => `${c.rule} ${c.error}`),
      ["type-changed OUT_OF_STOCK", "type-changed PAYMENT_DECLINED"],
    );
    assert.match(
      moved.changes[0]?.message ?? "",
      /problem type URI "https:\/\/old\.example\/errors\/out-of-stock" → "https:\/\/new/,
    );
    const flat = diff(
      base,
      { format: "flat", docsBaseUrl: "https://new.example/" },
      { format: "flat", docsBaseUrl: "https://old.example/" },
    );
    assert.ok(
      flat.changes.every((c) => c.impact === "docs"),
      JSON.stringify(flat.changes),
    );
    const google = diff(
      base,
      { format: "google", domain: "api.shop.example" },
      { format: "google", domain: "shop.example" },
    );
    assert.deepEqual(
      google.changes.map((c) => `${c.impact}:${c.rule}`),
      ["breaking:domain-changed"],
    );
  });

  test("every change names its field with the old and new values", () => {
    const d = diff({ ...base, OUT_OF_STOCK: { ...oos, title: "Sold out" } });
    assert.deepEqual(d.changes, [
      {
        impact: "docs",
        rule: "title-changed",
        error: "OUT_OF_STOCK",
        field: "title",
        from: '"Out Of Stock"',
        to: '"Sold out"',
        message: 'OUT_OF_STOCK: title "Out Of Stock" → "Sold out"',
      },
    ]);
  });

  test("extension fields: those sent on the wire are contract, the rest documentation", () => {
    const extensions = { owner: "string", level: { type: "string", wire: true } };
    const before = { ...base, OUT_OF_STOCK: { ...oos, meta: { owner: "a", level: "warn" } } };
    const d = diffCatalogs(
      catalog("1.0.0", before, { extensions }),
      catalog("2.0.0", { ...base, OUT_OF_STOCK: { ...oos, meta: { owner: "b", level: "error" } } }, { extensions }),
    );
    assert.deepEqual(
      d.changes.map((c) => `${c.impact}:${c.rule}:${c.field}`),
      ["docs:meta-changed:meta.owner", "breaking:meta-changed:meta.level"],
    );
  });

  test("accepted breaks are reported, marked, and do not fail", () => {
    const next = { ...base, OUT_OF_STOCK: { ...oos, status: 422 } };
    const d = diffCatalogs(catalog("1.0.0", base), catalog("1.1.0", next), [
      { rule: "status-changed", error: "OUT_OF_STOCK" },
    ]);
    assert.equal(d.changes[0]?.accepted, true);
    assert.equal(d.breaking, false);
    assert.equal(d.versionOk, true);
    const other = diffCatalogs(catalog("1.0.0", base), catalog("1.1.0", next), [
      { rule: "status-changed", error: "OTHER" },
    ]);
    assert.equal(other.breaking, true);
  });
});

describe("errata diff in a repository's CI", () => {
  const v1 =
    "name: shop\nversion: 1.0.0\ninclude: [common/base.yaml]\nerrors:\n  OUT_OF_STOCK:\n    category: conflict\n    causes: [x]\n    solutions: [y]\n";
  const base = "name: base\nversion: 1.0.0\nerrors:\n  BOOM:\n    category: server\n";

  function repo(): string {
    const dir = tempFiles({ "errata.yaml": v1 });
    mkdirSync(join(dir, "common"));
    writeFileSync(join(dir, "common", "base.yaml"), base);
    const git = (...args: string[]) => {
      const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: dir });
      assert.equal(r.status, 0, r.stderr.toString());
    };
    git("init", "-q", "-b", "main");
    git("add", ".");
    git("commit", "-q", "-m", "v1");
    // The working tree moves OUT_OF_STOCK to 503, a breaking change of status and kind.
    writeFileSync(
      join(dir, "errata.yaml"),
      v1.replace("version: 1.0.0", "version: 1.1.0").replace("category: conflict", "category: unavailable"),
    );
    return dir;
  }

  test("the old side read from git, includes and all: main:errata.yaml against the working tree", () => {
    const dir = repo();
    const r = runCli(["diff", "main:errata.yaml", "errata.yaml"], { cwd: dir });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /OUT_OF_STOCK: HTTP status 409 → 503 {2}\[status-changed\]/);
    assert.match(r.stdout, /OUT_OF_STOCK: kind conflict → unavailable/);
    assert.doesNotMatch(r.stdout, /BOOM/);
    const relative = runCli(["diff", "HEAD:./errata.yaml", "errata.yaml"], { cwd: dir });
    assert.equal(relative.code, 1);
    const missing = runCli(["diff", "main:nope.yaml", "errata.yaml"], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.yaml does not exist at main/);
    const badRev = runCli(["diff", "no-such-branch:errata.yaml", "errata.yaml"], { cwd: dir });
    assert.equal(badRev.code, 2);
    assert.match(badRev.stderr, /cannot read from git/);
  });

  test("an ignore file accepts known breaks: reported as accepted, exit 0; unused entries are named", () => {
    const dir = repo();
    writeFileSync(
      join(dir, "accepted.txt"),
      "# moved to 503 on purpose (release notes 1.1)\nstatus-changed OUT_OF_STOCK\nkind-changed *\nretryable-changed OUT_OF_STOCK\ncode-changed NOTHING\n",
    );
    const r = runCli(["diff", "main:errata.yaml", "errata.yaml", "--ignore", "accepted.txt"], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /\[status-changed\] {2}\(accepted\)/);
    assert.match(r.stdout, /Unused acceptance: code-changed NOTHING/);
    writeFileSync(join(dir, "bad.txt"), "status-changed\n");
    const bad = runCli(["diff", "main:errata.yaml", "errata.yaml", "--ignore", "bad.txt"], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.txt:1: expected "<rule> <ERROR_NAME or \*>"/);
  });

  test("--format github annotates the new catalog's lines: errors for breaks, notices for the rest", () => {
    const dir = repo();
    const r = runCli(["diff", "main:errata.yaml", "errata.yaml", "--format", "github"], { cwd: dir });
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split("\n");
    assert.ok(
      lines.includes(
        "::error title=errata status-changed,file=errata.yaml,line=5::OUT_OF_STOCK: HTTP status 409 → 503",
      ),
      lines.join("\n"),
    );
    assert.ok(lines.some((l) => l.startsWith("::notice title=errata category-changed,file=errata.yaml,line=5::")));
    assert.match(
      lines.at(-1) ?? "",
      /^::error title=errata version::1\.0\.0 → 1\.1\.0 \(minor\): needs a major version bump/,
    );
  });
});

describe("languages in the diff", () => {
  const v = (version: string, locales: string[], fr?: string) =>
    catalog(
      version,
      { OUT_OF_STOCK: { ...base.OUT_OF_STOCK, ...(fr ? { translations: { fr: { message: fr } } } : {}) } },
      { locales },
    );

  test("a translation's change is documentation; a removed locale is reported", () => {
    const changed = diffCatalogs(
      v("1.0.0", ["en", "fr"], "Plus que {left} {sku}"),
      v("1.0.1", ["en", "fr"], "Il reste {left} {sku}"),
    );
    assert.deepEqual(
      changed.changes.map((c) => `${c.impact}:${c.rule}:${c.field}`),
      ["docs:translation-changed:translations.fr.message"],
    );
    assert.equal(changed.required, "patch");
    const removed = diffCatalogs(v("1.0.0", ["en", "fr"], "Plus que {left} {sku}"), v("1.0.1", ["en"]));
    assert.deepEqual(
      removed.changes.map((c) => `${c.rule}: ${c.message}`),
      [
        "translation-changed: OUT_OF_STOCK: fr translation removed",
        "locale-removed: locale fr removed: callers asking for it get en",
      ],
    );
  });

  test("errata diff reads the overlay files of both sides: a changed French message is documentation", () => {
    const catalogText = (version: string) =>
      `name: shop\nversion: ${version}\nlocales: [en, fr]\ntranslationFiles: [locales/shop.fr.yaml]\nerrors:\n  CART_EMPTY: { category: validation, message: The cart is empty }\n`;
    const overlay = (message: string) => `locale: fr\nerrors:\n  CART_EMPTY: { message: ${message} }\n`;
    const dir = tempFiles({
      "old/shop.yaml": catalogText("1.0.0"),
      "old/locales/shop.fr.yaml": overlay("Le panier est vide"),
      "new/shop.yaml": catalogText("1.0.1"),
      "new/locales/shop.fr.yaml": overlay("Votre panier est vide"),
    });
    const r = runCli(["diff", join(dir, "old", "shop.yaml"), join(dir, "new", "shop.yaml"), "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { changes: { rule: string; impact: string; message: string }[] };
    assert.deepEqual(
      report.changes.map((c) => [c.impact, c.rule]),
      [["docs", "translation-changed"]],
    );
    assert.match(report.changes[0]?.message ?? "", /Le panier est vide.*Votre panier est vide/);
  });
});

test("long values: whole in from/to, and cut in the message around where they differ, never alike", () => {
  const long = "A request that names an unknown field or misses a required one is refused before anything runs".repeat(
    2,
  );
  const make = (message: string) => {
    const { catalog } = compileCatalog({
      name: "t",
      version: "1.0.0",
      errors: { BAD: { category: "validation", message } },
    });
    assert.ok(catalog);
    return catalog;
  };
  const changes = diffCatalogs(make(`${long} (v1)`), make(`${long} (v2)`)).changes.filter((c) => c.field === "message");
  assert.equal(changes.length, 1);
  const [c] = changes;
  assert.equal(c?.from, JSON.stringify(`${long} (v1)`));
  assert.equal(c?.to, JSON.stringify(`${long} (v2)`));
  const [, shown] = /message (.*)$/.exec(c?.message ?? "") ?? [];
  const [before, after] = (shown ?? "").split(" → ");
  assert.ok(before && after && before !== after, c?.message);
  assert.match(before, /\(v1\)/);
  assert.match(after, /\(v2\)/);
  assert.ok(before.length <= 82 && after.length <= 82, c?.message);
});
