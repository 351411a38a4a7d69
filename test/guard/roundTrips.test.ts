/**
 * What each guard costs Redis in round trips, counted on the store's own client
 * (every command it sends, filtered to this test's key prefix): an idempotent
 * request is one round trip to begin and one to complete; its replay is one; a
 * rate-limited request is one, however many policies it has; a signed request is one.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import type { Command } from "ioredis";
import { guardFetch, idempotency, rateLimit, replayGuard } from "../../src/guard/index.js";
import { RedisStore } from "../../src/guard/stores/redis.js";
import { REDIS_URL, redisSkip } from "./stores.js";

test("round trips to Redis per request", { skip: redisSkip(), timeout: 30_000 }, async () => {
  const prefix = `errata-rt:${randomUUID()}:`;
  const store = new RedisStore(REDIS_URL ?? "", { prefix });
  const seen: string[] = [];
  // Every command the client writes to its socket passes here (no pipelining in the guards).
  const redis = store.redis as unknown as { sendCommand(command: Command): unknown };
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command: Command) => {
    if (command.args.some((a) => String(a).startsWith(prefix))) seen.push(command.name.toLowerCase());
    return send(command);
  };
  const settle = () => new Promise((r) => setTimeout(r, 200));
  const counted = async (run: () => Promise<void>) => {
    await settle();
    seen.length = 0;
    await run();
    await settle();
    return [...seen];
  };
  const address = { address: () => "192.0.2.1" };
  const orders = guardFetch(
    idempotency({ scope: () => "one-caller", store }),
    () => Response.json({ ok: true }, { status: 201 }),
    address,
  );
  const limited = guardFetch(
    rateLimit({
      store,
      policies: [
        { name: "second", limit: 1000, windowMs: 1000 },
        { name: "day", limit: 100_000, windowMs: 86_400_000, algorithm: "sliding" },
      ],
    }),
    () => Response.json({ ok: true }),
    address,
  );
  const signed = guardFetch(replayGuard({ store }), () => Response.json({ ok: true }), address);
  const post = (key: string) =>
    orders(new Request("http://x/orders", { method: "POST", headers: { "Idempotency-Key": key }, body: "{}" }));
  try {
    await post("warm-up"); // the scripts' first use loads them (EVALSHA, then EVAL after NOSCRIPT)
    await limited(new Request("http://x/"));
    await signed(new Request("http://x/", { headers: { "X-Nonce": "warm", "X-Timestamp": String(Date.now()) } }));

    const writes = await counted(async () => {
      for (let i = 0; i < 20; i++) assert.equal((await post(`k-${i}`)).status, 201);
    });
    assert.deepEqual([writes.length, new Set(writes)], [40, new Set(["evalsha"])]);
    const replays = await counted(async () => {
      for (let i = 0; i < 20; i++) assert.equal((await post(`k-${i}`)).headers.get("idempotent-replayed"), "true");
    });
    assert.equal(replays.length, 20);
    const limits = await counted(async () => {
      for (let i = 0; i < 20; i++) assert.equal((await limited(new Request("http://x/"))).status, 200);
    });
    assert.equal(limits.length, 20);
    const nonces = await counted(async () => {
      for (let i = 0; i < 20; i++) {
        const headers = { "X-Nonce": `n-${i}`, "X-Timestamp": String(Date.now()) };
        assert.equal((await signed(new Request("http://x/", { headers }))).status, 200);
      }
    });
    assert.equal(nonces.length, 20);
  } finally {
    await store.close();
  }
});
