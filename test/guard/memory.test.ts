/**
 * The memory store is bounded: past `maxEntries` the least recently used entry that
 * may go, goes; a running idempotency key or a live nonce never does, and a store
 * full of them refuses new ones (the guard answers STORE_UNAVAILABLE, and nothing
 * runs twice).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { guardFetch, idempotency } from "../../src/guard/index.js";
import type { Limits } from "../../src/guard/stores/contract.js";
import { MemoryStore, MemoryStoreFull } from "../../src/guard/stores/memory.js";

const limits: Limits = { policies: [{ algorithm: "fixed", limit: 1, windowMs: 60_000 }], cost: 1, blockMs: 0 };
const response = { status: 201, headers: {}, body: "" };

test("rate-limit keys: at most maxEntries, the least recently used dropped first", async () => {
  const store = new MemoryStore({ maxEntries: 3 });
  const now = Date.now();
  for (const key of ["a", "b", "c"]) await store.take(key, limits, now);
  await store.take("a", limits, now); // a is now the most recent
  await store.take("d", limits, now); // b goes
  assert.equal(store.size.limits, 3);
  assert.equal((await store.take("a", limits, now)).allowed, false, "a kept its count");
  assert.equal((await store.take("b", limits, now)).allowed, true, "b was forgotten");
  await store.close();
});

test("idempotency keys: a running key is never evicted; a store full of running keys refuses new ones", async () => {
  const store = new MemoryStore({ maxEntries: 2 });
  const now = Date.now();
  await store.begin("k1", "fp", "t1", 30_000, 60_000, now);
  await store.begin("k2", "fp", "t2", 30_000, 60_000, now);
  await assert.rejects(store.begin("k3", "fp", "t3", 30_000, 60_000, now), MemoryStoreFull);
  // Both runs still hold their keys: their duplicates are refused, never run.
  assert.deepEqual(await store.begin("k1", "fp", "x", 30_000, 60_000, now), { state: "running" });
  assert.deepEqual(await store.begin("k2", "fp", "x", 30_000, 60_000, now), { state: "running" });
  // A finished key may go (the oldest finished one), a running one still may not.
  assert.equal(await store.complete("k1", "t1", response, 60_000, now), true);
  assert.deepEqual(await store.begin("k3", "fp", "t3", 30_000, 60_000, now), { state: "acquired", takeover: false });
  assert.deepEqual(await store.begin("k2", "fp", "x", 30_000, 60_000, now), { state: "running" });
  assert.equal(store.size.runs, 2);
  // A run whose lease lapsed (its process died) may go too.
  await assert.rejects(store.begin("k4", "fp", "t4", 30_000, 60_000, now), MemoryStoreFull);
  assert.equal((await store.begin("k4", "fp", "t4", 30_000, 60_000, now + 31_000)).state, "acquired");
  await store.close();
});

test("nonces: never forgotten while live; expired ones make room", async () => {
  const store = new MemoryStore({ maxEntries: 2 });
  const now = Date.now();
  await store.claimNonce("n1", "POST /a", 1000, now);
  await store.claimNonce("n2", "POST /a", 60_000, now);
  await assert.rejects(store.claimNonce("n3", "POST /a", 60_000, now), MemoryStoreFull);
  assert.equal(await store.claimNonce("n2", "DELETE /a", 60_000, now), "different");
  assert.equal(await store.claimNonce("n3", "POST /a", 60_000, now + 2000), "new");
  assert.equal(await store.claimNonce("n2", "DELETE /a", 60_000, now + 2000), "different");
  await store.close();
});

test("through the guard: a full store answers STORE_UNAVAILABLE and runs nothing", async () => {
  const store = new MemoryStore({ maxEntries: 1 });
  let runs = 0;
  let release = () => {};
  const slow = new Promise<void>((resolve) => {
    release = resolve;
  });
  const handler = guardFetch(idempotency({ scope: () => "one-caller", store }), async () => {
    runs++;
    await slow;
    return Response.json({ ok: true }, { status: 201 });
  });
  const post = (key: string) =>
    new Request("http://x/orders", { method: "POST", headers: { "Idempotency-Key": key }, body: "{}" });
  const first = handler(post("a"));
  const second = await handler(post("b"));
  assert.equal(second.status, 503);
  assert.match(await second.text(), /STORE_UNAVAILABLE/);
  release();
  assert.equal((await first).status, 201);
  assert.equal(runs, 1);
  // Now "a" is finished and may go: "b" runs.
  assert.equal((await handler(post("b"))).status, 201);
  assert.equal(runs, 2);
  await store.close();
});

test("maxEntries must be a whole number ≥ 1", () => {
  assert.throws(() => new MemoryStore({ maxEntries: 0 }), RangeError);
});

test("a block outlives any number of filler keys; plain counters are evicted first", () => {
  const store = new MemoryStore({ maxEntries: 1000 });
  const limits = {
    policies: [{ algorithm: "fixed" as const, limit: 1, windowMs: 60_000 }],
    cost: 1,
    blockMs: 86_400_000,
  };
  const now = Date.now();
  assert.equal(store.takeNow("victim-of-own-making", limits, now).allowed, true);
  assert.equal(store.takeNow("victim-of-own-making", limits, now).allowed, false, "over the limit: blocked for 24 h");
  for (let i = 0; i < 100_000; i++) store.takeNow(`filler-${i}`, limits, now);
  assert.equal(store.size.limits, 1000);
  for (let i = 0; i < 5; i++)
    assert.equal(store.takeNow("victim-of-own-making", limits, now + 1000).allowed, false, "still blocked");
  // A store full of blocks refuses new keys rather than lift one.
  const blocks = new MemoryStore({ maxEntries: 3 });
  for (const key of ["a", "b", "c"]) {
    blocks.takeNow(key, limits, now);
    blocks.takeNow(key, limits, now);
  }
  assert.throws(() => blocks.takeNow("d", limits, now), /full/);
  assert.equal(blocks.takeNow("a", limits, now).allowed, false);
});

test("expired entries are swept when a new one comes sweepMs after the last sweep, with no timer held", async () => {
  const store = new MemoryStore({ sweepMs: 1_000 });
  const now = 1_800_000_000_000;
  for (const key of ["a", "b", "c"]) await store.take(key, limits, now);
  await store.claimNonce("n1", "x", 500, now);
  await store.begin("k1", "f", "t", 100, 500, now);
  assert.deepEqual(store.size, { runs: 1, nonces: 1, limits: 3 });
  await store.take("d", limits, now + 900); // within sweepMs of the first sweep: nothing swept
  assert.deepEqual(store.size, { runs: 1, nonces: 1, limits: 4 });
  await store.claimNonce("n2", "x", 500, now + 61_000); // every earlier entry expired, and the sweep is due
  assert.deepEqual(store.size, { runs: 0, nonces: 1, limits: 0 });
});
