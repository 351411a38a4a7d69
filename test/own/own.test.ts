/**
 * A catalog's `own:` answers errata's errors (a guard's RATE_LIMITED, an adapter's
 * VALIDATION_ERROR) with the API's own, its code and docs; lint checks each entry
 * (errata sends that error, the target declares its details) and tells a catalog
 * with codes of its own which of errata's errors would go out under errata's names.
 * The list of what errata produces (sent.ts, and the docs page made from it) is
 * checked against the sources, so a new refusal cannot go unlisted.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { compileCatalog } from "../../src/catalog/compile.js";
import type { Catalog } from "../../src/catalog/model.js";
import { guardFetch, MemoryStore, rateLimit } from "../../src/guard/index.js";
import { lintCatalog } from "../../src/index.js";
import { fallback } from "../../src/own/fallback.js";
import { PRODUCED } from "../../src/own/sent.js";
import { requestValidation, toResponse } from "../../src/server/index.js";
import { REPO } from "../helpers.js";

const CLEAN = { causes: ["a cause"], solutions: ["a solution"] };

function shop(own: Record<string, string>, throttled: Record<string, unknown> = {}) {
  return compileCatalog({
    name: "shop",
    version: "1.0.0",
    docsBaseUrl: "https://docs.shop.example/errors/",
    codes: { style: "pattern", pattern: "SHOP-\\d{4}" },
    errors: {
      SHOP_THROTTLED: {
        ...CLEAN,
        code: "SHOP-0429",
        category: "rate_limit",
        message: "Slow down: {limit} per {window}",
        details: { limit: "integer", window: "string", retryAfter: "integer", ...throttled },
      },
      SHOP_INVALID: {
        ...CLEAN,
        code: "SHOP-0400",
        category: "validation",
        details: { violations: { type: "array", items: "object" } },
      },
    },
    own,
  });
}

test("a guard's refusal and an adapter's validation error go out as the catalog's own errors", async () => {
  const { catalog, problems } = shop({ RATE_LIMITED: "SHOP_THROTTLED", VALIDATION_ERROR: "SHOP_INVALID" });
  assert.deepEqual(problems, []);
  const limited = guardFetch(
    rateLimit({ store: new MemoryStore(), catalog: catalog as Catalog, limit: 1, windowMs: 60_000, key: () => "a" }),
    () => new Response("ok"),
  );
  await limited(new Request("http://api.local/orders", { method: "POST" }));
  const refused = await limited(new Request("http://api.local/orders", { method: "POST" }));
  const body = (await refused.json()) as Record<string, unknown>;
  assert.equal(refused.status, 429);
  assert.deepEqual([body.code, body.type], ["SHOP-0429", "https://docs.shop.example/errors/shop-throttled"]);
  assert.deepEqual(body.details, { limit: 1, window: "1m", retryAfter: 60 });
  const invalid = requestValidation({ name: "ZodError", issues: [{ path: ["sku"], message: "Required" }] });
  const answer = toResponse(invalid, { catalog: catalog as Catalog, logger: { info() {}, warn() {}, error() {} } });
  assert.equal(answer.status, 400);
  assert.equal(((await answer.json()) as { code: string }).code, "SHOP-0400");
});

test("lint: an entry errata does not send, a target without errata's details, and what is left unmapped", () => {
  const rules = (c: Catalog) => lintCatalog(c).filter((p) => p.rule.startsWith("own-"));
  const clean = shop({ RATE_LIMITED: "SHOP_THROTTLED", VALIDATION_ERROR: "SHOP_INVALID" }).catalog as Catalog;
  const left = rules(clean);
  assert.deepEqual(
    left.map((p) => [p.rule, p.severity]),
    [["own-unmapped", "info"]],
  );
  assert.match(
    left[0]?.message ?? "",
    /^16 of errata's errors would go out under errata's names and codes \(INTERNAL_ERROR,/,
  );
  const wrong = shop({ RATE_LIMITD: "SHOP_THROTTLED", VALIDATION_ERROR: "SHOP_THROTTLED" }, { window: "integer" });
  assert.deepEqual(
    rules(wrong.catalog as Catalog)
      .filter((p) => p.rule !== "own-unmapped")
      .map((p) => [p.rule, p.path.join("."), p.suggestion]),
    [
      ["own-unknown", "own.RATE_LIMITD", "RATE_LIMITED"],
      ["own-details", "own.VALIDATION_ERROR", "errors.SHOP_THROTTLED.details.violations: array of object"],
    ],
  );
  const mistyped = shop({ RATE_LIMITED: "SHOP_THROTTLED" }, { window: "integer" }).catalog as Catalog;
  assert.match(
    rules(mistyped).find((p) => p.rule === "own-details")?.message ?? "",
    /RATE_LIMITED fills window \(string\), and SHOP_THROTTLED declares it as integer/,
  );
  const unknownTarget = shop({ RATE_LIMITED: "SHOP_THROTTLD" });
  assert.deepEqual(
    unknownTarget.problems.map((p) => [p.rule, p.path.join("."), p.suggestion]),
    [["unknown-error", "own.RATE_LIMITED", "SHOP_THROTTLED"]],
  );
});

/** Every own error name a server adapter or a guard raises, read from the sources. */
function raisedInSources(): Set<string> {
  const found = new Set<string>();
  for (const dir of ["server", "guard", "frameworks"]) {
    for (const file of readdirSync(join(REPO, "src", dir), { recursive: true }).map(String)) {
      if (!file.endsWith(".ts")) continue;
      const text = readFileSync(join(REPO, "src", dir, file), "utf8");
      for (const m of text.matchAll(/(?:guardError\([^,]+|fallback\([^,]+),\s*"([A-Z_]+)"/g)) found.add(m[1] as string);
    }
  }
  return found;
}

test("every error a server adapter or a guard raises is listed with when it appears, and has errata's definition", () => {
  const raised = raisedInSources();
  assert.ok(raised.size >= 15, String([...raised]));
  assert.deepEqual(
    [...raised].filter((name) => !PRODUCED[name]),
    [],
  );
  for (const name of Object.keys(PRODUCED)) assert.ok(fallback(undefined, name as never).definition, name);
});

test("docs/own-errors.md lists every one of them, as sent.ts says", () => {
  const page = readFileSync(join(REPO, "docs", "own-errors.md"), "utf8");
  for (const [name, { by, when }] of Object.entries(PRODUCED)) {
    const status = fallback(undefined, name as never).definition?.status ?? "—";
    assert.ok(page.includes(`| \`${name}\` | ${status} | ${by} | ${when} |`), name);
  }
});
