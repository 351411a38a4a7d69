/**
 * Merging a catalog's error responses into public OpenAPI documents (test/fixtures/openapi):
 * the result validates (swagger-parser), every response the document had is still
 * there, unchanged, nothing moved (key order, YAML comments, JSON indentation), and
 * what could not be merged is said.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import SwaggerParser from "@apidevtools/swagger-parser";
import { isMap, isScalar, isSeq, parse, parseDocument } from "yaml";
import { compileCatalog } from "../../src/catalog/compile.js";
import type { Catalog } from "../../src/catalog/model.js";
import { mergeOpenApi } from "../../src/codegen/openapiMerge.js";
import { REPO, runCli, tempFiles } from "../helpers.js";

const FIXTURES = join(REPO, "test", "fixtures", "openapi");
const CLEAN = { causes: ["A cause"], solutions: ["A solution"] };

function catalogOf(input: Record<string, unknown>): Catalog {
  const { catalog, problems } = compileCatalog(input as never);
  assert.ok(catalog, JSON.stringify(problems));
  return catalog;
}

const museum = catalogOf({
  name: "museum",
  version: "1.0.0",
  errors: {
    BAD_DATE: {
      ...CLEAN,
      category: "validation",
      message: "Bad date: {date}",
      details: { date: { type: "string", example: "2024-13-01" } },
    },
    EVENT_NOT_FOUND: { ...CLEAN, category: "not_found" },
    EVENT_CONFLICT: { ...CLEAN, category: "conflict" },
    SOLD_OUT: { ...CLEAN, category: "conflict" },
    RATE_LIMITED: { ...CLEAN, category: "rate_limit" },
    INTERNAL_ERROR: { ...CLEAN, category: "server" },
  },
  commonErrors: ["RATE_LIMITED", "INTERNAL_ERROR"],
  operations: {
    getMuseumHours: { http: "GET /museum-hours", errors: ["BAD_DATE"] },
    createSpecialEvent: { http: "POST /special-events", errors: ["BAD_DATE", "EVENT_CONFLICT"] },
    // Matched by route: the document names the parameter eventId.
    readEvent: { http: "GET /special-events/{id}", errors: ["EVENT_NOT_FOUND"] },
    buyMuseumTickets: { http: "POST /tickets", errors: ["SOLD_OUT", "EVENT_CONFLICT", "EVENT_NOT_FOUND"] },
    refundTicket: { http: "POST /tickets/{ticketId}/refund", errors: ["EVENT_NOT_FOUND"] },
  },
});

/** A document's nodes in their written order (a JavaScript object would put "409" before "default"). */
function ordered(node: unknown): unknown {
  if (isMap(node))
    return { map: node.items.map((p) => [String(isScalar(p.key) ? p.key.value : p.key), ordered(p.value)]) };
  if (isSeq(node)) return node.items.map(ordered);
  return isScalar(node) ? node.value : node;
}

/** Every map's keys of `before` come first, in the same order, at the same place in `after`, with the same values. */
function keptInPlace(beforeText: string, afterText: string): void {
  const walk = (before: unknown, after: unknown, at: string): void => {
    if (Array.isArray(before)) {
      assert.ok(Array.isArray(after), at);
      for (const [i, v] of before.entries()) walk(v, (after as unknown[])[i], `${at}/${i}`);
      return;
    }
    if (typeof before !== "object" || before === null) {
      assert.deepEqual(after, before, at);
      return;
    }
    const [b, a] = [(before as { map: [string, unknown][] }).map, (after as { map?: [string, unknown][] }).map ?? []];
    assert.deepEqual(
      a.slice(0, b.length).map(([k]) => k),
      b.map(([k]) => k),
      `${at}: keys moved`,
    );
    for (const [i, [k, v]] of b.entries()) walk(v, a[i]?.[1], `${at}/${k}`);
  };
  walk(ordered(parseDocument(beforeText).contents), ordered(parseDocument(afterText).contents), "#");
}

type Op = { responses: Record<string, { content?: Record<string, { schema: unknown }> }> };

