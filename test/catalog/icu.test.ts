/** ICU messages: a select on a name the options object inherits, and a number skeleton that can never render. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compileCatalog } from "../../src/catalog/compile.js";
import { renderTemplate } from "../../src/catalog/template.js";

const build = (message: string) =>
  compileCatalog({
    name: "t",
    version: "1.0.0",
    errors: { E: { category: "validation", message, details: { kind: "string", amount: "number" } } },
  });

test("a select whose value names an inherited property (constructor, __proto__, toString) takes `other`", () => {
  const { catalog } = build("{kind, select, admin {Admins only} other {Not for {kind}}}");
  const def = catalog?.errors[0];
  assert.ok(def);
  assert.equal(renderTemplate(def.message, { kind: "admin" }), "Admins only");
  for (const kind of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "other", "x"])
    assert.equal(renderTemplate(def.message, { kind }), `Not for ${kind}`, kind);
});

test("lint refuses a number skeleton that can never render, and keeps one that can", () => {
  const bad = build("{amount, number, ::currency/XXXXX} due");
  const problem = bad.problems.find((p) => p.severity === "error");
  assert.ok(problem, "an unknown currency is reported");
  assert.match(problem.message, /cannot be rendered: Invalid currency code/);
  const good = build("{amount, number, ::currency/EUR} due");
  assert.deepEqual(
    good.problems.filter((p) => p.severity === "error"),
    [],
  );
  assert.equal(
    renderTemplate(good.catalog?.errors[0]?.message ?? { source: "", parts: [], params: [] }, { amount: 3 }),
    "€3.00 due",
  );
});
