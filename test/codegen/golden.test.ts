/**
 * Golden files: each target's output for each bundled catalog, as committed in
 * test/codegen/golden. A change to a generator shows as a diff to review;
 * UPDATE_GOLDEN=1 rewrites them.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { generate, TARGETS } from "../../src/cli/codegen.js";
import { BUNDLED, REPO } from "../helpers.js";

const EXTENSIONS = {
  ts: "ts",
  python: "py",
  openapi: "openapi.json",
  "json-schema": "schema.json",
  "grpc-service-config": "grpc-service-config.json",
} as const;

for (const name of BUNDLED) {
  for (const target of TARGETS) {
    test(`${name} → ${target}`, () => {
      const file = join(REPO, "test", "codegen", "golden", `${name}.${EXTENSIONS[target]}`);
      const text = generate(join(REPO, "examples", "catalogs", `${name}.yaml`), target);
      // Only UPDATE_GOLDEN writes: a missing file written here would then be compared with itself.
      if (process.env.UPDATE_GOLDEN === "1") writeFileSync(file, text);
      assert.ok(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npm test and commit it`);
      assert.equal(text, readFileSync(file, "utf8"), `${file} differs: review the change, then UPDATE_GOLDEN=1`);
    });
  }
}
