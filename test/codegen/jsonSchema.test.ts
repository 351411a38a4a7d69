/** The JSON Schema of each bundled catalog's bodies accepts every error errata encodes for it, and refuses wrong details. */
import assert from "node:assert/strict";
import { test } from "node:test";
import Ajv2020 from "ajv/dist/2020.js";
import { jsonSchema } from "../../src/codegen/jsonSchema.js";
import { ownErrors } from "../../src/own/catalog.js";
import { createFactory } from "../../src/runtime/createErrors.js";
import { defineCatalog } from "../../src/sources/defineCatalog.js";
import { decodeFrame, encode } from "../../src/wire/index.js";
import { BUNDLED, loadBundled } from "../helpers.js";

function bodiesOf(name: string) {
  const catalog = loadBundled(name);
  const bodies: unknown[] = [];
  for (const def of catalog.errors) {
    const raise = createFactory(def, { stack: false });
    const examples = def.examples.length > 0 ? def.examples : [{ details: {} }];
    for (const example of examples) {
      const error = raise(example.details, { requestId: "req-1" });
      for (const hints of [true, false]) {
        const encoded = encode(error, catalog.format, { catalog, hints, traceId: "0af7651916cd43dd8448eb211c80319c" });
        bodies.push(typeof encoded.body === "string" ? JSON.parse(encoded.body) : decodeFrame(encoded.body));
      }
    }
  }
  // A server's own fallback, sent in the catalog's format.
  const internal = encode(ownErrors.INTERNAL_ERROR({ traceId: "t" }), catalog.format, { catalog });
  bodies.push(typeof internal.body === "string" ? JSON.parse(internal.body) : decodeFrame(internal.body));
  return { catalog, bodies };
}

for (const name of BUNDLED) {
  test(`${name}: every encoded error validates against the generated schema`, () => {
    const { catalog, bodies } = bodiesOf(name);
    const ajv = new Ajv2020.default({ strict: true, allErrors: true });
    const validate = ajv.compile(jsonSchema(catalog));
    for (const body of bodies) assert.ok(validate(body), `${JSON.stringify(body)}\n${ajv.errorsText(validate.errors)}`);
  });
}

test("a wrong details type or an unknown code is refused", () => {
  const catalog = loadBundled("gitclaw");
  const ajv = new Ajv2020.default({ strict: true });
  const validate = ajv.compile(jsonSchema(catalog));
  assert.equal(
    validate({ error: { code: "RATE_LIMITED", message: "x", details: { action: "star", limit: "100" } } }),
    false,
  );
  assert.equal(
    validate({ error: { code: "RATE_LIMITED", message: "x", details: { action: "star", limit: 100 } } }),
    true,
  );
  assert.equal(validate({ error: { code: "NOT_A_CODE", message: "x" } }), false);
});

test("errors with status: none, sent in an HTTP format with the documented httpStatus, validate", () => {
  for (const format of ["problem", "jsonapi", "google", "envelope", "flat"] as const) {
    const { catalog, errors } = defineCatalog({
      name: "cli",
      version: "1.0.0",
      format,
      errors: {
        CONFIG_MISSING: {
          category: "validation",
          status: "none",
          exitCode: 2,
          message: "No config at {path}",
          details: { path: "string" },
        },
        DISK_FULL: { category: "server", status: "none", exitCode: 74, message: "The disk is full" },
      },
    });
    const validate = new Ajv2020.default({ strict: true, allErrors: true }).compile(jsonSchema(catalog));
    for (const error of [errors.CONFIG_MISSING({ path: "/etc/x" }), errors.DISK_FULL()]) {
      const body = JSON.parse(encode(error, format, { catalog, httpStatus: 500 }).body as string);
      assert.ok(validate(body), `${format} ${error.name}: ${JSON.stringify(validate.errors)}`);
    }
  }
});
