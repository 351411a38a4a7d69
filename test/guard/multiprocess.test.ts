/**
 * Four server processes on one store, Redis, a Redis Cluster and SQLite alike: the same
 * idempotency key sent 1,000 times at once runs the handler exactly once and every
 * caller gets the same response; one rate limit admits exactly its limit; a process
 * killed mid-request keeps its key until the lease lapses, then the retry runs once.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { runsOf, startWorker } from "../workers.js";
import { clusterSkip, REDIS_CLUSTER, REDIS_URL, redisSkip, sqliteFile } from "./stores.js";

const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));

interface Worker {
  readonly child: ChildProcess;
  readonly base: string;
}

async function start(kind: string, target: string, prefix: string): Promise<Worker> {
  const { child, port } = await startWorker(WORKER, [kind, target, prefix]);
  return { child, base: `http://127.0.0.1:${port}` };
}

async function totalRuns(workers: Worker[]): Promise<number> {
  let sum = 0;
  for (const w of workers) if (w.child.connected) sum += await runsOf(w.child);
  return sum;
}

const cases = [
  { kind: "redis", skip: redisSkip(), target: () => REDIS_URL ?? "" },
  { kind: "redis-cluster", skip: clusterSkip(), target: () => (REDIS_CLUSTER ?? []).join(",") },
  { kind: "sqlite", skip: undefined, target: () => sqliteFile() },
];

for (const c of cases) {
  describe(`4 processes sharing ${c.kind}`, { skip: c.skip }, () => {
    let workers: Worker[] = [];
    before(async () => {
      // A prefix of this run's own: nothing left by an earlier run is found.
      const prefix = `errata-mp:${randomUUID()}:`;
      const target = c.target();
      workers = await Promise.all([0, 1, 2, 3].map(() => start(c.kind, target, prefix)));
    });
    after(() => {
      for (const w of workers) if (w.child.connected) w.child.send({ type: "stop" });
    });

    test("1,000 concurrent requests with one idempotency key: one run, one response for all", async () => {
      const key = randomUUID();
      const responses = await Promise.all(
        Array.from({ length: 1000 }, async (_, i) => {
          const w = workers[i % workers.length] as Worker;
          const res = await fetch(`${w.base}/orders`, {
            method: "POST",
            headers: { "Content-Type": "application/json", "Idempotency-Key": key },
            body: JSON.stringify({ sku: "A-1" }),
          });
          return { status: res.status, body: await res.text() };
        }),
      );
      assert.equal(await totalRuns(workers), 1);
      const statuses = new Set(responses.map((r) => r.status));
      const bodies = new Set(responses.map((r) => r.body));
      assert.deepEqual([...statuses], [201]);
      assert.equal(bodies.size, 1);
    });

    test("one rate limit across the processes admits exactly its limit", async () => {
      const results = await Promise.all(
        Array.from({ length: 400 }, async (_, i) => {
          const w = workers[i % workers.length] as Worker;
          const res = await fetch(`${w.base}/limited`);
          await res.arrayBuffer();
          return res.status;
        }),
      );
      assert.equal(results.filter((s) => s === 200).length, 50);
      assert.equal(results.filter((s) => s === 429).length, 350);
    });

    test("a process killed mid-request: its key waits out the lease, then one retry runs", async () => {
      const key = randomUUID();
      const [victim, ...rest] = workers as [Worker, ...Worker[]];
      const running = new Promise<void>((resolve) =>
        victim.child.on("message", (m: { type: string }) => m.type === "running" && resolve()),
      );
      const init = (hang: boolean): RequestInit => ({
        method: "POST",
        headers: { "Idempotency-Key": key, ...(hang ? { "X-Hang": "1" } : {}) },
        body: "{}",
      });
      fetch(`${victim.base}/crash`, init(true)).catch(() => undefined);
      await running;
      victim.child.kill("SIGKILL");
      const runsBefore = await totalRuns(rest);
      const startedAt = Date.now();
      const retries = await Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          const w = rest[i % rest.length] as Worker;
          const res = await fetch(`${w.base}/crash`, init(false));
          return { status: res.status, body: await res.text() };
        }),
      );
      // Nobody ran before the lease (1.5 s, renewed until the kill) lapsed.
      assert.ok(Date.now() - startedAt >= 1000, `retries finished after ${Date.now() - startedAt} ms`);
      assert.equal((await totalRuns(rest)) - runsBefore, 1);
      assert.ok(retries.every((r) => r.status === 200 && r.body === retries[0]?.body));
    });
  });
}
