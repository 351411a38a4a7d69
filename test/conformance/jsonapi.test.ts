/**
 * JSON:API error documents as the official JSON:API 1.0 and 1.1 JSON Schemas judge
 * them (ajv, strict), for every error of every bundled catalog, for validation
 * errors with several nested field violations (one error object each, each with
 * its own RFC 6901 source.pointer), and as each adapter sends them when a client
 * asks for application/vnd.api+json.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { createErrors } from "../../src/runtime/createErrors.js";
import type { ErrataError } from "../../src/runtime/ErrataError.js";
import { defineCatalog } from "../../src/sources/defineCatalog.js";
import { decode, encode } from "../../src/wire/index.js";
import { BUNDLED, loadBundled, loadFixture, REPO } from "../helpers.js";
import { adapterAnswers } from "./adapters.js";

function validator(version: "1.0" | "1.1") {
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const schema = JSON.parse(
    readFileSync(join(REPO, "test", "conformance", "schemas", `jsonapi-${version}.json`), "utf8"),
  ) as object;
  return ajv.compile(schema);
}

const schemas = { "1.0": validator("1.0"), "1.1": validator("1.1") };

function valid(body: unknown, what: string): void {
  for (const [version, check] of Object.entries(schemas)) {
    assert.ok(check(body), `${what} (JSON:API ${version}): ${JSON.stringify(check.errors?.slice(0, 3))}`);
  }
}

test("every error of every bundled catalog, with and without hints, is a valid JSON:API document", () => {
  let count = 0;
  for (const name of BUNDLED) {
    const catalog = loadBundled(name);
    const errors = createErrors(catalog);
    for (const def of catalog.errors) {
      const example = def.examples[0];
      const error = errors[def.name]?.(example?.details, { requestId: "req-1" });
      assert.ok(error);
      for (const hints of [true, false]) {
        valid(
          JSON.parse(encode(error, "jsonapi", { hints, traceId: "4bf92f3577b34da6a3ce929d0e0e4736" }).body as string),
          `${name} ${def.name}`,
        );
        count++;
      }
    }
  }
  assert.equal(count, 136 * 2);
});

test("several nested violations: one error object each, RFC 6901 pointers, all read back", () => {
  const shop = defineCatalog({
    name: "shop",
    version: "1.0.0",
    errors: {
      INVALID_ORDER: {
        category: "validation",
        message: "The order is invalid",
        details: { violations: "array" },
      },
    },
  });
  const error = shop.errors.INVALID_ORDER({
    violations: [
      { field: "items.0.name", message: "is required" },
      { field: "first name", message: "is too long" },
      { field: "a/b~c", message: "is odd" },
    ],
  });
  const body = JSON.parse(encode(error, "jsonapi").body as string) as {
    errors: { detail: string; source: { pointer: string } }[];
  };
  valid(body, "violations");
  assert.deepEqual(
    body.errors.map((e) => e.source.pointer),
    ["/data/attributes/items/0/name", "/data/attributes/first name", "/data/attributes/a~1b~0c"],
  );
  assert.deepEqual(
    body.errors.slice(1).map((e) => e.detail),
    ["is too long", "is odd"],
  );
  const back = decode(body, { catalogs: [shop.catalog] });
  assert.ok(back.ok && back.known);
  assert.deepEqual(back.error.details, error.details);
  // The same violations in problem+json (URI-fragment pointers) and Google's BadRequest (field paths).
  const problem = JSON.parse(encode(error, "problem").body as string) as { errors: { pointer: string }[] };
  assert.deepEqual(
    problem.errors.map((e) => e.pointer),
    ["#/items/0/name", "#/first%20name", "#/a~1b~0c"],
  );
  const google = JSON.parse(encode(error, "google").body as string) as {
    error: { details: { fieldViolations?: { field: string }[] }[] };
  };
  const bad = google.error.details.find((d) => d.fieldViolations)?.fieldViolations;
  assert.deepEqual(
    bad?.map((v) => v.field),
    ["items[0].name", "first name", "a/b~c"],
  );
});

test("each adapter sends a valid JSON:API document when the client asks for application/vnd.api+json", async () => {
  const catalog = loadBundled("gitclaw");
  const t = createErrors(catalog);
  const raise = () =>
    t.RATE_LIMITED?.({ action: "star", limit: 100, window: "1h", retryAfter: 60 }, { retryAfter: 60 }) as ErrataError;
  const bodies = await adapterAnswers(catalog, raise, "application/vnd.api+json");
  for (const [adapter, type, text] of bodies) {
    // JSON:API forbids media type parameters other than ext and profile: no charset.
    assert.equal(type, "application/vnd.api+json", adapter);
    valid(JSON.parse(text), adapter);
  }
});

test("another server's document with several pointed errors: every violation is read back", () => {
  const body = {
    errors: [
      { status: "422", code: "invalid", detail: "Name is required", source: { pointer: "/data/attributes/name" } },
      {
        status: "422",
        code: "invalid",
        detail: "Price must be positive",
        source: { pointer: "/data/attributes/price" },
      },
    ],
  };
  valid(body, "foreign");
  const back = decode(body);
  assert.ok(back.ok);
  assert.deepEqual(back.error.details, {
    violations: [
      { pointer: "/data/attributes/name", detail: "Name is required" },
      { pointer: "/data/attributes/price", detail: "Price must be positive" },
    ],
  });
});

test("a converted catalog: any 4xx status and wire extension fields in meta stay a valid JSON:API document", () => {
  const shop = loadFixture("shop");
  const factories = createErrors(shop);
  for (const def of shop.errors.filter((d) => d.status !== undefined)) {
    const body = JSON.parse(
      encode(factories[def.name]?.(def.examples[0]?.details) as ErrataError, "jsonapi").body as string,
    ) as {
      errors: { status: string; meta: Record<string, unknown> }[];
    };
    valid(body, def.name);
    assert.equal(body.errors[0]?.status, String(def.status));
    // Members of meta itself, where JSON:API APIs (Snyk's meta.classification) put them.
    for (const [key, value] of Object.entries(def.wireMeta ?? {})) assert.deepEqual(body.errors[0]?.meta[key], value);
  }
});

test("a wire extension named like one of errata's meta members stays under meta.meta: nothing lost, nothing twice", () => {
  const api = defineCatalog({
    name: "api",
    version: "1.0.0",
    extensions: { classification: { type: "string", wire: true }, reason: { type: "string", wire: true } },
    errors: {
      QUOTA: {
        category: "rate_limit",
        message: "Quota used up",
        meta: { classification: "actionable", reason: "monthly" },
      },
    },
  });
  const text = encode(api.errors.QUOTA(), "jsonapi").body as string;
  const meta = (JSON.parse(text) as { errors: { meta: Record<string, unknown> }[] }).errors[0]?.meta;
  valid(JSON.parse(text), "QUOTA");
  assert.equal(meta?.classification, "actionable");
  assert.deepEqual(meta?.meta, { reason: "monthly" });
  assert.equal(text.match(/"reason":/g)?.length, 1);
});
