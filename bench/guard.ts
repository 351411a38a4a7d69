/**
 * The guards, measured three ways in one run.
 * 1. Per-request overhead of each guard on each store vs no guard: requests one
 *    after another through the guard chain to a handler that answers at once (so
 *    the guard is all that is measured), interleaved over rounds; median µs per
 *    request. Every request is new to the guard: a fresh idempotency key (begin,
 *    then complete), a fresh nonce, and a limit high enough never to refuse.
 * 2. Rate limiting on Express against the limiters a user would pick:
 *    express-rate-limit (with rate-limit-redis on Redis) and rate-limiter-flexible
 *    used directly, on the same store, every request admitted: requests per second
 *    with autocannon (in a process of its own), and the CPU time each request cost
 *    the server's process and Redis, which this machine's noise moves far less than
 *    req/s (±15%). Goal: errata ≥ 1.0× the faster peer, on memory and on Redis.
 *    errata without its headers is shown too: rate-limiter-flexible sends none.
 *    The same limiters are also timed as bare middleware: called with a minimal
 *    request and response, in memory, µs per request.
 * 3. The memory store's bytes per entry, from the heap before and after 100,000.
 * Redis runs when ERRATA_REDIS_URL names a server; the SQLite file is in the temp folder.
 */

import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express, { type Express, type RequestHandler } from "express";
import { rateLimit as expressRateLimit } from "express-rate-limit";
import { Redis } from "ioredis";
import { RedisStore as ExpressRedisStore, type RedisReply } from "rate-limit-redis";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import { idempotency, nodeGuard, rateLimit, replayGuard, runGuards } from "../src/guard/index.js";
import type { GuardStore } from "../src/guard/stores/contract.js";
import { MemoryStore } from "../src/guard/stores/memory.js";
import { RedisStore } from "../src/guard/stores/redis.js";
import { SqliteStore } from "../src/guard/stores/sqlite.js";
import type { Guard, GuardRequest, GuardResponse } from "../src/guard/types.js";
import { median } from "./compare.js";

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
    ip: "127.0.0.1",
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
    // One caller signs every request here: a quota above the run, still counted in the same claim.
    { name: `${kind}: replayGuard`, guard: replayGuard({ store, nonceQuota: big }) },
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

async function overhead(): Promise<void> {
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

/** A limit no request reaches. */
const HUGE = 1_000_000_000;
const PEER_ROUNDS = 5;
const PEER_SECONDS = 3;

type Build = () => RequestHandler;
export interface PeerCase {
  readonly name: string;
  /** errata's (judged by the goal), a peer's, or errata's shown for comparison only. */
  readonly side: "errata" | "peer" | "shown";
  readonly build: Build;
  /** Its store is Redis: Redis's CPU time counts too. */
  readonly redis?: boolean;
}

/** One run of a case: requests per second, and the CPU time a request cost the server (and Redis). */
interface PeerSample {
  readonly rps: number;
  readonly cpuUs: number;
}

/** autocannon in a process of its own, so that this process's CPU time is the server's alone. */
const LOAD = `
const autocannon = require("autocannon");
process.on("message", ({ url, seconds }) => {
  autocannon({ url, connections: 16, duration: seconds }, (error, r) => {
    process.send(error ? { error: String(error) } : { total: r.requests.total, average: r.requests.average, failed: r.non2xx + r.errors });
  });
});
process.on("disconnect", () => process.exit(0));
`;

type LoadResult = { error?: string; total: number; average: number; failed: number };

/** Redis's CPU time so far, in µs. */
async function redisCpuUs(redis: Redis): Promise<number> {
  const info = await redis.info("cpu");
  const seconds = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(info)?.[1] ?? Number.NaN);
  return (seconds("used_cpu_user") + seconds("used_cpu_sys")) * 1e6;
}

