/**
 * Fuzzing decode: random JSON, strings and bytes, and valid encodings of every
 * format cut, flipped and spliced. Decode must never throw, must always return a
 * typed error, and must never pollute a prototype. 105,000 cases in all.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { createErrors } from "../../src/runtime/createErrors.js";
import { isErrataError } from "../../src/runtime/ErrataError.js";
import { decode, encode, FORMATS } from "../../src/wire/index.js";
import type { WireFormat } from "../../src/wire/types.js";
import { BUNDLED, loadBundled } from "../helpers.js";

const catalogs = BUNDLED.map(loadBundled);
const formats = Object.keys(FORMATS) as WireFormat[];
const samples: Uint8Array[] = [];
const texts: string[] = [];
for (const catalog of catalogs) {
  const errors = createErrors(catalog);
  for (const def of catalog.errors.slice(0, 6)) {
    const error = errors[def.name]?.(def.examples[0]?.details, { requestId: "req-1" });
    if (!error) continue;
    for (const format of formats) {
      const { body } = encode(error, format);
      if (typeof body === "string") texts.push(body);
      else samples.push(body);
    }
  }
}

function check(input: unknown, options: Parameters<typeof decode>[1] = {}) {
  const result = decode(input, { catalogs, maxBytes: 64 * 1024, ...options });
  assert.ok(isErrataError(result.error));
  assert.equal(typeof result.error.message, "string");
  JSON.stringify(result.error);
  if (!result.ok) assert.match(result.error.name, /^WIRE_/);
  // What decode calls a success can be written again: in every format, and as JSON.
  else for (const format of formats) encode(result.error, format);
  // Whatever key a payload nests under __proto__ or constructor.prototype, Object.prototype is as it was.
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype), PRISTINE);
  assert.deepEqual(Object.getOwnPropertySymbols(Object.prototype), []);
}

const PRISTINE = Object.getOwnPropertyNames(Object.prototype);

const RUNS = 15_000;
const hostileKeys = fc.constantFrom(
  "__proto__",
  "constructor",
  "prototype",
  "error",
  "code",
  "errors",
  "data",
  "status",
  "details",
);
const hostileJson = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, fc.jsonValue(), tie("object"), fc.array(tie("value"), { maxLength: 3 })),
  object: fc.dictionary(fc.oneof(hostileKeys, fc.string()), tie("value"), { maxKeys: 5 }),
})).value;

const mutate = (bytes: Uint8Array) =>
  fc.oneof(
    fc.nat({ max: bytes.length }).map((n) => bytes.slice(0, n)),
    fc.tuple(fc.nat({ max: Math.max(0, bytes.length - 1) }), fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
      const copy = bytes.slice();
      copy[i] = b;
      return copy;
    }),
    fc.tuple(fc.nat({ max: bytes.length }), fc.uint8Array({ maxLength: 16 })).map(([i, extra]) => {
      const copy = new Uint8Array(bytes.length + extra.length);
      copy.set(bytes.subarray(0, i));
      copy.set(extra, i);
      copy.set(bytes.subarray(i), i + extra.length);
      return copy;
    }),
  );

test("random parsed JSON values never break decode", () => {
  fc.assert(
    fc.property(hostileJson, (value) => check(value)),
    { numRuns: RUNS },
  );
});

test("random JSON text with hostile keys, under every content type", () => {
  const contentType = fc.constantFrom(
    undefined,
    "application/json",
    "application/problem+json",
    "application/vnd.api+json",
    "application/vnd.errata.frame",
  );
  fc.assert(
    fc.property(hostileJson, contentType, (value, type) =>
      check(JSON.stringify(value) ?? "null", { contentType: type }),
    ),
    { numRuns: RUNS },
  );
});

test("random strings and bytes", () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.uint8Array({ maxLength: 256 })), (input) => check(input)),
    { numRuns: RUNS },
  );
});

test("valid text encodings cut, flipped and spliced", () => {
  const arb = fc.constantFrom(...texts).chain((t) => mutate(new TextEncoder().encode(t)));
  fc.assert(
    fc.property(arb, (bytes) => check(new TextDecoder().decode(bytes))),
    { numRuns: RUNS },
  );
});

test("valid text encodings as bytes, mutated (invalid UTF-8 included)", () => {
  const arb = fc.constantFrom(...texts).chain((t) => mutate(new TextEncoder().encode(t)));
  fc.assert(
    fc.property(arb, (bytes) => check(bytes)),
    { numRuns: RUNS },
  );
});

test("binary frames cut, flipped and spliced", () => {
  const arb = fc.constantFrom(...samples).chain(mutate);
  fc.assert(
    fc.property(arb, (bytes) => check(bytes, { format: "binary" })),
    { numRuns: RUNS },
  );
});

test("every format forced onto any body", () => {
  const input = fc.oneof(hostileJson, fc.constantFrom(...texts), fc.constantFrom(...samples));
  fc.assert(
    fc.property(input, fc.constantFrom(...formats), (body, format) => check(body, { format })),
    { numRuns: RUNS },
  );
});

test("details nested deeper than 32 levels are refused in every format; 32 levels decode and encode again", () => {
  const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
  for (const depth of [33, 100, 6000]) {
    const body = `{"error":{"code":"REPO_EXISTS","message":"exists","details":${deep(depth)}}}`;
    const result = decode(body, { catalogs });
    assert.equal(result.ok, false, `depth ${depth}`);
    assert.match(String(result.error.details.reason), /nested too deeply|too large/);
  }
  const fine = decode(`{"error":{"code":"REPO_EXISTS","message":"exists","details":${deep(32)}}}`, { catalogs });
  assert.ok(fine.ok);
  for (const format of formats) encode(fine.error, format);
  const wide = decode(
    JSON.stringify({
      error: { code: "REPO_EXISTS", message: "m", details: { list: Array.from({ length: 20_000 }, () => 1) } },
    }),
    { catalogs },
  );
  assert.equal(wide.ok, false);
});

test("the generators reach __proto__ as an own key, and payloads nesting under it pollute nothing", () => {
  const own = fc.sample(hostileJson, { numRuns: 3000, seed: 42 }).some(function hasProto(v: unknown): boolean {
    if (v === null || typeof v !== "object") return false;
    return Object.hasOwn(v, "__proto__") || Object.values(v).some(hasProto);
  });
  assert.ok(own, "hostileJson makes objects with an own __proto__ key");
  for (const text of [
    '{"__proto__": {"code": "X", "details": {"admin": true}, "status": 200}}',
    '{"error": {"__proto__": {"code": "X"}, "code": "Y"}, "meta": {"__proto__": {"retryable": true}}}',
    '{"errors": [{"__proto__": {"status": "500"}, "meta": {"constructor": {"prototype": {"polluted": 1}}}}]}',
    '{"jsonrpc": "2.0", "id": 1, "error": {"code": -32000, "message": "m", "data": {"__proto__": {"x": 1}}}}',
  ]) {
    for (const format of [undefined, ...formats]) check(text, format ? { format } : {});
  }
});
