/** One contract, three stores: memory, SQLite and Redis give the same answers, atomically. */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, test } from "node:test";
import type { GuardStore, LimitPolicy, StoredResponse } from "../../src/guard/stores/contract.js";
import { RedisStore } from "../../src/guard/stores/redis.js";
import { REDIS_URL, redisSkip, STORES } from "./stores.js";

const response: StoredResponse = { status: 201, headers: { "content-type": "application/json" }, body: "eyJpZCI6MX0=" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const c of STORES) {
  describe(`${c.kind} store`, { skip: c.skip }, () => {
    const opened: GuardStore[] = [];
    const store = () => {
      const s = c.make();
      opened.push(s);
      return s;
    };
    after(async () => {
      for (const s of opened) await s.close();
    });

    test("an idempotency key: acquired once, running for duplicates, mismatch for other payloads, then done", async () => {
      const s = store();
      const now = Date.now();
      const key = randomUUID();
      assert.deepEqual(await s.begin(key, "fp-a", "t1", 10_000, 60_000, now), { state: "acquired", takeover: false });
      assert.deepEqual(await s.begin(key, "fp-a", "t2", 10_000, 60_000, now + 1), { state: "running" });
      assert.deepEqual(await s.begin(key, "fp-b", "t3", 10_000, 60_000, now + 1), { state: "mismatch" });
      assert.equal(await s.renew(key, "t1", 10_000, now + 2), true);
      assert.equal(await s.renew(key, "t2", 10_000, now + 2), false);
      assert.equal(await s.complete(key, "t2", response, 60_000, now + 3), false);
      assert.equal(await s.complete(key, "t1", response, 60_000, now + 3), true);
      assert.equal(await s.complete(key, "t1", response, 60_000, now + 3), false);
      assert.deepEqual(await s.begin(key, "fp-a", "t4", 10_000, 60_000, now + 4), { state: "done", response });
      assert.deepEqual(await s.begin(key, "fp-b", "t5", 10_000, 60_000, now + 4), { state: "mismatch" });
      await s.release(key, "t1");
      assert.equal((await s.begin(key, "fp-a", "t6", 10_000, 60_000, now + 5)).state, "done");
    });

    test("a lapsed lease is taken over once; the old holder can no longer complete", async () => {
      const s = store();
      const now = Date.now();
      const key = randomUUID();
      await s.begin(key, "fp", "old", 100, 60_000, now);
      assert.deepEqual(await s.begin(key, "fp", "new", 100, 60_000, now + 50), { state: "running" });
      assert.deepEqual(await s.begin(key, "fp", "new", 100, 60_000, now + 150), { state: "acquired", takeover: true });
      assert.deepEqual(await s.begin(key, "fp", "newer", 100, 60_000, now + 160), { state: "running" });
      assert.equal(await s.complete(key, "old", response, 60_000, now + 170), false);
      assert.equal(await s.complete(key, "new", response, 60_000, now + 170), true);
    });

    test("a released key runs again; a key expires after its lifetime", async () => {
      const s = store();
      const now = Date.now();
      const key = randomUUID();
      await s.begin(key, "fp", "t1", 10_000, 60_000, now);
      await s.release(key, "t1");
      assert.deepEqual(await s.begin(key, "fp", "t2", 10_000, 60_000, now), { state: "acquired", takeover: false });
      const short = randomUUID();
      await s.begin(short, "fp", "t1", 10_000, 100, Date.now());
      await s.complete(short, "t1", response, 100, Date.now());
      await sleep(250);
      assert.deepEqual(await s.begin(short, "other", "t2", 10_000, 100, Date.now()), {
        state: "acquired",
        takeover: false,
      });
    });

    test("of 50 concurrent begins with one key, exactly one acquires it", async () => {
      const s = store();
      const key = randomUUID();
      const now = Date.now();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => s.begin(key, "fp", `t${i}`, 10_000, 60_000, now)),
      );
      assert.equal(results.filter((r) => r.state === "acquired").length, 1);
      assert.equal(results.filter((r) => r.state === "running").length, 49);
    });

    test("a nonce: new, the same action again, a different action; forgotten after its time", async () => {
      const s = store();
      const nonce = randomUUID();
      assert.equal(await s.claimNonce(nonce, "POST /star", 100, Date.now()), "new");
      assert.equal(await s.claimNonce(nonce, "POST /star", 100, Date.now()), "same");
      assert.equal(await s.claimNonce(nonce, "DELETE /repo", 100, Date.now()), "different");
      await sleep(250);
      assert.equal(await s.claimNonce(nonce, "DELETE /repo", 100, Date.now()), "new");
    });

    test("a nonce quota: each owner's new nonces counted apart, atomically with the claim; repeats are free", async () => {
      const s = store();
      const [alice, bob] = [randomUUID(), randomUUID()];
      const quota = (owner: string) => ({ owner, limit: 3 });
      const claim = (owner: string, nonce: string, action = "POST /pay", ttl = 60_000) =>
        s.claimNonce(`${owner}:${nonce}`, action, ttl, Date.now(), quota(owner));
      for (const n of ["1", "2", "3"]) assert.equal(await claim(alice, n), "new");
      assert.equal(await claim(alice, "4"), "over");
      assert.equal(await claim(alice, "4"), "over", "nothing was recorded: still over, not a replay");
      assert.equal(await claim(alice, "1"), "same", "a retry of a held nonce costs nothing");
      assert.equal(await claim(alice, "2", "DELETE /x"), "different");
      assert.equal(await claim(bob, "1"), "new", "another owner has its own quota");
      // The quota's window is the nonces' lifetime.
      const carol = randomUUID();
      assert.equal(await claim(carol, "a", "POST /pay", 100), "new");
      for (const n of ["b", "c"]) await claim(carol, n, "POST /pay", 100);
      assert.equal(await claim(carol, "d", "POST /pay", 100), "over");
      await sleep(250);
      assert.equal(await claim(carol, "d", "POST /pay", 100), "new");
    });

    /** One policy, cost 1, no block; the answer as the single policy's result. */
    const once = async (s: GuardStore, key: string, policy: LimitPolicy, t: number) => {
      const r = await s.take(key, { policies: [policy], cost: 1, blockMs: 0 }, t);
      assert.equal(r.allowed, r.policies[0]?.allowed);
      return r.policies[0];
    };

    test("sliding window: the same counts, refusals and waits in every store", async () => {
      const s = store();
      const key = randomUUID();
      const policy = { algorithm: "sliding", limit: 3, windowMs: 1000 } as const;
      const t0 = Math.ceil(Date.now() / 1000) * 1000 + 1_000_000;
      const at = async (t: number) => once(s, key, policy, t);
      assert.deepEqual(await at(t0), { allowed: true, remaining: 2, resetMs: 1000, retryAfterMs: 0 });
      assert.deepEqual(await at(t0 + 100), { allowed: true, remaining: 1, resetMs: 900, retryAfterMs: 0 });
      assert.deepEqual(await at(t0 + 200), { allowed: true, remaining: 0, resetMs: 800, retryAfterMs: 0 });
      assert.deepEqual(await at(t0 + 300), { allowed: false, remaining: 0, resetMs: 700, retryAfterMs: 1034 });
      // Next window: the 3 of the last one weigh 3 × 0.75 at 250 ms in, so no room yet.
      assert.deepEqual(await at(t0 + 1250), { allowed: false, remaining: 0, resetMs: 750, retryAfterMs: 84 });
      assert.deepEqual(await at(t0 + 1400), { allowed: true, remaining: 0, resetMs: 600, retryAfterMs: 0 });
      assert.equal((await at(t0 + 5000))?.remaining, 2);
    });

    test("token bucket: a burst of `limit`, then one token per window/limit", async () => {
      const s = store();
      const key = randomUUID();
      const policy = { algorithm: "bucket", limit: 2, windowMs: 1000 } as const;
      const t0 = Date.now();
      assert.deepEqual(await once(s, key, policy, t0), { allowed: true, remaining: 1, resetMs: 500, retryAfterMs: 0 });
      assert.deepEqual(await once(s, key, policy, t0), { allowed: true, remaining: 0, resetMs: 1000, retryAfterMs: 0 });
      assert.deepEqual(await once(s, key, policy, t0 + 100), {
        allowed: false,
        remaining: 0,
        resetMs: 900,
        retryAfterMs: 400,
      });
      assert.deepEqual(await once(s, key, policy, t0 + 500), {
        allowed: true,
        remaining: 0,
        resetMs: 1000,
        retryAfterMs: 0,
      });
    });

    test("fixed window: from the first request; exactly `limit` of 20 concurrent requests pass", async () => {
      const s = store();
      const policy = { algorithm: "fixed", limit: 5, windowMs: 10_000 } as const;
      const key = randomUUID();
      const t0 = Date.now();
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => once(s, key, policy, t0)));
      assert.equal(outcomes.filter((o) => o?.allowed).length, 5);
      assert.deepEqual(await once(s, key, policy, t0 + 4000), {
        allowed: false,
        remaining: 0,
        resetMs: 6000,
        retryAfterMs: 6000,
      });
      assert.deepEqual(await once(s, key, policy, t0 + 10_000), {
        allowed: true,
        remaining: 4,
        resetMs: 10_000,
        retryAfterMs: 0,
      });
    });

    test("several policies, a cost: all or nothing; a refusal counts in none", async () => {
      const s = store();
      const key = randomUUID();
      const limits = {
        policies: [
          { algorithm: "fixed", limit: 10, windowMs: 1000 },
          { algorithm: "fixed", limit: 12, windowMs: 60_000 },
        ],
        cost: 4,
        blockMs: 0,
      } as const;
      const t0 = Date.now();
      const first = await s.take(key, limits, t0);
      assert.deepEqual([first.allowed, first.policies.map((p) => p.remaining)], [true, [6, 8]]);
      await s.take(key, limits, t0 + 1);
      // 8 of 10 used in the second: a third costs 4, refused by the first policy; the second keeps its 4.
      const third = await s.take(key, limits, t0 + 2);
      assert.deepEqual(
        [third.allowed, third.policies.map((p) => [p.allowed, p.remaining]), third.retryAfterMs],
        [
          false,
          [
            [false, 2],
            [true, 4],
          ],
          998,
        ],
      );
      // A new second: the first policy has room, the minute has exactly 4 left.
      const fourth = await s.take(key, limits, t0 + 1000);
      assert.deepEqual([fourth.allowed, fourth.policies.map((p) => p.remaining)], [true, [6, 0]]);
      const fifth = await s.take(key, limits, t0 + 2000);
      assert.deepEqual([fifth.allowed, fifth.policies.map((p) => p.allowed)], [false, [true, false]]);
      assert.equal(fifth.retryAfterMs, 58_000);
      // A request of cost 0 always passes and counts nothing.
      assert.equal((await s.take(key, { ...limits, cost: 0 }, t0 + 2001)).allowed, true);
    });

    test("a block: after a refusal the key is refused for blockMs, without counting", async () => {
      const s = store();
      const key = randomUUID();
      const limits = {
        policies: [{ algorithm: "sliding", limit: 1, windowMs: 1000 }],
        cost: 1,
        blockMs: 30_000,
      } as const;
      const t0 = Math.ceil(Date.now() / 1000) * 1000;
      assert.equal((await s.take(key, limits, t0)).allowed, true);
      const refused = await s.take(key, limits, t0 + 10);
      assert.deepEqual([refused.allowed, refused.retryAfterMs], [false, 30_000]);
      // The window is long over, the block is not.
      const still = await s.take(key, limits, t0 + 20_010);
      assert.deepEqual([still.allowed, still.retryAfterMs], [false, 10_000]);
      assert.equal((await s.take(key, limits, t0 + 30_011)).allowed, true);
    });
  });
}

