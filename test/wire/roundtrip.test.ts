/** decode(encode(e)) equals e, for every error of every bundled catalog, in every format. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import type { DetailField, ErrorDefinition } from "../../src/catalog/model.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import type { ErrataError } from "../../src/runtime/ErrataError.js";
import { decode, encode, FORMATS } from "../../src/wire/index.js";
import type { WireFormat } from "../../src/wire/types.js";
import { BUNDLED, loadBundled } from "../helpers.js";

const text = fc.string({ unit: "grapheme", maxLength: 40 });
const json = fc.jsonValue({ maxDepth: 3 }).filter((v) => !JSON.stringify(v).includes('"__proto__"'));

function arbitraryValue(field: DetailField): fc.Arbitrary<unknown> {
  const base = (type: DetailField["type"]): fc.Arbitrary<unknown> => {
    switch (type) {
      case "string":
        return text;
      case "integer":
        return fc.integer();
      case "number":
        return fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0));
      case "boolean":
        return fc.boolean();
      case "array":
        return fc.array(field.items ? base(field.items) : json, { maxLength: 4 });
      case "object":
        return fc.dictionary(
          text.filter((k) => k !== "__proto__"),
          json,
          { maxKeys: 4 },
        );
    }
  };
  const value = field.enum ? fc.constantFrom(...field.enum) : base(field.type);
  return field.nullable ? fc.option(value, { nil: null }) : value;
}

function raiseArgs(def: ErrorDefinition) {
  const details = fc.record(Object.fromEntries(def.details.map((f) => [f.name, arbitraryValue(f)])), {
    requiredKeys: def.details.filter((f) => f.required).map((f) => f.name),
  });
  return fc.record({
    details,
    requestId: fc.option(
      text.filter((s) => s.length > 0),
      { nil: undefined },
    ),
    message: fc.option(text, { nil: undefined }),
    retryAfter: fc.option(
      fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 1000),
      { nil: undefined },
    ),
    subcode:
      def.subcodes.length > 0
        ? fc.option(fc.constantFrom(...def.subcodes.map((s) => s.name)), { nil: undefined })
        : fc.constant(undefined),
    reason:
      def.reasons.length > 0
        ? fc.option(fc.constantFrom(...def.reasons.map((r) => r.name)), { nil: undefined })
        : fc.constant(undefined),
  });
}

const formats = Object.keys(FORMATS) as WireFormat[];

/**
 * What decoding gives back of an error: the same, except that a message still
 * holding a `{param}` (details that lacked it) comes back as the error's title.
 */
function expected(error: ReturnType<ErrataError["toJSON"]>, def: ErrorDefinition) {
  const raw = def.message.params.some((p) => error.message.includes(`{${p}}`));
  return raw ? { ...error, message: def.title } : error;
}

