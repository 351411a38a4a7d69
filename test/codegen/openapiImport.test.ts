/**
 * errata import openapi: a first catalog from real and hand-made OpenAPI documents,
 * which lints with no errors, and which merges back into the document it came from
 * with every error response still there and the document still valid.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import SwaggerParser from "@apidevtools/swagger-parser";
import { parse } from "yaml";
import { compileCatalog } from "../../src/catalog/compile.js";
import { lintCatalog } from "../../src/catalog/lint.js";
import type { Catalog } from "../../src/catalog/model.js";
import { importOpenApi } from "../../src/codegen/openapiImport.js";
import { mergeOpenApi } from "../../src/codegen/openapiMerge.js";
import { REPO, runCli, tempFiles } from "../helpers.js";

const FIXTURES = join(REPO, "test", "fixtures", "openapi");

/** The imported catalog, compiled; it must have no build problem and no lint error. */
function imported(text: string): { catalog: Catalog; unmapped: readonly string[]; raw: Record<string, unknown> } {
  const result = importOpenApi(text);
  const { catalog, problems } = compileCatalog(parse(result.text) as never);
  assert.deepEqual(problems, []);
  assert.ok(catalog);
  assert.deepEqual(
    lintCatalog(catalog).filter((p) => p.severity === "error"),
    [],
  );
  return { catalog, unmapped: result.unmapped, raw: result.catalog };
}

/** Every 4xx/5xx/default response of `before`, by operation and status, unchanged in `after`. */
function errorResponsesKept(before: Record<string, unknown>, after: Record<string, unknown>): number {
  let n = 0;
  for (const [path, item] of Object.entries(
    before.paths as Record<string, Record<string, { responses?: Record<string, unknown> }>>,
  )) {
    for (const [method, op] of Object.entries(item)) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (!/^[45]|default/.test(status)) continue;
        const merged = (after.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[path]?.[
          method
        ]?.responses[status];
        assert.deepEqual(merged, response, `${method} ${path} ${status}`);
        n++;
      }
    }
  }
  return n;
}

test("Redocly's museum: its shared responses become errors, common to every operation; it merges back, valid", async () => {
  const text = readFileSync(join(FIXTURES, "museum.yaml"), "utf8");
  const { catalog, unmapped } = imported(text);
  assert.deepEqual(unmapped, []);
  assert.equal(catalog.format, "problem");
  assert.deepEqual(
    catalog.errors.map((e) => [e.name, e.status]),
    [
      ["BAD_REQUEST", 400],
      ["NOT_FOUND", 404],
      ["UNAUTHORIZED", 401],
    ],
  );
  assert.deepEqual(catalog.commonErrors, ["BAD_REQUEST", "NOT_FOUND"]);
  assert.deepEqual(catalog.operations.map((o) => `${o.id} ${o.method} ${o.path}`).slice(0, 3), [
    "getMuseumHours GET /museum-hours",
    "createSpecialEvent POST /special-events",
    "listSpecialEvents GET /special-events",
  ]);
  assert.deepEqual(catalog.operations.find((o) => o.id === "deleteSpecialEvent")?.errors, ["UNAUTHORIZED"]);
  const { text: merged } = mergeOpenApi(catalog, text, "museum.yaml");
  const after = parse(merged) as Record<string, unknown>;
  await SwaggerParser.validate(structuredClone(after) as never);
  assert.ok(errorResponsesKept(parse(text) as Record<string, unknown>, after) >= 10);
});

test("the petstore: a `default` response common to all, an operationId with spaces made an id; it merges back, valid", async () => {
  const text = readFileSync(join(FIXTURES, "petstore-expanded.json"), "utf8");
  const { catalog } = imported(text);
  assert.equal(catalog.format, "flat");
  assert.deepEqual(catalog.commonErrors, ["UNEXPECTED_ERROR"]);
  assert.deepEqual(
    catalog.operations.map((o) => o.id),
    ["findPets", "addPet", "findPetById", "deletePet"],
  );
  const after = JSON.parse(mergeOpenApi(catalog, text, "petstore.json").text) as Record<string, unknown>;
  await SwaggerParser.validate(structuredClone(after) as never);
  assert.equal(errorResponsesKept(JSON.parse(text) as Record<string, unknown>, after), 4);
});

/** A fixture kept gzipped (the large public documents), as its text. */
const gunzipped = (file: string) => gunzipSync(readFileSync(join(FIXTURES, file))).toString("utf8");

