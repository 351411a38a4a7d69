/**
 * On a Redis Cluster the store's keys land on every node, and each operation still
 * runs as one script on the node that holds its key (the contract, property and
 * 4-process tests run on the cluster too: contract.test.ts, algorithms.test.ts,
 * multiprocess.test.ts).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import type { Cluster } from "ioredis";
import type { GuardStore } from "../../src/guard/stores/contract.js";
import { RedisStore } from "../../src/guard/stores/redis.js";
import { clusterSkip, REDIS_CLUSTER } from "./stores.js";

test("keys spread over the cluster's nodes; each node answers for its own", { skip: clusterSkip() }, async () => {
  const prefix = `errata-spread:${randomUUID()}:`;
  const store = new RedisStore(REDIS_CLUSTER ?? [], { prefix });
  try {
    const now = Date.now();
    for (let i = 0; i < 60; i++) {
      assert.equal((await store.begin(`k${i}`, "fp", "t", 10_000, 60_000, now)).state, "acquired");
      assert.equal(await (store as GuardStore).claimNonce(`n${i}`, "POST /a", 60_000, now), "new");
    }
    const nodes = (store.redis as Cluster).nodes("master");
    assert.equal(nodes.length, 3);
    const counts = await Promise.all(nodes.map(async (node) => (await node.keys(`${prefix}*`)).length));
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      120,
    );
    assert.ok(
      counts.every((n) => n > 0),
      `keys per node: ${counts.join(", ")}`,
    );
  } finally {
    await store.close();
  }
});
