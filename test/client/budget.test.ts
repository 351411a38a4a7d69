/** The retry budget: retries never outrun the tokens that successes earned. */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { RetryBudget } from "../../src/client/budget.js";

test("a new budget holds its capacity; retries spend one token, successes earn the ratio", () => {
  const budget = new RetryBudget({ ratio: 0.5, capacity: 2 });
  assert.equal(budget.tryRetry(), true);
  assert.equal(budget.tryRetry(), true);
  assert.equal(budget.tryRetry(), false);
  budget.onSuccess();
  assert.equal(budget.tryRetry(), false);
  budget.onSuccess();
  assert.equal(budget.tryRetry(), true);
  for (let i = 0; i < 100; i++) budget.onSuccess();
  assert.equal(budget.tokens, 2);
});

test("over any history, granted retries ≤ capacity + ratio × successes", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 0, max: 50 }),
      fc.array(fc.boolean(), { maxLength: 2000 }),
      (ratio, capacity, events) => {
        const budget = new RetryBudget({ ratio, capacity });
        let granted = 0;
        let successes = 0;
        for (const success of events) {
          if (success) {
            budget.onSuccess();
            successes++;
          } else if (budget.tryRetry()) granted++;
        }
        return granted <= capacity + ratio * successes + 1e-9;
      },
    ),
  );
});

test("bad settings are refused", () => {
  assert.throws(() => new RetryBudget({ ratio: -1 }), RangeError);
  assert.throws(() => new RetryBudget({ capacity: Number.NaN }), RangeError);
});
