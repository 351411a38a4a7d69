/**
 * A SQLite file locked by another process never freezes the server. Another
 * process holds BEGIN EXCLUSIVE for 20 s; meanwhile the server answers a route that
 * never touches the store, guarded requests get STORE_UNAVAILABLE within the
 * guard's store timeout, and the event loop's delay stays under 50 ms. Once the
 * lock is gone, guarded requests run again.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { test } from "node:test";
import express from "express";
import { idempotency, nodeGuard } from "../../src/guard/index.js";
import { SqliteStore } from "../../src/guard/stores/sqlite.js";
import { sqliteFile } from "./stores.js";

const HOLD_MS = 20_000;
const STORE_TIMEOUT_MS = 2000;

/** Another process that takes the write lock, says so, and holds it for `ms`. */
function locker(file: string, ms: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      "-e",
      `const db = require("better-sqlite3")(${JSON.stringify(file)});
       db.exec("BEGIN EXCLUSIVE");
       console.log("locked");
       setTimeout(() => { db.exec("COMMIT"); db.close(); }, ${ms});`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    child.stdout?.once("data", () => resolve(child));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the locking process exited (${code})`)));
  });
}

test("another process holding BEGIN EXCLUSIVE for 20 s: no event-loop stall, STORE_UNAVAILABLE in time", async () => {
  const file = sqliteFile();
  const store = new SqliteStore(file);
  const app = express();
  app.get("/health", (_req, res) => {
    res.json({ ok: true });
  });
  app.use(
    express.json(),
    nodeGuard(idempotency({ scope: () => "one-caller", store, storeTimeoutMs: STORE_TIMEOUT_MS })),
  );
  app.post("/orders", (_req, res) => {
    res.status(201).json({ ok: true });
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let n = 0;
  const order = async () => {
    const started = Date.now();
    const res = await fetch(`${base}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": `k-${++n}` },
      body: JSON.stringify({ n }),
    });
    const text = await res.text();
    return { status: res.status, text, ms: Date.now() - started };
  };
  try {
    const child = await locker(file, HOLD_MS);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = Date.now();
    const orders: Promise<{ status: number; text: string; ms: number }>[] = [];
    const health: number[] = [];
    while (Date.now() - started < HOLD_MS - 3000) {
      orders.push(order());
      const t = Date.now();
      const res = await fetch(`${base}/health`);
      await res.arrayBuffer();
      health.push(Date.now() - t);
      await new Promise((r) => setTimeout(r, 250));
    }
    const refused = await Promise.all(orders);
    delay.disable();
    const maxDelayMs = delay.max / 1e6;
    console.log(
      `# ${orders.length} guarded requests, ${health.length} health checks while locked; ` +
        `event-loop delay max ${maxDelayMs.toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms; ` +
        `slowest refusal ${Math.max(...refused.map((r) => r.ms))} ms; slowest health ${Math.max(...health)} ms`,
    );
    assert.ok(maxDelayMs < 50, `event-loop delay reached ${maxDelayMs} ms`);
    assert.ok(Math.max(...health) < 200, `a route without the store waited ${Math.max(...health)} ms`);
    for (const r of refused) {
      assert.equal(r.status, 503);
      assert.match(r.text, /STORE_UNAVAILABLE/);
      assert.ok(r.ms <= STORE_TIMEOUT_MS + 500, `a refusal took ${r.ms} ms`);
    }
    await exited;
    const after = await order();
    assert.equal(after.status, 201);
  } finally {
    server.close();
    await store.close();
  }
});
