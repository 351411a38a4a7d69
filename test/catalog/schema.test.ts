/** The published JSON Schema is the zod schema's, and it accepts every bundled catalog. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { catalogJsonSchema } from "../../src/catalog/schema.js";
import { BUNDLED, REPO } from "../helpers.js";

test("schema/catalog.schema.json is up to date (npm run schema)", () => {
  const published = JSON.parse(readFileSync(join(REPO, "schema", "catalog.schema.json"), "utf8"));
  assert.deepEqual(published, catalogJsonSchema());
});

test("the published schema accepts the bundled catalogs and refuses unknown fields", () => {
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(catalogJsonSchema());
  for (const name of BUNDLED) {
    const raw = parse(readFileSync(join(REPO, "examples", "catalogs", `${name}.yaml`), "utf8"));
    assert.ok(validate(raw), `${name}: ${ajv.errorsText(validate.errors)}`);
  }
  assert.equal(validate({ name: "x", version: "1.0.0", errors: {}, extra: 1 }), false);
  assert.equal(
    validate({ name: "x", version: "1.0.0", errors: { A_B: { category: "validation", mesage: "m" } } }),
    false,
  );
});
