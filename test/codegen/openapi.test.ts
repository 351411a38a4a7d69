/** The OpenAPI 3.1 components of each bundled catalog pass a real OpenAPI validator, and their examples fit their schema. */
import assert from "node:assert/strict";
import { test } from "node:test";
import SwaggerParser from "@apidevtools/swagger-parser";
import Ajv2020 from "ajv/dist/2020.js";
import { openApi } from "../../src/codegen/openapi.js";
import { BUNDLED, loadBundled } from "../helpers.js";

interface Doc {
  components: {
    schemas: Record<string, unknown>;
    responses: Record<string, { content: Record<string, { examples?: Record<string, { value: unknown }> }> }>;
  };
}

for (const name of BUNDLED) {
  test(`${name}: a valid OpenAPI 3.1 document; every example validates against ErrorBody`, async () => {
    const catalog = loadBundled(name);
    const doc = openApi(catalog) as unknown as Doc;
    await SwaggerParser.validate(structuredClone(doc) as never);
    const ajv = new Ajv2020.default({ strict: false, allowUnionTypes: true });
    ajv.addSchema({ $id: "urn:errata:components", components: doc.components } as never);
    const validate = ajv.compile({ $ref: "urn:errata:components#/components/schemas/ErrorBody" });
    let examples = 0;
    for (const response of Object.values(doc.components.responses)) {
      for (const media of Object.values(response.content)) {
        for (const [id, example] of Object.entries(media.examples ?? {})) {
          examples++;
          assert.ok(validate(example.value), `${id}: ${ajv.errorsText(validate.errors)}`);
        }
      }
    }
    if (catalog.format !== "binary") assert.ok(examples >= catalog.errors.length);
  });
}

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