/** Express with one limiter before one route answering {"ok":true}: what each peer case serves. */
export function limitedApp(limiter: RequestHandler): Express {
  const app = express();
  app.use(limiter);
  app.get("/", (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}

async function rps(
  limiter: RequestHandler,
  seconds: number,
  load: ChildProcess,
  redis: Redis | undefined,
): Promise<PeerSample> {
  const server: Server = limitedApp(limiter).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const redisBefore = redis ? await redisCpuUs(redis) : 0;
    const cpu = process.cpuUsage();
    const done = once(load, "message") as Promise<[LoadResult]>;
    load.send({ url, seconds });
    const [result] = await done;
    const used = process.cpuUsage(cpu);
    const redisUsed = redis ? (await redisCpuUs(redis)) - redisBefore : 0;
    if (result.error !== undefined || result.failed > 0)
      throw new Error(`a request was refused or failed ${result.error ?? ""}`);
    return { rps: result.average, cpuUs: (used.user + used.system + redisUsed) / result.total };
  } finally {
    server.close();
  }
}

function flexible(limiter: RateLimiterAbstract): RequestHandler {
  return (req, res, next) => {
    limiter.consume(req.ip ?? "").then(
      () => next(),
      () => res.status(429).send("Too Many Requests"),
    );
  };
}

/** The limiters compared, errata's and its peers', on memory (and on Redis, given a client). */
export function peerCases(redis: Redis | undefined): PeerCase[] {
  const erl = { windowMs: 60_000, limit: HUGE, standardHeaders: "draft-8", legacyHeaders: false } as const;
  const cases: PeerCase[] = [
    {
      name: "memory: errata rateLimit fixed",
      side: "errata",
      build: () => nodeGuard(rateLimit({ limit: HUGE, windowMs: 60_000 })),
    },
    {
      name: "memory: errata rateLimit sliding",
      side: "errata",
      build: () => nodeGuard(rateLimit({ limit: HUGE, windowMs: 60_000, algorithm: "sliding" })),
    },
    {
      name: "memory: errata rateLimit fixed, no headers (as rate-limiter-flexible)",
      side: "shown",
      build: () => nodeGuard(rateLimit({ limit: HUGE, windowMs: 60_000, headers: "none" })),
    },
    { name: "memory: express-rate-limit", side: "peer", build: () => expressRateLimit(erl) },
    {
      name: "memory: rate-limiter-flexible",
      side: "peer",
      build: () => flexible(new RateLimiterMemory({ points: HUGE, duration: 60 })),
    },
  ];
  if (redis) {
    let n = 0;
    const prefix = () => `errata-bench:${Date.now()}:${++n}:`;
    const store = () => new RedisStore(redis, { prefix: prefix() });
    cases.push(
      {
        name: "redis: errata rateLimit fixed",
        side: "errata",
        redis: true,
        build: () => nodeGuard(rateLimit({ limit: HUGE, windowMs: 60_000, store: store() })),
      },
      {
        name: "redis: errata rateLimit sliding",
        side: "errata",
        redis: true,
        build: () => nodeGuard(rateLimit({ limit: HUGE, windowMs: 60_000, algorithm: "sliding", store: store() })),
      },
      {
        name: "redis: errata rateLimit fixed, no headers (as rate-limiter-flexible)",
        side: "shown",
        redis: true,
        build: () => nodeGuard(rateLimit({ limit: HUGE, windowMs: 60_000, headers: "none", store: store() })),
      },
      {
        name: "redis: express-rate-limit (rate-limit-redis)",
        side: "peer",
        redis: true,
        build: () =>
          expressRateLimit({
            ...erl,
            store: new ExpressRedisStore({
              prefix: prefix(),
              sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
            }),
          }),
      },
      {
        name: "redis: rate-limiter-flexible",
        side: "peer",
        redis: true,
        build: () =>
          flexible(new RateLimiterRedis({ storeClient: redis, points: HUGE, duration: 60, keyPrefix: prefix() })),
      },
    );
  }
  return cases;
}

async function peers(): Promise<void> {
  const url = process.env.ERRATA_REDIS_URL;
  const redis = url ? new Redis(url) : undefined;
  const cases = peerCases(redis);
  const load = fork("-e", [LOAD], { execArgv: [], stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const samples = new Map<string, PeerSample[]>(cases.map((c) => [c.name, []]));
  const measure = (c: PeerCase, seconds: number) => rps(c.build(), seconds, load, c.redis ? redis : undefined);
  for (const c of cases) await measure(c, 1); // warm-up
  for (let round = 0; round < PEER_ROUNDS; round++) {
    const order = round % 2 === 0 ? cases : [...cases].reverse();
    for (const c of order) samples.get(c.name)?.push(await measure(c, PEER_SECONDS));
  }
  load.disconnect();
  console.log(
    `\n## guard: rate limiting on Express (autocannon in its own process, 16 connections, ${PEER_ROUNDS} rounds of ${PEER_SECONDS} s, every request admitted)\n`,
  );
  if (!redis) console.log("(Redis not measured: set ERRATA_REDIS_URL to include it.)\n");
  console.log(
    "| case | req/s (median) | vs the faster peer | CPU µs a request (server + Redis) | vs the cheaper peer |\n|---|---:|---:|---:|---:|",
  );
  const of = (name: string, key: keyof PeerSample) => median((samples.get(name) ?? []).map((x) => x[key]));
  for (const store of ["memory", "redis"]) {
    const mine = cases.filter((c) => c.name.startsWith(`${store}:`));
    if (mine.length === 0) continue;
    const peersOf = mine.filter((c) => c.side === "peer");
    const fastest = Math.max(...peersOf.map((c) => of(c.name, "rps")));
    const cheapest = Math.min(...peersOf.map((c) => of(c.name, "cpuUs")));
    for (const c of mine) {
      const r = of(c.name, "rps");
      const cpu = of(c.name, "cpuUs");
      console.log(
        `| ${c.name} | ${Math.round(r).toLocaleString("en-US")} | ${(r / fastest).toFixed(2)}× | ${cpu.toFixed(1)} | ${(cheapest / cpu).toFixed(2)}× |`,
      );
    }
    const judged = mine.filter((c) => c.side === "errata");
    const worst = Math.min(...judged.map((c) => of(c.name, "rps") / fastest));
    const worstCpu = Math.min(...judged.map((c) => cheapest / of(c.name, "cpuUs")));
    console.log(
      `\ngoal (${store}): errata ≥ 1.00× the faster peer → ${worst.toFixed(2)}× in req/s, ${worstCpu.toFixed(2)}× in CPU a request: ${worst >= 1 && worstCpu >= 1 ? "met" : "MISSED"}\n`,
    );
  }
  await redis?.quit();
}

/** The limiters as bare middleware on a minimal request and response: what each adds to a request. */
export async function middlewareCost(): Promise<void> {
  const erl = expressRateLimit({ windowMs: 60_000, limit: HUGE, standardHeaders: "draft-8", legacyHeaders: false });
  const cases: [string, RequestHandler][] = [
    ["errata rateLimit fixed (IETF headers)", nodeGuard(rateLimit({ limit: HUGE, windowMs: 60_000 }))],
    ["express-rate-limit (draft-8 headers)", erl],
    ["rate-limiter-flexible (no headers)", flexible(new RateLimiterMemory({ points: HUGE, duration: 60 }))],
  ];
  const fake = () => {
    const headers: Record<string, string> = {};
    const req = {
      method: "GET",
      url: "/",
      headers: { host: "127.0.0.1" },
      socket: { remoteAddress: "127.0.0.1" },
      ip: "127.0.0.1",
      app: { get: () => false },
    };
    const res = {
      headersSent: false,
      setHeader: (name: string, value: string) => {
        headers[name] = value;
      },
      getHeader: (name: string) => headers[name],
      getHeaderNames: () => Object.keys(headers),
      append() {},
      on() {},
    };
    return [req, res] as unknown as Parameters<RequestHandler>;
  };
  const time = async (handler: RequestHandler, n: number) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const [req, res] = fake();
      await new Promise<void>((resolve, reject) => handler(req, res, (e?: unknown) => (e ? reject(e) : resolve())));
    }
    return Number(process.hrtime.bigint() - start) / 1000 / n;
  };
  const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  for (const [, handler] of cases) await time(handler, 20_000);
  for (let round = 0; round < 7; round++) {
    for (const [name, handler] of round % 2 === 0 ? cases : [...cases].reverse()) {
      samples.get(name)?.push(await time(handler, 50_000));
    }
  }
  console.log(
    "\n## guard: the limiters as bare middleware, memory store (µs per request, median of 7 rounds of 50,000)\n",
  );
  console.log("| case | µs per request |\n|---|---:|");
  for (const [name] of cases) console.log(`| ${name} | ${median(samples.get(name) ?? []).toFixed(2)} |`);
}

/** Heap bytes per entry of the memory store, for 100,000 entries of each kind. */
async function bytesPerKey(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const N = 100_000;
  const heap = () => {
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const response = { status: 201, headers: { "content-type": "application/json" }, body: "eyJpZCI6MX0=" };
  const kinds: [string, (store: MemoryStore, i: number, now: number) => Promise<unknown>][] = [
    [
      "idempotency key (finished, 12-byte body)",
      async (s, i, now) => {
        const key = `k-${i}-${"x".repeat(32)}`;
        await s.begin(key, "f".repeat(43), "t".repeat(36), 30_000, 86_400_000, now);
        await s.complete(key, "t".repeat(36), response, 86_400_000, now);
      },
    ],
    ["nonce", (s, i, now) => s.claimNonce(`n-${i}-${"x".repeat(32)}`, "POST /orders", 300_000, now)],
    [
      "rate-limit key (sliding window)",
      (s, i, now) =>
        s.take(
          `rl:${i}:203.0.113.${i % 256}`,
          { policies: [{ algorithm: "sliding", limit: 100, windowMs: 60_000 }], cost: 1, blockMs: 0 },
          now,
        ),
    ],
  ];
  console.log(
    `\n## guard: memory store, bytes per entry (${N.toLocaleString("en-US")} entries of each kind${gc ? "" : "; run node with --expose-gc for exact numbers"})\n`,
  );
  console.log("| entry | bytes per entry | 100,000 entries (the default maxEntries) |\n|---|---:|---:|");
  for (const [name, add] of kinds) {
    const store = new MemoryStore({ maxEntries: N });
    const before = heap();
    const now = Date.now();
    for (let i = 0; i < N; i++) await add(store, i, now);
    const bytes = (heap() - before) / N;
    console.log(`| ${name} | ${Math.round(bytes)} | ${((bytes * N) / 1024 / 1024).toFixed(1)} MiB |`);
    await store.close();
  }
}

export async function run(): Promise<void> {
  await overhead();
  await peers();
  await middlewareCost();
  await bytesPerKey();
}
