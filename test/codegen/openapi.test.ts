/**
 * The OpenAPI 3.1 document of each bundled catalog passes real OpenAPI validators
 * (swagger-parser, and Redocly's linter with its recommended rules: no error), and
 * every example fits its schemas (Ajv).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import SwaggerParser from "@apidevtools/swagger-parser";
import { createConfig, lintFromString, stringifyYaml } from "@redocly/openapi-core";
import Ajv2020 from "ajv/dist/2020.js";
import { compileCatalog } from "../../src/catalog/compile.js";
import type { Catalog } from "../../src/catalog/model.js";
import { openApi } from "../../src/codegen/openapi.js";
import { BUNDLED, loadBundled } from "../helpers.js";

interface Media {
  readonly schema: unknown;
  readonly examples?: Record<string, { $ref: string }>;
}
interface Doc {
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        parameters?: { name: string; in: string }[];
        responses: Record<string, { content: Record<string, Media> }>;
      }
    >
  >;
  components: {
    schemas: Record<string, unknown>;
    examples?: Record<string, { value: unknown }>;
    responses: Record<string, { content: Record<string, Media> }>;
  };
}

/** Ajv over the document's components, and a validator of any schema in it. */
function validatorOf(doc: Doc) {
  const ajv = new Ajv2020.default({ strict: false, allowUnionTypes: true });
  ajv.addSchema({ $id: "urn:errata:doc", components: doc.components } as never);
  return (schema: unknown) => {
    const text = JSON.stringify(schema).replace(/"#\/components\//g, '"urn:errata:doc#/components/');
    return { validate: ajv.compile(JSON.parse(text) as object), ajv };
  };
}

/** Every media object of the document: its components' responses, and each operation's. */
function medias(doc: Doc): [string, Media][] {
  const responses = [
    ...Object.entries(doc.components.responses),
    ...Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.values(item).flatMap((op) =>
        Object.entries(op.responses).map(([s, r]) => [`${op.operationId} ${s} ${path}`, r] as const),
      ),
    ),
  ];
  return responses.flatMap(([where, r]) => Object.values(r.content).map((m) => [where, m] as [string, Media]));
}

function compileCatalogOrThrow(input: Record<string, unknown>): Catalog {
  const { catalog, problems } = compileCatalog(input as never);
  assert.ok(catalog, JSON.stringify(problems));
  return catalog;
}

for (const name of BUNDLED) {
  test(`${name}: a valid OpenAPI 3.1 document; every example fits its error's schema and each response's`, async () => {
    const catalog = loadBundled(name);
    const doc = openApi(catalog) as unknown as Doc;
    await SwaggerParser.validate(structuredClone(doc) as never);
    const compile = validatorOf(doc);
    let examples = 0;
    for (const [id, example] of Object.entries(doc.components.examples ?? {})) {
      examples++;
      const own = compile({ $ref: `#/components/schemas/${id.replace(/_\d+$/, "")}` });
      assert.ok(own.validate(example.value), `${id}: ${own.ajv.errorsText(own.validate.errors)}`);
    }
    for (const [where, media] of medias(doc)) {
      const { validate, ajv } = compile(media.schema);
      for (const { $ref } of Object.values(media.examples ?? {})) {
        const value = doc.components.examples?.[$ref.split("/").pop() as string]?.value;
        assert.ok(value !== undefined, `${where}: ${$ref} exists`);
        assert.ok(validate(value), `${where} ${$ref}: ${ajv.errorsText(validate.errors)}`);
      }
    }
    if (catalog.format !== "binary") assert.ok(examples >= catalog.errors.filter((e) => e.status !== undefined).length);
  });
}

test("Redocly's linter with its recommended rules finds no error in any bundled catalog's document", async () => {
  const config = await createConfig({ extends: ["recommended"] });
  for (const name of BUNDLED) {
    const doc = openApi(loadBundled(name));
    const problems = await lintFromString({ source: stringifyYaml(doc), absoluteRef: `/${name}.yaml`, config });
    const errors = problems.filter((p) => p.severity === "error").map((p) => `${p.ruleId}: ${p.message}`);
    assert.deepEqual(errors, [], name);
  }
});

test("paths: each HTTP operation with its id and parameters; several errors at one status are a oneOf with a discriminator", () => {
  const doc = openApi(loadBundled("gitclaw")) as unknown as Doc;
  const merge = doc.paths["/repos/{repoId}/pulls/{prId}/merge"]?.post;
  assert.ok(merge);
  assert.equal(merge.operationId, "mergePullRequest");
  assert.deepEqual(
    merge.parameters?.map((p) => [p.name, p.in]),
    [
      ["repoId", "path"],
      ["prId", "path"],
    ],
  );
  assert.deepEqual(Object.keys(merge.responses), ["401", "403", "404", "409", "429", "500"]);
  const conflict = merge.responses["409"]?.content["application/json"];
  assert.deepEqual(conflict?.schema, {
    oneOf: [
      { $ref: "#/components/schemas/MERGE_CONFLICTS_Error" },
      { $ref: "#/components/schemas/MERGE_BLOCKED_Error" },
    ],
  });
  assert.ok(Object.keys(conflict?.examples ?? {}).includes("MERGE_BLOCKED_Error"));
  // A 409 of the envelope format: the code sits inside `error`, so no discriminator; problem+json has one.
  const talos = openApi(
    compileCatalogOrThrow({
      name: "p",
      version: "1.0.0",
      errors: { A: { category: "conflict" }, B: { category: "conflict" } },
      operations: { put: { http: "PUT /things/{id}", errors: ["A", "B"], commonErrors: false } },
    }),
  ) as unknown as Doc;
  const media = talos.paths["/things/{id}"]?.put?.responses["409"]?.content["application/problem+json"];
  assert.deepEqual(media?.schema, {
    oneOf: [{ $ref: "#/components/schemas/A_Error" }, { $ref: "#/components/schemas/B_Error" }],
    discriminator: {
      propertyName: "code",
      mapping: { A: "#/components/schemas/A_Error", B: "#/components/schemas/B_Error" },
    },
  });
  // A parameter the catalog did not describe is still declared, as OpenAPI requires.
  assert.deepEqual(talos.paths["/things/{id}"]?.put?.parameters, [
    { name: "id", in: "path", required: true, schema: { type: "string" } },
  ]);
  // MCP tools and JSON-RPC methods are not paths.
  assert.deepEqual(Object.keys((openApi(loadBundled("tracemem")) as unknown as Doc).paths), []);
});

test("a broken document is refused by the validator (the check is real)", async () => {
  const doc = openApi(loadBundled("gitclaw")) as unknown as { components: { responses: Record<string, unknown> } };
  doc.components.responses.Error429 = { content: {} };
  await assert.rejects(SwaggerParser.validate(doc as never));
});

test("a catalog in several languages: Accept-Language as a parameter, Content-Language on every error response", () => {
  const doc = openApi(loadBundled("tracemem")) as unknown as {
    components: {
      parameters: Record<string, { name: string; in: string }>;
      responses: Record<string, { headers: Record<string, { schema: { enum?: string[] } }> }>;
    };
  };
  assert.deepEqual(
    [doc.components.parameters.AcceptLanguage?.name, doc.components.parameters.AcceptLanguage?.in],
    ["Accept-Language", "header"],
  );
  for (const [status, response] of Object.entries(doc.components.responses)) {
    assert.deepEqual(response.headers["Content-Language"]?.schema.enum, ["en", "fr"], status);
  }
  const single = openApi(loadBundled("gitclaw")) as unknown as { components: Record<string, unknown> };
  assert.equal("parameters" in single.components, false);
});
