/** Each lint rule fires on the mistake it names and stays quiet on a clean entry. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compileCatalog } from "../../src/catalog/compile.js";
import { LINT_RULES, lintCatalog } from "../../src/catalog/lint.js";
import { BUNDLED, loadBundled } from "../helpers.js";

const CLEAN = { causes: ["a cause"], solutions: ["a solution"] };

function rulesFor(entry: Record<string, unknown>): string[] {
  const { catalog, problems } = compileCatalog({
    name: "t",
    version: "1.0.0",
    errors: { SUBJECT: { ...CLEAN, ...entry } },
  });
  assert.deepEqual(problems, []);
  assert.ok(catalog);
  return lintCatalog(catalog).map((p) => p.rule);
}

describe("lint rules", () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ["status-category", { category: "validation", status: 500 }, { category: "validation", status: 422 }],
    ["retry-status", { category: "not_found", retry: "backoff" }, { category: "not_found" }],
    [
      "retry-status",
      { category: "not_found", reasons: { gone: { retry: "backoff" } } },
      { category: "not_found", reasons: { gone: { retry: "never" } } },
    ],
    ["not-an-error-status", { category: "outcome", status: 500 }, { category: "outcome" }],
    ["not-an-error-status", { category: "server", status: 200 }, { category: "server" }],
    [
      "template-details",
      { category: "validation", message: "Missing {field}" },
      { category: "validation", message: "Missing {field}", details: { field: "string" } },
    ],
    [
      "template-optional",
      { category: "validation", message: "Missing {field}", details: { field: { type: "string", required: false } } },
      { category: "validation", message: "Missing {field}", details: { field: "string" } },
    ],
    [
      "example-details",
      { category: "validation", details: { n: "integer" }, examples: [{ details: { n: "five" } }] },
      { category: "validation", details: { n: "integer" }, examples: [{ details: { n: 5 } }] },
    ],
    [
      "example-details",
      { category: "validation", details: { n: "integer" }, examples: [{ details: { m: 5 } }] },
      {
        category: "validation",
        details: { n: { type: "integer", nullable: true } },
        examples: [{ details: { n: null } }],
      },
    ],
    ["missing-causes", { category: "server", causes: [] }, { category: "server" }],
    [
      "example-missing",
      { category: "validation", message: "Missing {field}", details: { field: "string" } },
      { category: "validation", message: "Missing {field}", details: { field: { type: "string", example: "email" } } },
    ],
    [
      "cut-sentence",
      { category: "server", causes: ["The disk is full", "or the quota is reached"] },
      { category: "server", causes: ["The disk is full, or the quota is reached", "Orders pile up"] },
    ],
    ["missing-solutions", { category: "server", solutions: [] }, { category: "server" }],
    ["grpc-status", { category: "server", grpc: "NOT_FOUND" }, { category: "server", grpc: "UNKNOWN" }],
    ["maybe-condition", { category: "conflict", retry: "maybe" }, { category: "conflict" }],
    [
      "maybe-condition",
      { category: "conflict", retry: "maybe" },
      { category: "conflict", details: { state: "string" }, retry: { policy: "maybe", when: { state: ["busy"] } } },
    ],
  ];
  for (const [rule, bad, good] of cases) {
    test(`${rule}: fires on ${JSON.stringify(bad)}`, () => {
      assert.ok(rulesFor(bad).includes(rule), `expected ${rule} in ${rulesFor(bad).join(", ")}`);
      assert.ok(!rulesFor(good).includes(rule), `unexpected ${rule} for ${JSON.stringify(good)}`);
    });
  }

  test("maybe-condition names the fields it wants", () => {
    const { catalog } = compileCatalog({
      name: "t",
      version: "1.0.0",
      errors: { SUBJECT: { ...CLEAN, category: "conflict", retry: "maybe" } },
    });
    assert.ok(catalog);
    const found = lintCatalog(catalog).find((p) => p.rule === "maybe-condition");
    assert.match(found?.message ?? "", /retry\.condition.*condition: .*when: /);
  });

  test("a 2xx status on a failure is one problem, not-an-error-status, with advice that fits it (not a 5xx kind)", () => {
    const { catalog, problems } = compileCatalog({
      name: "t",
      version: "1.0.0",
      errors: { SUBJECT: { ...CLEAN, category: "server", status: 200 } },
    });
    assert.deepEqual(problems, []);
    assert.ok(catalog);
    const found = lintCatalog(catalog).filter((p) => p.severity === "error");
    assert.deepEqual(
      found.map((p) => [p.rule, p.message]),
      [["not-an-error-status", "status 200 is not an error status"]],
    );
    assert.ok(found[0]?.suggestion?.startsWith("give it a 4xx/5xx status"));
    assert.ok(!found[0]?.suggestion?.includes("generic kind server"));
  });

  test("google-domain: a Google-format catalog without a domain; quiet with one, or in another format", () => {
    const rules = (spec: Record<string, unknown>) => {
      const subject = { ...CLEAN, category: "server" };
      const { catalog } = compileCatalog({ name: "t", version: "1.0.0", errors: { SUBJECT: subject }, ...spec });
      assert.ok(catalog);
      return lintCatalog(catalog).map((p) => p.rule);
    };
    assert.ok(rules({ format: "google" }).includes("google-domain"));
    assert.ok(!rules({ format: "google", domain: "api.example.com" }).includes("google-domain"));
    assert.ok(!rules({ format: "problem" }).includes("google-domain"));
  });

  test("every declared rule is exercised above", () => {
    // The extension, code-pattern and settings rules need catalog-level fields: realCatalogs.test.ts.
    const elsewhere = [
      "google-domain",
      "meta-undeclared",
      "meta-type",
      "meta-required",
      "code-pattern",
      "unknown-rule",
      // The translation rules: locales.test.ts, and overlays.test.ts for translation-items.
      "translation-params",
      "translation-missing",
      "translation-items",
      // The operations' rules: operations.test.ts.
      "error-unreturned",
      "operation-without-errors",
      // The error maps' rule: test/server/maps.test.ts; `own:`'s: test/own/own.test.ts.
      "map-message",
      "own-unknown",
      "own-details",
      "own-unmapped",
    ];
    const tested = new Set([...cases.map(([rule]) => rule), ...elsewhere]);
    assert.deepEqual(
      Object.keys(LINT_RULES).filter((r) => !tested.has(r)),
      [],
    );
  });

  test("the bundled catalogs have no lint errors (the seeds' missing causes are warnings)", () => {
    for (const name of BUNDLED) {
      const errors = lintCatalog(loadBundled(name)).filter((p) => p.severity === "error");
      assert.deepEqual(errors, [], name);
    }
  });
});
