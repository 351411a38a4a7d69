/** The JSON text the encoders write is exactly what JSON.stringify writes for the same members. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { constantMember, json, member, object, quote, quoteConstant } from "../../src/wire/json.js";

// Every UTF-16 unit, lone surrogates and control characters included.
const anyString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
);
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  anyString,
  fc.constantFrom(undefined, Number.NaN, Number.POSITIVE_INFINITY, -0, () => 1, Symbol("s")),
  fc.double(),
);

describe("JSON text", () => {
  test("quote and quoteConstant write every string as JSON.stringify does", () => {
    fc.assert(
      fc.property(anyString, (s) => {
        assert.equal(quote(s), JSON.stringify(s));
        assert.equal(quoteConstant(s), JSON.stringify(s));
        assert.equal(quoteConstant(s), JSON.stringify(s), "memoized");
      }),
      { numRuns: 5000 },
    );
  });

  test("members are written, or left out, as JSON.stringify does", () => {
    fc.assert(
      fc.property(fc.array(anyValue, { maxLength: 6 }), (values) => {
        const reference: Record<string, unknown> = {};
        let members = "";
        values.forEach((value, i) => {
          reference[`k${i}`] = value;
          members += member(`,"k${i}":`, value);
        });
        assert.equal(object(members), JSON.stringify(reference));
      }),
      { numRuns: 5000 },
    );
    assert.equal(
      json(() => 1),
      undefined,
    );
    assert.equal(object(""), "{}");
  });

  test("a constant member of a long or absent string", () => {
    const long = "x".repeat(10_000);
    assert.equal(constantMember(',"k":', long), `,"k":${JSON.stringify(long)}`);
    assert.equal(constantMember(',"k":', undefined), "");
  });
});
