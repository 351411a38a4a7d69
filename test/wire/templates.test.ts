/**
 * Reading a message back into its template's values (JSON-RPC errors that share a
 * code): the same answer as the lazy regular expression it replaced, on random
 * templates and messages, and linear on messages built to make that expression
 * backtrack (it took 10 s on 40 KB).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { templateValues } from "../../src/wire/resolve.js";

/** The old matcher, as the reference on small inputs. */
function reference(parts: readonly string[], message: string): string[] | undefined {
  let source = "^";
  parts.forEach((part, i) => {
    source += i % 2 === 0 ? part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : "([\\s\\S]*?)";
  });
  const m = new RegExp(`${source}$`).exec(message);
  return m ? m.slice(1) : undefined;
}

/** Parts as a parsed template has them: literal, name, literal, …, literal. */
const templates = fc
  .array(fc.stringMatching(/^[ab:{}]{0,3}$/), { minLength: 1, maxLength: 5 })
  .map((literals) => literals.flatMap((l, i) => (i === 0 ? [l] : [`p${i}`, l])));

test("the same values as the lazy regular expression, on random templates and messages", () => {
  fc.assert(
    fc.property(templates, fc.stringMatching(/^[ab:{}x]{0,12}$/), (parts, message) => {
      assert.deepEqual(templateValues(parts, message), reference(parts, message));
    }),
    { numRuns: 20_000 },
  );
  // Messages rendered from the template always match, and give the values back when they hold no literal.
  fc.assert(
    fc.property(templates, fc.array(fc.stringMatching(/^x{0,3}$/), { minLength: 5, maxLength: 5 }), (parts, vals) => {
      let message = parts[0] as string;
      for (let i = 1; i < parts.length; i += 2) message += (vals[(i - 1) / 2] as string) + (parts[i + 1] as string);
      assert.deepEqual(templateValues(parts, message), reference(parts, message));
      assert.notEqual(templateValues(parts, message), undefined);
    }),
  );
});

test("adversarial messages of 1 MB answer at once (the regex was cubic)", { timeout: 20_000 }, () => {
  const three = ["Tool ", "a", " failed: ", "b", " (", "c", ")!"];
  const two = ["", "a", ": ", "b", ""];
  const n = 80_000;
  // No closing literal: the old pattern tried every split of every parameter.
  assert.equal(templateValues(three, `Tool ${" failed:  (".repeat(n)}`), undefined);
  const fits = `Tool x${" failed: x (".repeat(n)}x)!`;
  const values = templateValues(three, fits);
  assert.equal(values?.[0], "x");
  assert.equal(values?.[1], "x");
  assert.equal(values?.join("").length, fits.length - "Tool  failed:  ()!".length);
  const colons = ": ".repeat(n * 4);
  assert.deepEqual(templateValues(two, colons), ["", colons.slice(2)]);
  assert.equal(templateValues(two, "x".repeat(n * 10)), undefined);
});
