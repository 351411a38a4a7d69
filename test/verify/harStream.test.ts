/**
 * The HAR entry scanner against JSON.parse: any document with `log.entries`, cut into
 * chunks anywhere (inside escapes, runs of backslashes, multi-byte characters), gives
 * the entries JSON.parse gives, in order; broken documents are refused, never a crash.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { HarEntries, HarStreamError } from "../../src/verify/harStream.js";

function scan(text: string, cuts: readonly number[], max = 1 << 20): unknown[] {
  const bytes = Buffer.from(text, "utf8");
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const scanner = new HarEntries(max);
  const out: unknown[] = [];
  let from = 0;
  for (const to of [...points, bytes.length]) {
    out.push(...scanner.write(bytes.subarray(from, to)).map((e) => e.value));
    from = to;
  }
  scanner.end();
  return out;
}

const tricky = fc.oneof(
  fc.string(),
  fc.constantFrom('\\"', "\\\\", '\\\\"', "]}", "{[", '"entries"', "é漢🙂", "\\u0022"),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tricky,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(tricky, tie("v"), { maxKeys: 3 }),
  ),
})).v;
const entry = fc.dictionary(tricky, value, { maxKeys: 4 });

test("entries come out as JSON.parse reads them, however the bytes are cut", () => {
  fc.assert(
    fc.property(
      fc.array(entry, { maxLength: 6 }),
      fc.dictionary(fc.constantFrom("version", "creator", "pages", "x\\y"), value, { maxKeys: 3 }),
      fc.array(fc.nat(), { maxLength: 12 }),
      fc.boolean(),
      (entries, extra, cuts, before) => {
        const log = before ? { ...extra, entries } : { entries, ...extra };
        const text = JSON.stringify({ other: extra, log }, null, before ? 2 : 0);
        assert.deepEqual(scan(text, cuts), JSON.parse(text).log.entries);
      },
    ),
    { numRuns: 400 },
  );
});

test("broken documents are refused with a reason: cut short, not a HAR, an entry too large, an entry not JSON", () => {
  const refused = (text: string, max?: number) =>
    assert.throws(() => scan(text, [3, 17], max), HarStreamError, text.slice(0, 40));
  refused('{"log":{"entries":[{"a":1},');
  refused('{"log":{"pages":[]}}');
  refused("[1,2,3]");
  refused(`{"log":{"entries":[{"a":"${"x".repeat(5000)}"}]}}`, 1000);
  refused('{"log":{"entries":[{"a":tru}]}}');
  refused('{"log":{"entries":[]}}]]');
  assert.deepEqual(scan('{"log":{"entries":[]}}', []), []);
});