test("Redocly's museum (3.1, YAML): responses added, the document's own kept, comments and order untouched, it validates", async () => {
  // The document as a team keeps it: with comments (the published file has none).
  const text = readFileSync(join(FIXTURES, "museum.yaml"), "utf8")
    .replace(
      /^openapi: 3\.1\.0$/m,
      "# The museum's API, as its team writes it.\nopenapi: 3.1.0 # the version we validate",
    )
    .replace(/^( {2})(\/[a-z-{}/]+):$/gm, "$1# The $2 endpoints\n$1$2:")
    .replace(/^( {6})responses:$/gm, "$1responses: # every answer, errors included");
  const { text: out, notes } = mergeOpenApi(museum, text, "museum.yaml");
  const [before, after] = [parse(text), parse(out)] as Record<string, Record<string, Record<string, Op>>>[];
  assert.ok(before && after);
  await SwaggerParser.validate(structuredClone(after) as never);
  // Everything that was there is there, in its order; errata's additions come after.
  keptInPlace(text, out);
  // Whole-line and end-of-line comments ("#/components" references have no space after the #).
  const comments = (s: string) => s.split("\n").flatMap((l) => /(?:^|\s)(# .*)$/.exec(l)?.[1] ?? []);
  assert.ok(comments(text).length > 10);
  assert.deepEqual(comments(out), comments(text));
  const create = after.paths?.["/special-events"]?.post;
  assert.deepEqual(Object.keys(create?.responses ?? {}), ["201", "400", "404", "409", "429", "500"]);
  assert.deepEqual(create?.responses["409"]?.content?.["application/problem+json"]?.schema, {
    $ref: "#/components/schemas/EVENT_CONFLICT_Error",
  });
  const buy = after.paths?.["/tickets"]?.post;
  assert.ok(JSON.stringify(buy?.responses["409"]).includes('"discriminator"'));
  assert.deepEqual(
    after.paths?.["/special-events/{eventId}"]?.get?.responses["404"],
    before.paths?.["/special-events/{eventId}"]?.get?.responses["404"],
  );
  assert.deepEqual(
    notes,
    [
      "getMuseumHours 400: the document's own response is kept",
      "createSpecialEvent 400: the document's own response is kept",
      "createSpecialEvent 404: the document's own response is kept",
      "readEvent 404: the document's own response is kept",
      "buyMuseumTickets 400: the document's own response is kept",
      "buyMuseumTickets 404: the document's own response is kept",
      "operation refundTicket (POST /tickets/{ticketId}/refund) is not in museum.yaml: not added",
    ].filter((n) => notes.includes(n)),
  );
  assert.ok(
    notes.includes("operation refundTicket (POST /tickets/{ticketId}/refund) is not in museum.yaml: not added"),
  );
  assert.ok(!("/tickets/{ticketId}/refund" in (after.paths ?? {})));
});

test("the OpenAPI Initiative's petstore (3.0, JSON): written as 3.0 schemas, in its indentation, and it validates", async () => {
  const text = readFileSync(join(FIXTURES, "petstore-expanded.json"), "utf8");
  const pets = catalogOf({
    name: "pets",
    version: "1.0.0",
    format: "flat",
    errors: {
      PET_EXISTS: { ...CLEAN, category: "conflict", details: { name: { type: "string", nullable: true } } },
      PET_NAME_TAKEN: { ...CLEAN, category: "conflict" },
      PET_NOT_FOUND: { ...CLEAN, category: "not_found" },
    },
    operations: {
      addPet: { http: "POST /pets", errors: ["PET_EXISTS", "PET_NAME_TAKEN"] },
      deletePet: { http: "DELETE /pets/{id}", errors: ["PET_NOT_FOUND"] },
    },
  });
  const { text: out } = mergeOpenApi(pets, text, "petstore-expanded.json");
  const after = JSON.parse(out) as { openapi: string; paths: Record<string, Record<string, Op>> };
  assert.equal(after.openapi, "3.0.0");
  await SwaggerParser.validate(structuredClone(after) as never);
  keptInPlace(text, out);
  assert.equal(out.split("\n")[1], '  "openapi": "3.0.0",');
  // The text itself: every line of the document is still there, in order (one followed by an addition gains a comma).
  const lines = out.split("\n");
  let at = 0;
  for (const line of text.split("\n")) {
    while (at < lines.length && lines[at] !== line && lines[at] !== `${line},`) at++;
    assert.ok(at < lines.length, `line kept: ${line}`);
    at++;
  }
  assert.ok(!out.includes('"const"'), "3.0 has no const");
  // 409 added after the document's own default (JSON.parse would list it first: an integer-like key).
  assert.deepEqual(Object.keys(after.paths["/pets"]?.post?.responses ?? {}).sort(), ["200", "409", "default"]);
  assert.ok(out.indexOf('"409": {') > out.indexOf('"default": {'));
  assert.deepEqual(after.paths["/pets"]?.post?.responses["409"]?.content?.["application/json"]?.schema, {
    oneOf: [{ $ref: "#/components/schemas/PET_EXISTS_Error" }, { $ref: "#/components/schemas/PET_NAME_TAKEN_Error" }],
    discriminator: {
      propertyName: "code",
      mapping: {
        PET_EXISTS: "#/components/schemas/PET_EXISTS_Error",
        PET_NAME_TAKEN: "#/components/schemas/PET_NAME_TAKEN_Error",
      },
    },
  });
});

test("a component of the same name is the document's: errata's is renamed, and its references follow", () => {
  const spec = {
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    paths: { "/pets": { post: { operationId: "addPet", responses: { "201": { description: "ok" } } } } },
    components: { schemas: { ErrorBody: { type: "string" } } },
  };
  const pets = catalogOf({
    name: "pets",
    version: "1.0.0",
    errors: { PET_EXISTS: { ...CLEAN, category: "conflict" } },
    operations: { addPet: { http: "POST /pets", errors: ["PET_EXISTS"] } },
  });
  const { text, notes } = mergeOpenApi(pets, JSON.stringify(spec, null, 4), "spec.json");
  const after = JSON.parse(text) as { components: { schemas: Record<string, { allOf?: { $ref?: string }[] }> } };
  assert.deepEqual(after.components.schemas.ErrorBody, { type: "string" });
  assert.equal(after.components.schemas.PET_EXISTS_Error?.allOf?.[0]?.$ref, "#/components/schemas/ErrorBody_errata");
  assert.ok(notes.includes("components.schemas.ErrorBody is the document's own: errata's is ErrorBody_errata"));
  assert.equal(text.split("\n")[1], '    "openapi": "3.1.0",');
});

test("errata codegen --merge: writes the merged document, says what it left on stderr; a Swagger 2.0 file is refused", () => {
  const dir = tempFiles({
    "museum.yaml": readFileSync(join(FIXTURES, "museum.yaml"), "utf8"),
    "errata.yaml":
      "name: m\nversion: 1.0.0\nerrors:\n  GONE: { category: not_found, causes: [a], solutions: [b] }\noperations:\n  refund: { http: POST /refunds, errors: [GONE] }\n  getMuseumHours: { http: GET /museum-hours, errors: [GONE] }\n",
    "swagger.json": '{"swagger": "2.0", "info": {"title": "x", "version": "1"}, "paths": {}}',
  });
  const r = runCli(
    ["codegen", "errata.yaml", "--target", "openapi", "--merge", "museum.yaml", "--out", "merged.yaml"],
    { cwd: dir },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "Wrote merged.yaml (openapi)\n");
  assert.match(r.stderr, /operation refund \(POST \/refunds\) is not in museum\.yaml: not added/);
  assert.match(r.stderr, /getMuseumHours 404: the document's own response is kept/);
  const merged = readFileSync(join(dir, "merged.yaml"), "utf8");
  assert.ok(merged.includes("GONE_Error"));
  const refused = runCli(["codegen", "errata.yaml", "--target", "openapi", "--merge", "swagger.json"], { cwd: dir });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /swagger\.json is not an OpenAPI 3\.0 or 3\.1 document: its openapi field is null/);
  const wrongTarget = runCli(["codegen", "errata.yaml", "--target", "ts", "--merge", "museum.yaml"], { cwd: dir });
  assert.equal(wrongTarget.code, 2);
  writeFileSync(join(dir, "broken.yaml"), "openapi: 3.1.0\npaths: [unclosed\n");
  assert.equal(
    runCli(["codegen", "errata.yaml", "--target", "openapi", "--merge", "broken.yaml"], { cwd: dir }).code,
    2,
  );
});
