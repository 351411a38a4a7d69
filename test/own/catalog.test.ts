/**
 * errata's own catalog is built without the schema check (zod stays out of the
 * browser bundle) and without its prose (kept in guidance.ts), so this test makes
 * the check instead: the documented definition passes the schema, every error has
 * its prose, and the runtime model is the documented one less the prose.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { validateCatalogInput } from "../../src/catalog/validate.js";
import { errata } from "../../src/own/catalog.js";
import { documentedDefinition, errataCatalog } from "../../src/own/documented.js";
import { guidance } from "../../src/own/guidance.js";

test("errata's own catalog, with its prose, passes the catalog schema", () => {
  const result = validateCatalogInput(documentedDefinition);
  assert.deepEqual(result.problems, []);
  assert.ok(result.ok);
});

test("every own error has causes and solutions, and the prose names no unknown error", () => {
  const names = errata.catalog.errors.map((e) => e.name);
  for (const name of names) {
    assert.ok((guidance[name]?.causes?.length ?? 0) > 0, `${name} has causes`);
    assert.ok((guidance[name]?.solutions?.length ?? 0) > 0, `${name} has solutions`);
  }
  assert.deepEqual(Object.keys(guidance).sort(), [...names].sort());
});

test("the runtime model is the documented one less the prose", () => {
  const bare = (c: typeof errataCatalog) =>
    c.errors.map(({ causes: _c, solutions: _s, description: _d, ...rest }) => rest);
  assert.deepEqual(bare(errata.catalog), bare(errataCatalog));
  assert.deepEqual({ ...errata.catalog, errors: [] }, { ...errataCatalog, errors: [] });
});
