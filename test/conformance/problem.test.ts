/**
 * problem+json as RFC 9457 Appendix A's JSON Schema judges it (the working group's
 * published file, ajv with formats: `type` and `instance` must be URI references,
 * `status` 100–599), for every error of every bundled catalog with hints on and
 * off, and as each adapter sends it when a client asks for application/problem+json,
 * with the Content-Type exactly `application/problem+json`, read by a client that
 * matches it exactly (Inrupt's @inrupt/solid-client-errors, which ignores a problem
 * body whose media type has a parameter).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { handleErrorResponse, hasProblemDetails } from "@inrupt/solid-client-errors";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { createErrors } from "../../src/runtime/createErrors.js";
import type { ErrataError } from "../../src/runtime/ErrataError.js";
import { isErrataError } from "../../src/runtime/ErrataError.js";
import { defineCatalog } from "../../src/sources/defineCatalog.js";
import { encode, FORMATS } from "../../src/wire/index.js";
import { BUNDLED, loadBundled, loadFixture, REPO } from "../helpers.js";
import { type Answer, adapterAnswers } from "./adapters.js";

/** The RFC's schema, its lines unfolded as RFC 8792 §7.2.2 says (a trailing backslash joins the next line). */
const folded = readFileSync(join(REPO, "test", "conformance", "schemas", "rfc9457-problem.json"), "utf8");
const schema = JSON.parse(folded.replace(/\\\n[ \t]*/g, "")) as object;
const ajv = new Ajv2020.default({ strict: false, allErrors: true });
addFormats.default(ajv);
const check = ajv.compile(schema);

function valid(body: unknown, what: string): void {
  assert.ok(check(body), `${what}: ${JSON.stringify(check.errors?.slice(0, 3))}`);
}

test("every error of every bundled catalog, with and without hints, fits RFC 9457's schema", () => {
  let count = 0;
  for (const name of BUNDLED) {
    const catalog = loadBundled(name);
    const errors = createErrors(catalog);
    for (const def of catalog.errors) {
      const example = def.examples[0];
      for (const requestId of ["req-1", "9f0c2a4e-1b7d-4c55-8e0f-3a6b2d9c1e77"]) {
        const error = errors[def.name]?.(example?.details, { requestId });
        assert.ok(error);
        for (const hints of [true, false]) {
          const encoded = encode(error, "problem", { hints });
          const body = JSON.parse(encoded.body as string) as Record<string, unknown>;
          valid(body, `${name} ${def.name}`);
          // The schema alone would pass {} (below): the members RFC 9457 §3.1 defines are checked here.
          assert.ok(typeof body.type === "string" && /^(https?:\/\/|about:blank$)/.test(body.type), `${def.name} type`);
          assert.ok(typeof body.title === "string" && body.title.length > 0, `${def.name} title`);
          assert.equal(body.status, encoded.status, `${def.name} status is the HTTP status`);
          assert.equal(typeof body.detail, "string", `${def.name} detail`);
          if (body.instance !== undefined) assert.match(String(body.instance), /^urn:uuid:[0-9a-f-]{36}$/);
          count++;
        }
      }
    }
  }
  assert.equal(count, 136 * 4);
});

test("what RFC 9457's published schema adds: member types only; it accepts {} (so the strict checks above stay)", () => {
  assert.equal(check({}), true, "every member is optional in the published schema");
  assert.equal(check({ extension: { anything: [1] } }), true, "and any extension member goes");
  assert.equal(check({ status: "404" }), false, "status must be a number");
  assert.equal(check({ status: 700 }), false, "within 100–599");
  assert.equal(check({ type: 5 }), false, "type must be a string (a URI reference)");
  assert.equal(check({ title: ["x"] }), false, "title a string");
});

