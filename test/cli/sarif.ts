/** OASIS's SARIF 2.1.0 schema, as an independent check of errata lint's SARIF logs. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { REPO } from "../helpers.js";

/** Fail unless `log` is valid against OASIS's SARIF 2.1.0 schema. */
export function assertValidSarif(log: unknown): void {
  const schema = JSON.parse(
    readFileSync(join(REPO, "test", "conformance", "schemas", "sarif-schema-2.1.0.json"), "utf8"),
  ) as object;
  const ajv = new Ajv.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  assert.ok(ajv.validate(schema, log), JSON.stringify(ajv.errors?.slice(0, 3)));
}