test("Stripe's API (3.0, JSON, 417 operations, 4.2 MB): its `{error:{…}}` envelope behind $refs is seen; it merges back, valid", async () => {
  const text = gunzipped("stripe-spec3.json.gz");
  assert.ok(text.length > 2_000_000);
  const { catalog, unmapped } = imported(text);
  assert.deepEqual(unmapped, []);
  assert.equal(catalog.format, "envelope");
  assert.equal(catalog.operations.length, 417);
  assert.deepEqual(catalog.commonErrors, ["UNEXPECTED_ERROR"]);
  assert.equal(catalog.operations.find((o) => o.id === "PostCharges")?.path, "/v1/charges");
  const after = JSON.parse(mergeOpenApi(catalog, text, "stripe.json").text) as Record<string, unknown>;
  await SwaggerParser.validate(structuredClone(after) as never);
  assert.equal(errorResponsesKept(JSON.parse(text) as Record<string, unknown>, after), 417);
});

test("Datadog's API v2 (3.0, YAML, 985 operations, 4.2 MB): JSON:API `errors[]`, response names without `Response`; it merges back, valid", async () => {
  const text = gunzipped("datadog-v2.yaml.gz");
  const { catalog, unmapped } = imported(text);
  assert.deepEqual(unmapped, []);
  assert.equal(catalog.format, "jsonapi");
  assert.equal(catalog.operations.length, 985);
  const names = catalog.errors.map((e) => e.name);
  assert.ok(names.includes("BAD_REQUEST") && names.includes("TOO_MANY_REQUESTS"), names.join());
  assert.ok(!names.some((n) => n.endsWith("_RESPONSE")), names.join());
  assert.equal(catalog.errors.find((e) => e.name === "TOO_MANY_REQUESTS")?.status, 429);
  const { text: merged } = mergeOpenApi(catalog, text, "datadog.yaml");
  const after = parse(merged, { maxAliasCount: 1000 }) as Record<string, unknown>;
  await SwaggerParser.validate(structuredClone(after) as never);
  assert.ok(errorResponsesKept(parse(text, { maxAliasCount: 1000 }) as Record<string, unknown>, after) > 3000);
});

const STYLES = {
  openapi: "3.1.0",
  info: { title: "Many Styles", version: "2.1" },
  paths: {
    "/orders/{orderId}": {
      get: {
        operationId: "getOrder",
        responses: {
          "200": { description: "ok" },
          "404": {
            description: "No such {order}",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    error: {
                      type: "object",
                      properties: {
                        code: { type: "string" },
                        message: { type: "string" },
                        details: { type: "object", properties: { orderId: { type: "string" } } },
                      },
                    },
                  },
                },
                examples: {
                  gone: { value: { error: { code: "ORDER_NOT_FOUND", message: "m", details: { orderId: "o1" } } } },
                  archived: { value: { error: { code: "ORDER_ARCHIVED", message: "m" } } },
                },
              },
            },
          },
          "4XX": { $ref: "#/components/responses/Problem" },
          "409": {
            description: "Conflict",
            content: {
              "application/json": { schema: { $ref: "#/components/responses/Deep/content/application~1json/schema" } },
            },
          },
          "500": { $ref: "other.yaml#/components/responses/Boom" },
          "503": { description: "Down", content: { "text/html": { schema: { type: "string" } } } },
        },
      },
      delete: {
        responses: {
          "422": {
            description: "Invalid",
            content: {
              "application/vnd.api+json": { schema: { type: "object", properties: { errors: { type: "array" } } } },
            },
          },
        },
      },
    },
  },
  components: {
    responses: {
      Problem: {
        description: "A problem",
        content: {
          "application/problem+json": { schema: { type: "object", properties: { type: {}, title: {}, status: {} } } },
        },
      },
      Deep: {
        description: "x",
        content: {
          "application/json": {
            schema: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } },
          },
        },
      },
    },
  },
};

test("a hand-made document of every style: codes from examples, ranges, deep pointers; what it cannot read is said with its pointer", () => {
  const { catalog, unmapped, raw } = imported(JSON.stringify(STYLES));
  assert.deepEqual([raw.name, raw.version], ["many-styles", "2.1.0"]);
  assert.deepEqual(
    catalog.errors.map((e) => [e.name, e.status, e.category]),
    [
      ["ORDER_NOT_FOUND", 404, "not_found"],
      ["ORDER_ARCHIVED", 404, "not_found"],
      ["CONFLICT", 409, "conflict"],
      ["SERVICE_UNAVAILABLE", 503, "unavailable"],
      ["PROBLEM", 400, "validation"],
      ["UNPROCESSABLE_ENTITY", 422, "client"],
    ],
  );
  const notFound = catalog.errors[0];
  assert.equal(notFound?.message.source, "No such {{order}}");
  assert.deepEqual(
    notFound?.details.map((d) => [d.name, d.type, d.required]),
    [["orderId", "string", false]],
  );
  // The example that shows its code gives its details; the other code's example has none.
  assert.deepEqual(
    notFound?.examples.map((e) => e.details),
    [{ orderId: "o1" }],
  );
  assert.deepEqual(catalog.errors[1]?.examples, []);
  assert.deepEqual(
    catalog.operations.map((o) => o.id),
    ["getOrder", "deleteOrdersOrderId"],
  );
  assert.deepEqual(unmapped, [
    "#/paths/~1orders~1{orderId}/get/responses/500: $ref other.yaml#/components/responses/Boom is in another file; not read",
    "#/paths/~1orders~1{orderId}/get/responses/503: no JSON body errata can read (text/html); named by its status",
  ]);
});

