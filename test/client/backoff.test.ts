/** Backoff with full jitter: every delay stays within its bounds, whatever the randomness. */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { backoffCeiling, fullJitter } from "../../src/client/backoff.js";

const options = fc.record({
  baseMs: fc.integer({ min: 1, max: 10_000 }),
  maxMs: fc.integer({ min: 1, max: 600_000 }),
});

test("a delay lies in [0, min(max, base · 2^(n-1))] for any attempt and any random number", () => {
  fc.assert(
    fc.property(
      options,
      fc.integer({ min: 1, max: 10_000 }),
      fc.oneof(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.double()),
      (o, n, r) => {
        const delay = fullJitter(n, o, () => r);
        const ceiling = Math.min(o.maxMs, o.baseMs * 2 ** (n - 1));
        return Number.isInteger(delay) && delay >= 0 && delay <= ceiling;
      },
    ),
    { numRuns: 5000 },
  );
});

test("the ceiling doubles per retry until the maximum, and never exceeds it", () => {
  fc.assert(
    fc.property(options, fc.integer({ min: 1, max: 2000 }), (o, n) => {
      const a = backoffCeiling(n, o);
      const b = backoffCeiling(n + 1, o);
      return b >= a && b <= o.maxMs && (a === o.maxMs || b === Math.min(o.maxMs, a * 2));
    }),
  );
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7].map((n) => backoffCeiling(n, { baseMs: 100, maxMs: 1000 })),
    [100, 200, 400, 800, 1000, 1000, 1000],
  );
});

test("full jitter spreads delays over the whole range", () => {
  const o = { baseMs: 1000, maxMs: 1000 };
  const delays = Array.from({ length: 2000 }, () => fullJitter(1, o));
  const low = delays.filter((d) => d < 250).length;
  const high = delays.filter((d) => d >= 750).length;
  assert.ok(low > 350 && high > 350, `low ${low}, high ${high}`);
});