describe("decode(encode(e)) = e", () => {
  for (const name of BUNDLED) {
    test(`${name}: every error, every format (property)`, () => {
      const catalog = loadBundled(name);
      const errors = createErrors(catalog);
      const arbitrary = fc
        .constantFrom(...catalog.errors)
        .chain((def) => fc.tuple(fc.constant(def), raiseArgs(def), fc.constantFrom(...formats)));
      fc.assert(
        fc.property(arbitrary, ([def, args, format]) => {
          const options = Object.fromEntries(
            Object.entries({ ...args, details: undefined }).filter(([, v]) => v !== undefined),
          );
          const error = errors[def.name]?.({ ...args.details }, options);
          assert.ok(error);
          const encoded = encode(error, format);
          // Bodies are written as text, not by JSON.stringify: they must still be exactly its output.
          if (typeof encoded.body === "string") assert.equal(JSON.stringify(JSON.parse(encoded.body)), encoded.body);
          const decoded = decode(encoded.body, {
            catalogs: [catalog],
            status: encoded.status,
            contentType: encoded.headers["Content-Type"],
          });
          assert.ok(decoded.ok, decoded.ok ? "" : decoded.error.message);
          assert.equal(decoded.format, format);
          assert.equal(decoded.known, true);
          assert.deepEqual(decoded.error.toJSON(), expected(error.toJSON(), def));
        }),
        { numRuns: 1500 },
      );
    });
  }

  /**
   * With hints off an error declaring its own JSON-RPC code travels as TraceMem's
   * API sends it: that code (shared by a category) and the message as data. Its
   * identity then rides on the message, matched against the catalog's templates:
   * exact for the catalog's examples (the next test), not for any random string
   * (a template "{detail}" matches every text). Everything else keeps it always.
   */
  const identityOnTheWire = (def: ErrorDefinition, format: WireFormat) =>
    !(format === "jsonrpc" && def.jsonrpc !== undefined);

  test("with hints off, every error of every catalog keeps its identity in every format (property)", () => {
    for (const name of BUNDLED) {
      const catalog = loadBundled(name);
      const errors = createErrors(catalog);
      const arbitrary = fc
        .constantFrom(...catalog.errors)
        .chain((def) => fc.tuple(fc.constant(def), raiseArgs(def), fc.constantFrom(...formats)))
        .filter(([def, , format]) => identityOnTheWire(def, format));
      fc.assert(
        fc.property(arbitrary, ([def, args, format]) => {
          const options = Object.fromEntries(
            Object.entries({ ...args, details: undefined }).filter(([, v]) => v !== undefined),
          );
          const error = errors[def.name]?.({ ...args.details }, options);
          assert.ok(error);
          const encoded = encode(error, format, { hints: false });
          const decoded = decode(encoded.body, { catalogs: [catalog], status: encoded.status });
          assert.ok(decoded.ok, decoded.ok ? "" : decoded.error.message);
          assert.equal(decoded.known, true, `${name} ${def.name} in ${format}`);
          assert.deepEqual([decoded.error.code, decoded.error.name], [error.code, error.name]);
        }),
        { numRuns: 300 },
      );
    }
  });

  test("with hints off, Google's ErrorInfo metadata gives back every scalar detail, typed as declared", () => {
    let count = 0;
    for (const name of BUNDLED) {
      const catalog = loadBundled(name);
      const errors = createErrors(catalog);
      for (const def of catalog.errors) {
        const details = def.examples[0]?.details ?? {};
        const scalar = def.details.filter((f) => {
          const v = details[f.name];
          const declared = f.type === "integer" ? "number" : f.type;
          return (typeof v === "string" || typeof v === "number" || typeof v === "boolean") && typeof v === declared;
        });
        if (scalar.length === 0 || def.status === undefined) continue;
        const error = errors[def.name]?.(details);
        assert.ok(error);
        const encoded = encode(error, "google", { hints: false });
        assert.ok(!(encoded.body as string).includes("errata.v1"));
        const decoded = decode(encoded.body, { catalogs: [catalog], status: encoded.status });
        assert.ok(decoded.ok);
        for (const f of scalar) {
          assert.deepEqual(decoded.error.details[f.name], details[f.name], `${name} ${def.name}.${f.name}`);
          count++;
        }
      }
    }
    assert.equal(count, 31, "the bundled examples' scalar details, each checked");
  });

  test("with hints off, a JSON-RPC error's details come back from its message, by the catalog's template", () => {
    const catalog = loadBundled("tracemem");
    const error = createErrors(catalog).POLICY_NOT_FOUND?.({ policy: "discount_cap_v1" });
    assert.ok(error);
    const encoded = encode(error, "jsonrpc", { hints: false, id: 1 });
    const decoded = decode(encoded.body, { catalogs: [catalog], status: encoded.status });
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.error.details, { policy: "discount_cap_v1" });
  });

  test("with hints off, every error of every catalog, with its example, keeps its identity in every format", () => {
    let count = 0;
    for (const name of BUNDLED) {
      const catalog = loadBundled(name);
      const errors = createErrors(catalog);
      for (const def of catalog.errors) {
        const example = def.examples[0];
        const error = errors[def.name]?.(example?.details, example?.message ? { message: example.message } : {});
        assert.ok(error);
        for (const format of formats) {
          const encoded = encode(error, format, { hints: false });
          const decoded = decode(encoded.body, { catalogs: [catalog], status: encoded.status });
          assert.ok(decoded.ok && decoded.known, `${name} ${def.name} in ${format}`);
          assert.equal(decoded.error.code, error.code, `${name} ${def.name} in ${format}`);
          count++;
        }
      }
    }
    assert.equal(count, 136 * 7);
  });

  test("every error of every catalog, with its example, in every format", () => {
    let count = 0;
    for (const name of BUNDLED) {
      const catalog = loadBundled(name);
      const errors = createErrors(catalog);
      for (const def of catalog.errors) {
        const example = def.examples[0];
        const error = errors[def.name]?.(example?.details, {
          requestId: "req-1",
          ...(example?.message ? { message: example.message } : {}),
        });
        assert.ok(error);
        for (const format of formats) {
          const encoded = encode(error, format);
          const decoded = decode(encoded.body, { catalogs: [catalog], status: encoded.status });
          assert.ok(decoded.ok && decoded.format === format, `${def.name} in ${format}`);
          assert.deepEqual(decoded.error.toJSON(), expected(error.toJSON(), def), `${def.name} in ${format}`);
          count++;
        }
      }
    }
    assert.equal(count, 136 * 7);
  });
});