test("errata import openapi: --out writes the catalog, what was not mapped goes to stderr; bad input exits 2", () => {
  const dir = tempFiles({ "styles.json": JSON.stringify(STYLES), "bad.yaml": "openapi: [" });
  const r = runCli(["import", "openapi", "styles.json", "--out", "errata.yaml"], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "Wrote errata.yaml: 6 errors, 2 operations (2 things not mapped)\n");
  assert.match(r.stderr, /^not mapped: #\/paths\/~1orders~1\{orderId\}\/get\/responses\/500: /m);
  assert.equal(runCli(["lint", "errata.yaml"], { cwd: dir }).code, 0);
  // Never over an existing catalog.
  const before = readFileSync(join(dir, "errata.yaml"), "utf8");
  const again = runCli(["import", "openapi", "styles.json", "--out", "errata.yaml"], { cwd: dir });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /errata\.yaml already exists: errata import never overwrites a catalog/);
  assert.equal(readFileSync(join(dir, "errata.yaml"), "utf8"), before);
  assert.equal(runCli(["import", "openapi", "bad.yaml"], { cwd: dir }).code, 2);
  assert.equal(runCli(["import", "openapi", "missing.yaml"], { cwd: dir }).code, 2);
  assert.equal(runCli(["import", "swagger", "styles.json"], { cwd: dir }).code, 2);
});

test("hostile documents (an alias bomb, nesting 100,000 deep) are refused as input by import and merge, never a crash", () => {
  const bomb = [
    "openapi: 3.1.0",
    'info: { title: t, version: "1" }',
    "a: &a [x, x, x, x, x, x, x, x, x, x]",
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
    "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
    "paths: {}",
  ].join("\n");
  const dir = tempFiles({
    "bomb.yaml": bomb,
    "deep.json": `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
    "errata.yaml": "name: m\nversion: 1.0.0\nerrors:\n  GONE: { category: not_found, causes: [a], solutions: [b] }\n",
  });
  for (const file of ["bomb.yaml", "deep.json"]) {
    const imported = runCli(["import", "openapi", file], { cwd: dir });
    assert.equal(imported.code, 2, file);
    assert.match(imported.stderr, new RegExp(`${file.replace(".", "\\.")} cannot be read as an OpenAPI document: `));
    const merged = runCli(["codegen", "errata.yaml", "--target", "openapi", "--merge", file], { cwd: dir });
    assert.equal(merged.code, 2, file);
    assert.match(merged.stderr, new RegExp(`${file.replace(".", "\\.")} is not an OpenAPI 3\\.0 or 3\\.1 document: `));
    assert.doesNotMatch(imported.stderr + merged.stderr, /internal error|\n\s+at /);
  }
});

test("a body seen through $ref and allOf: an envelope whose `error` is a composed schema, its details typed from the parts", () => {
  const doc = {
    openapi: "3.0.3",
    info: { title: "Composed", version: "1" },
    paths: {
      "/a": {
        get: {
          operationId: "getA",
          responses: { "402": { $ref: "#/components/responses/PaymentRequired" } },
        },
      },
    },
    components: {
      responses: {
        PaymentRequired: {
          description: "Pay first",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Envelope" } } },
        },
      },
      schemas: {
        Envelope: { type: "object", properties: { error: { $ref: "#/components/schemas/Inner" } } },
        Inner: {
          allOf: [
            { $ref: "#/components/schemas/Base" },
            { type: "object", properties: { details: { $ref: "#/components/schemas/Owed" } } },
          ],
        },
        Base: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } },
        Owed: { allOf: [{ type: "object", properties: { amount: { type: "integer" } } }] },
      },
    },
  };
  const { catalog, unmapped } = imported(JSON.stringify(doc));
  assert.deepEqual(unmapped, []);
  assert.equal(catalog.format, "envelope");
  assert.deepEqual(
    catalog.errors.map((e) => [e.name, e.status, e.category, e.details.map((d) => `${d.name}:${d.type}`)]),
    [["PAYMENT_REQUIRED", 402, "payment", ["amount:integer"]]],
  );
});
