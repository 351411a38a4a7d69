/**
 * The rate-limit arithmetic runs twice: in TypeScript (memory and SQLite) and in
 * Lua (Redis). Random policies, costs, blocks and request times must give the
 * same answers, to the millisecond, in every store.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, test } from "node:test";
import fc from "fast-check";
import type { GuardStore, LimitPolicy, Limits } from "../../src/guard/stores/contract.js";
import { MemoryStore } from "../../src/guard/stores/memory.js";
import { STORES } from "./stores.js";

const policy = fc.record<LimitPolicy>({
  algorithm: fc.constantFrom("fixed", "sliding", "bucket"),
  limit: fc.integer({ min: 1, max: 20 }),
  windowMs: fc.integer({ min: 50, max: 5000 }),
});

const scenario = fc.record({
  policies: fc.array(policy, { minLength: 1, maxLength: 3 }),
  blockMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4000 })),
  steps: fc.array(fc.record({ dt: fc.integer({ min: 0, max: 3000 }), cost: fc.integer({ min: 0, max: 6 }) }), {
    minLength: 1,
    maxLength: 25,
  }),
});

const others = STORES.filter((c) => c.kind !== "memory");
const opened: GuardStore[] = [];
after(async () => {
  for (const s of opened) await s.close();
});

for (const c of others) {
  test(`${c.kind} takes exactly what the memory store takes`, { skip: c.skip }, async () => {
    const store = c.make();
    const reference = new MemoryStore();
    opened.push(store, reference);
    await fc.assert(
      fc.asyncProperty(scenario, async ({ policies, blockMs, steps }) => {
        const key = randomUUID();
        let now = 1_800_000_000_000 + Math.floor(Math.random() * 1_000_000);
        for (const { dt, cost } of steps) {
          now += dt;
          const limits: Limits = { policies, cost, blockMs };
          assert.deepEqual(await store.take(key, limits, now), await reference.take(key, limits, now));
        }
      }),
      { numRuns: 150 },
    );
  });
}