test("each adapter: a valid problem, Content-Type exactly application/problem+json", async () => {
  const catalog = loadBundled("gitclaw");
  const t = createErrors(catalog);
  const raise = () => t.REPO_NOT_FOUND?.({ owner: "octo", repo: "x" }) as ErrataError;
  const got = await adapterAnswers(catalog, raise, "application/problem+json");
  for (const [adapter, type, text] of got) {
    assert.equal(type, "application/problem+json", adapter);
    valid(JSON.parse(text), adapter);
    // Inrupt's client reads problem details only when Content-Type is exactly application/problem+json.
    const body = JSON.parse(text) as { type: string; title: string; status: number; detail: string };
    const error = handleErrorResponse(
      {
        status: body.status,
        statusText: "Not Found",
        headers: new Headers({ "content-type": String(type) }),
        url: "http://127.0.0.1/x",
      },
      text,
      "request failed",
    );
    assert.ok(hasProblemDetails(error), adapter);
    assert.deepEqual(
      [
        error.problemDetails.type.href,
        error.problemDetails.title,
        error.problemDetails.status,
        error.problemDetails.detail,
      ],
      [body.type, body.title, body.status, body.detail],
      adapter,
    );
  }
  // The same client ignores a body whose media type carries a parameter: why errata sends none.
  const withCharset = handleErrorResponse(
    {
      status: 404,
      statusText: "Not Found",
      headers: new Headers({ "content-type": "application/problem+json; charset=utf-8" }),
      url: "http://x/",
    },
    (got[0] as Answer)[2],
    "request failed",
  );
  assert.equal(withCharset.problemDetails.detail, undefined);
});

/** Field names of any code points, with lone surrogates, pointer syntax and dots mixed in. */
const hostileField = fc.string({
  unit: fc.oneof(
    fc.constantFrom("\ud800", "\udc00", "/", "~", ".", " ", "%"),
    fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});

test("hostile field names (lone surrogates, slashes, tildes, any code unit) never break an encode, in any format", () => {
  const shop = defineCatalog({
    name: "shop",
    version: "1.0.0",
    errors: { BAD: { category: "validation", message: "bad", details: { violations: "array" } } },
  });
  fc.assert(
    fc.property(fc.array(hostileField, { minLength: 1, maxLength: 4 }), (fields) => {
      const error = shop.errors.BAD({ violations: fields.map((field) => ({ field, message: "m" })) });
      for (const format of Object.keys(FORMATS) as (keyof typeof FORMATS)[]) {
        const { body } = encode(error, format);
        if (typeof body === "string") JSON.parse(body);
      }
      const problem = JSON.parse(encode(error, "problem").body as string) as { errors: { pointer: string }[] };
      for (const { pointer } of problem.errors) assert.doesNotThrow(() => decodeURIComponent(pointer));
    }),
    { numRuns: 500 },
  );
});

test("a converted catalog: errors with a status fit the schema with their wire extension fields; one with none is refused, typed", () => {
  const shop = loadFixture("shop");
  const factories = createErrors(shop);
  let sent = 0;
  for (const def of shop.errors) {
    const error = factories[def.name]?.(def.examples[0]?.details ?? { path: "/etc/shop", flag: "--x" }) as ErrataError;
    if (def.status === undefined) {
      assert.throws(
        () => encode(error, "problem"),
        (e: unknown) => isErrataError(e) && e.name === "WIRE_NO_HTTP_STATUS" && /status: none/.test(e.message),
      );
      // An explicit mapping sends it.
      const mapped = JSON.parse(encode(error, "problem", { httpStatus: 500 }).body as string) as { status: number };
      valid(mapped, def.name);
      assert.equal(mapped.status, 500);
      continue;
    }
    const body = JSON.parse(encode(error, "problem").body as string) as { meta?: unknown; status: number };
    valid(body, def.name);
    assert.equal(body.status, def.status);
    assert.deepEqual(body.meta, def.wireMeta);
    sent++;
  }
  assert.equal(sent, 7);
});

test("an outcome sent with 200 (Aragora's NO_CONSENSUS) is never a problem document, whatever Accept asks", async () => {
  const catalog = loadBundled("aragora");
  const t = createErrors(catalog);
  const raise = () => t.NO_CONSENSUS?.() as ErrataError;
  for (const accept of ["application/problem+json", "application/vnd.api+json"]) {
    for (const [adapter, type, text] of await adapterAnswers(catalog, raise, accept)) {
      // Aragora's own flat body, as application/json: a problem client does not take a 200 for a problem.
      assert.equal(type, "application/json", `${adapter} ${accept}`);
      assert.equal((JSON.parse(text) as { code?: string }).code, "NO_CONSENSUS", adapter);
    }
  }
  // A problem+json API's outcome goes out as plain JSON.
  const problemApi = { ...catalog, format: "problem" as const };
  for (const [adapter, type] of await adapterAnswers(problemApi, raise, "application/problem+json"))
    assert.equal(type, "application/json", adapter);
});
