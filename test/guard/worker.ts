/**
 * A server process for the multi-process tests: Hono on 127.0.0.1 with the guards
 * on a shared store (Redis or a SQLite file). It tells its parent its port, counts
 * the handler's runs, and reports them when asked.
 *   node --import tsx worker.ts <redis|redis-cluster|sqlite> <url|urls,…|file> <key prefix>
 */
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { honoGuard, idempotency, rateLimit } from "../../src/guard/index.js";
import type { GuardStore } from "../../src/guard/stores/contract.js";
import { answerParent, workerStore } from "../workers.js";

const store: GuardStore = workerStore(process.argv.slice(2), "errata-mp:");

let runs = 0;
const app = new Hono();
app.use(
  "/orders",
  honoGuard(
    idempotency({ scope: () => "one-caller", store, concurrent: "wait", waitMs: 30_000, storeTimeoutMs: 10_000 }),
  ),
);
app.post("/orders", async (c) => {
  runs++;
  await new Promise((r) => setTimeout(r, 100));
  return c.json({ order: crypto.randomUUID(), by: process.pid }, 201);
});
app.use(
  "/crash",
  honoGuard(idempotency({ scope: () => "one-caller", store, leaseMs: 1500, concurrent: "wait", waitMs: 10_000 })),
);
app.post("/crash", async (c) => {
  runs++;
  if (c.req.header("X-Hang")) {
    process.send?.({ type: "running" });
    await new Promise(() => {}); // until the process is killed
  }
  return c.json({ done: crypto.randomUUID(), by: process.pid });
});
app.use(
  "/limited",
  honoGuard(
    rateLimit({ store, limit: 50, windowMs: 30_000, key: () => "everyone", policy: "mp", storeTimeoutMs: 10_000 }),
  ),
);
app.get("/limited", (c) => c.json({ ok: true }));

const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
answerParent(server, () => runs, store);
