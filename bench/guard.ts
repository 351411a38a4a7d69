/**
 * Per-request overhead of each guard on each store vs no guard, in one run. Each
 * case sends requests one after another through the guard chain to a handler that
 * answers at once (so the guard is all that is measured), interleaved over rounds;
 * the table gives the median µs per request and the overhead over no guard. Redis
 * runs when ERRATA_REDIS_URL names a server; the SQLite file is in the temp folder.
 * Every request is new to the guard: a fresh idempotency key (begin, then complete),
 * a fresh nonce, and a limit high enough never to refuse.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { idempotency, rateLimit, replayGuard, runGuards } from "../src/guard/index.js";
import type { GuardStore } from "../src/guard/stores/contract.js";
import { MemoryStore } from "../src/guard/stores/memory.js";
import { RedisStore } from "../src/guard/stores/redis.js";
import { SqliteStore } from "../src/guard/stores/sqlite.js";
import type { Guard, GuardRequest, GuardResponse } from "../src/guard/types.js";

const ROUNDS = 5;
const REQUESTS = 2000;
const body = new TextEncoder().encode('{"sku":"A-1","quantity":2}');
const answer: GuardResponse = { status: 201, headers: { "content-type": "application/json" }, body };

let counter = 0;
function request(): GuardRequest {
  counter++;
  return {
    method: "POST",
    path: "/orders",
    body,
    headers: {
      "idempotency-key": `key-${process.pid}-${counter}-${Date.now()}`,
      "x-nonce": `nonce-${process.pid}-${counter}-${Date.now()}`,
      "x-timestamp": String(Date.now()),
      "x-api-key": "bench",
    },
  };
}

type Case = { name: string; guard?: Guard };

function casesFor(kind: string, store: GuardStore): Case[] {
  const big = 1_000_000_000;
  return [
    { name: `${kind}: idempotency`, guard: idempotency({ store }) },
    { name: `${kind}: rateLimit fixed`, guard: rateLimit({ store, limit: big, windowMs: 3_600_000, policy: kind }) },
    {
      name: `${kind}: rateLimit sliding`,
      guard: rateLimit({ store, limit: big, windowMs: 3_600_000, algorithm: "sliding" }),
    },
    {
      name: `${kind}: rateLimit bucket`,
      guard: rateLimit({ store, limit: big, windowMs: 3_600_000, algorithm: "bucket" }),
    },
    { name: `${kind}: replayGuard`, guard: replayGuard({ store }) },
  ];
}

async function time(c: Case, n: number): Promise<number> {
  const handler = async () => answer;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const out = c.guard ? await runGuards([c.guard], request(), handler) : await handler();
    if (out.status !== 201) throw new Error(`${c.name}: unexpected status ${out.status}`);
  }
  return Number(process.hrtime.bigint() - start) / 1000 / n;
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;
}

export async function run(): Promise<void> {
  const stores: [string, GuardStore][] = [
    ["memory", new MemoryStore()],
    ["sqlite", new SqliteStore(join(mkdtempSync(join(tmpdir(), "errata-bench-")), "guard.db"))],
  ];
  const redisUrl = process.env.ERRATA_REDIS_URL;
  if (redisUrl) stores.push(["redis", new RedisStore(redisUrl, { prefix: `errata-bench:${Date.now()}:` })]);
  const cases: Case[] = [{ name: "no guard" }, ...stores.flatMap(([kind, store]) => casesFor(kind, store))];
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (const c of cases) await time(c, 200); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? cases : [...cases].reverse();
    for (const c of order) samples.get(c.name)?.push(await time(c, REQUESTS));
  }
  const base = median(samples.get("no guard") ?? []);
  console.log(`\n## guard: per-request overhead (${REQUESTS} sequential requests, median of ${ROUNDS} rounds)\n`);
  if (!redisUrl) console.log("(Redis not measured: set ERRATA_REDIS_URL to include it.)\n");
  console.log("| case | µs per request | overhead vs no guard (µs) |\n|---|---:|---:|");
  for (const c of cases) {
    const us = median(samples.get(c.name) ?? []);
    console.log(`| ${c.name} | ${us.toFixed(1)} | ${c.guard ? (us - base).toFixed(1) : "—"} |`);
  }
  for (const [, store] of stores) await store.close();
}