// Redis writes only the fields a request changed and moves the key's expiry only with a
// new window or block: the key must still hold every field, and still end when its state does.
describe("Redis: a rate-limit key's fields and lifetime", { skip: redisSkip() }, () => {
  const prefix = `errata-test:${process.pid}:ttl:${Date.now()}:`;
  const store = new RedisStore(REDIS_URL ?? "", { prefix });
  after(() => store.close());
  const ttl = (key: string) => store.redis.pttl(`${prefix}limit:${key}`);
  const fields = async (key: string) => Object.keys(await store.redis.hgetall(`${prefix}limit:${key}`)).sort();
  const one = (algorithm: LimitPolicy["algorithm"], windowMs: number, blockMs = 0) => ({
    policies: [{ algorithm, limit: 3, windowMs }],
    cost: 1,
    blockMs,
  });

  test("fixed: the window's end is the key's end, however many requests come in it; a new window moves it", async () => {
    const key = randomUUID();
    const t0 = Date.now();
    await store.take(key, one("fixed", 60_000), t0);
    assert.deepEqual(await fields(key), ["a1", "b1", "c1", "u"]);
    const first = await ttl(key);
    assert.ok(first > 59_000 && first <= 60_000, `PTTL ${first}`);
    // Later requests of the same window (the caller's clock 30 s on) leave the end where it was.
    await store.take(key, one("fixed", 60_000), t0 + 30_000);
    await store.take(key, one("fixed", 60_000), t0 + 30_001);
    assert.ok((await ttl(key)) > 59_000, "the end did not move back");
    assert.deepEqual(await store.redis.hget(`${prefix}limit:${key}`, "b1"), "3");
    // A request in the next window starts it over: count 1, the end a whole window away again.
    const next = await store.take(key, one("fixed", 1000), t0 + 60_000);
    assert.equal(next.policies[0]?.remaining, 2);
    const renewed = await ttl(key);
    assert.ok(renewed > 0 && renewed <= 1000, `PTTL ${renewed}`);
  });

  test("a block moves the end to the block's; the key then expires on its own", async () => {
    const key = randomUUID();
    const t0 = Date.now();
    for (let i = 0; i < 3; i++) await store.take(key, one("fixed", 200, 1500), t0);
    assert.ok((await ttl(key)) <= 200);
    assert.equal((await store.take(key, one("fixed", 200, 1500), t0 + 1)).allowed, false);
    const blocked = await ttl(key);
    assert.ok(blocked > 1000 && blocked <= 1500, `PTTL ${blocked}`);
    await sleep(1600);
    assert.equal(await store.redis.exists(`${prefix}limit:${key}`), 0);
  });

  test("sliding and bucket keys hold every field and expire", async () => {
    for (const algorithm of ["sliding", "bucket"] as const) {
      const key = randomUUID();
      const t0 = Date.now();
      for (let i = 0; i < 4; i++) await store.take(key, one(algorithm, 100), t0 + i);
      assert.deepEqual(await fields(key), ["a1", "b1", "c1", "u"], algorithm);
      const left = await ttl(key);
      assert.ok(left > 0 && left <= 200, `${algorithm}: PTTL ${left}`);
      await sleep(250);
      assert.equal(await store.redis.exists(`${prefix}limit:${key}`), 0, algorithm);
    }
  });
});
