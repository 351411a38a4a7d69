/**
 * Idempotent tool calls across four server processes on one store, Redis, a Redis
 * Cluster and SQLite alike: each key sent to all four at once, by errata's caller,
 * runs the tool exactly once, and every caller gets that run's result.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { callTool } from "../../src/mcp/index.js";
import { clusterSkip, REDIS_CLUSTER, REDIS_URL, redisSkip, sqliteFile } from "../guard/stores.js";
import { runsOf, startWorker } from "../workers.js";

const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));

async function start(kind: string, target: string, prefix: string): Promise<{ child: ChildProcess; url: URL }> {
  const { child, port } = await startWorker(WORKER, [kind, target, prefix]);
  return { child, url: new URL(`http://127.0.0.1:${port}/mcp`) };
}

const cases = [
  { kind: "redis", skip: redisSkip(), target: () => REDIS_URL ?? "" },
  { kind: "redis-cluster", skip: clusterSkip(), target: () => (REDIS_CLUSTER ?? []).join(",") },
  { kind: "sqlite", skip: undefined, target: () => sqliteFile() },
];

for (const c of cases) {
  test(`${c.kind}: 4 processes, 4 keys each sent to all four at once: 4 runs, one result per key`, {
    skip: c.skip,
  }, async () => {
    const target = c.target();
    const prefix = `errata-mcp-${randomUUID()}:`;
    const workers = await Promise.all(Array.from({ length: 4 }, () => start(c.kind, target, prefix)));
    const clients: Client[] = [];
    try {
      for (const w of workers) {
        const client = new Client({ name: "agent", version: "1.0.0" });
        await client.connect(new StreamableHTTPClientTransport(w.url));
        clients.push(client);
      }
      for (let k = 0; k < 4; k++) {
        const args = { decision_id: `d${k}`, idempotency_key: `key-${k}` };
        const results = await Promise.all(
          clients.map((client) => callTool(client, "decision_write", args, { retry: { attempts: 10 } })),
        );
        const texts = new Set(results.map((r) => JSON.stringify(r.content)));
        assert.equal(texts.size, 1, `key-${k}: ${[...texts].join(" | ")}`);
      }
      let runs = 0;
      for (const w of workers) runs += await runsOf(w.child);
      assert.equal(runs, 4);
    } finally {
      for (const client of clients) await client.close();
      for (const w of workers) w.child.send({ type: "stop" });
    }
  });
}
