/** A retry budget shared through Redis: two clients (as two processes would) draw on one bucket. */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createClient } from "../../src/client/index.js";
import { RedisStore } from "../../src/guard/stores/redis.js";
import { REDIS_URL, redisSkip } from "../guard/stores.js";
import { raw, type Scripted, scriptedServer } from "./scripted.js";

describe("a retry budget shared through Redis", { skip: redisSkip() }, () => {
  let server: Scripted;
  const stores: RedisStore[] = [];
  before(async () => {
    server = await scriptedServer();
  });
  after(async () => {
    await server.close();
    for (const s of stores) await s.close();
  });

  test("two clients on two connections spend one bucket: 3 retries in all while the server is down", async () => {
    const name = randomUUID();
    const clients = [0, 1].map(() => {
      const store = new RedisStore(REDIS_URL ?? "", { prefix: "errata-test:" });
      stores.push(store);
      return createClient({
        baseUrl: server.url,
        retry: { baseDelayMs: 1 },
        budget: store.retryBudget(name, { capacity: 3, ratio: 0.5 }),
      });
    });
    server.script("/down", raw(503, ""));
    for (let i = 0; i < 6; i++) await assert.rejects(clients[i % 2]?.fetch("/down") ?? Promise.reject());
    assert.equal(server.hits("/down").length, 6 + 3);
    // Successes on one client earn retries for the other.
    server.script("/up", raw(200, "ok"));
    for (let i = 0; i < 2; i++) await clients[0]?.fetch("/up");
    assert.equal(await clients[1]?.budget?.tryRetry(), true);
    assert.equal(await clients[1]?.budget?.tryRetry(), false);
  });
});
