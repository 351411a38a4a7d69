/**
 * Retry amplification: a local server on 127.0.0.1 is healthy, then answers 503 to
 * everything for a fixed window, then recovers. Callers start logical calls at a
 * steady rate throughout (open loop: a failing server does not slow the arrivals),
 * through errata's client, p-retry and ky, each with its defaults, one after the
 * other in the same run. Measured: requests reaching the server per call started
 * during the outage, and the time from recovery to the first success.
 * Goal: errata ≤ 1.1 requests per call during the outage, recovering no slower than the peers.
 *
 * Writes: a plain server that ignores Idempotency-Key runs every POST it receives
 * and answers 500 (its ledger is down). Each client makes the same POSTs with its
 * defaults; measured: POST executions per call within a bounded window.
 * Goal: errata 1.00, since a repeat would run the write again.
 */
import { setMaxListeners } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import ky from "ky";
import pRetry from "p-retry";
import { createClient } from "../src/client/index.js";
import { median } from "./compare.js";

const CALLERS = 20;
const PERIOD_MS = 100; // each caller starts a call every 100 ms: 200 calls/s in all
const HEALTHY_BEFORE_MS = 1000;
const OUTAGE_MS = 3000;
const HEALTHY_AFTER_MS = 4000; // long enough for a breaker's probe (5 s after it opened)
const SETTLE_MS = 10_000; // calls still pending this long after the last start are aborted

interface Result {
  readonly name: string;
  readonly requestsPerCall: number;
  readonly recoveryMs: number;
  readonly outageCalls: number;
  /** Calls started during the outage that succeeded in the end. */
  readonly outageSucceeded: number;
  readonly unfinished: number;
}

type Call = (url: string, signal: AbortSignal) => Promise<unknown>;

async function scenario(name: string, makeCall: () => Call): Promise<Result> {
  let downFrom = Number.POSITIVE_INFINITY;
  let downUntil = Number.POSITIVE_INFINITY;
  let requestsInOutage = 0;
  const server = createServer((_req, res) => {
    const now = performance.now();
    if (now >= downFrom && now < downUntil) {
      requestsInOutage++;
      res.writeHead(503, { "Content-Type": "text/plain" }).end("down");
    } else res.writeHead(200, { "Content-Type": "application/json" }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/work`;
  const call = makeCall();
  const abort = new AbortController();
  // Every call shares this signal; fetch itself leaves a listener on it per call.
  setMaxListeners(0, abort.signal);
  const start = performance.now();
  downFrom = start + HEALTHY_BEFORE_MS;
  downUntil = downFrom + OUTAGE_MS;
  const end = downUntil + HEALTHY_AFTER_MS;
  let firstSuccessAfterRecovery = Number.POSITIVE_INFINITY;
  let outageCalls = 0;
  let outageSucceeded = 0;
  let unfinished = 0;
  const pending: Promise<void>[] = [];
  const startCall = () => {
    const startedAt = performance.now();
    const inOutage = startedAt >= downFrom && startedAt < downUntil;
    if (inOutage) outageCalls++;
    pending.push(
      call(url, abort.signal).then(
        () => {
          const at = performance.now();
          if (at >= downUntil) firstSuccessAfterRecovery = Math.min(firstSuccessAfterRecovery, at);
          if (inOutage) outageSucceeded++;
        },
        () => {
          if (abort.signal.aborted) unfinished++;
        },
      ),
    );
  };
  // Callers, staggered across the period, each starting a call every PERIOD_MS until the end.
  const callers = Array.from({ length: CALLERS }, async (_, i) => {
    await sleep((PERIOD_MS / CALLERS) * i);
    for (let next = performance.now(); next < end; next += PERIOD_MS) {
      startCall();
      const wait = next + PERIOD_MS - performance.now();
      if (wait > 0) await sleep(wait);
    }
  });
  await Promise.all(callers);
  const settle = setTimeout(() => abort.abort(), SETTLE_MS);
  await Promise.all(pending);
  clearTimeout(settle);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    name,
    requestsPerCall: requestsInOutage / outageCalls,
    recoveryMs: firstSuccessAfterRecovery - downUntil,
    outageCalls,
    outageSucceeded,
    unfinished,
  };
}

const cases: [string, () => Call][] = [
  [
    "errata (defaults)",
    () => {
      const api = createClient();
      return (url, signal) => api.fetch(url, { signal }).then((r) => r.arrayBuffer());
    },
  ],
  [
    "errata (defaults + breaker)",
    () => {
      const api = createClient({ breaker: true });
      return (url, signal) => api.fetch(url, { signal }).then((r) => r.arrayBuffer());
    },
  ],
  [
    "p-retry (defaults)",
    () => (url, signal) =>
      pRetry(
        async () => {
          const res = await fetch(url, { signal });
          const body = await res.arrayBuffer();
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          return body;
        },
        { signal },
      ),
  ],
  ["ky (defaults)", () => (url, signal) => ky.get(url, { signal }).arrayBuffer()],
];

const ROUNDS = 3;

const WRITE_CALLS = 50;
const WRITE_WINDOW_MS = 5000; // calls still retrying then are aborted

type Post = (url: string, signal: AbortSignal) => Promise<unknown>;

/** POST executions per call against a plain server that answers every POST 500 after running it. */
async function writes(makePost: () => Post): Promise<number> {
  let executions = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      executions++;
      res.writeHead(500, { "Content-Type": "application/json" }).end('{"message":"ledger is down"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/transfers`;
  const post = makePost();
  const abort = new AbortController();
  setMaxListeners(0, abort.signal);
  const stop = setTimeout(() => abort.abort(), WRITE_WINDOW_MS);
  await Promise.all(Array.from({ length: WRITE_CALLS }, () => post(url, abort.signal).catch(() => undefined)));
  clearTimeout(stop);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return executions / WRITE_CALLS;
}

const BODY = JSON.stringify({ amount: 100, to: "acct-2" });
const postCases: [string, () => Post][] = [
  [
    "errata (defaults)",
    () => {
      const api = createClient();
      return (url, signal) => api.fetch(url, { method: "POST", body: BODY, signal });
    },
  ],
  [
    "p-retry (defaults)",
    () => (url, signal) =>
      pRetry(
        async () => {
          const res = await fetch(url, { method: "POST", body: BODY, signal });
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
        },
        { signal },
      ),
  ],
  ["ky (defaults)", () => (url, signal) => ky.post(url, { body: BODY, signal }).arrayBuffer()],
];

export async function run(): Promise<void> {
  const rounds = new Map<string, Result[]>(cases.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? cases : [...cases].reverse();
    for (const [name, make] of order) rounds.get(name)?.push(await scenario(name, make));
  }
  const interval = PERIOD_MS / CALLERS;
  console.log(
    `\n## retry amplification: ${CALLERS} callers, ${(CALLERS * 1000) / PERIOD_MS} calls/s, 503 for ${OUTAGE_MS} ms (median of ${ROUNDS} rounds)\n`,
  );
  console.log(
    "| client | requests per call during the outage | recovery: first success after it (ms) | outage calls that succeeded | unfinished after 10 s |",
  );
  console.log("|---|---:|---:|---:|---:|");
  const summary = cases.map(([name]) => {
    const rs = rounds.get(name) ?? [];
    const row = {
      name,
      requestsPerCall: median(rs.map((r) => r.requestsPerCall)),
      recoveryMs: median(rs.map((r) => r.recoveryMs)),
      outageSucceeded: median(rs.map((r) => r.outageSucceeded / r.outageCalls)),
      unfinished: Math.max(...rs.map((r) => r.unfinished)),
    };
    console.log(
      `| ${name} | ${row.requestsPerCall.toFixed(2)} | ${row.recoveryMs.toFixed(0)} | ${(row.outageSucceeded * 100).toFixed(0)}% | ${row.unfinished} |`,
    );
    return row;
  });
  console.log(
    `\n## writes to a plain server that ignores Idempotency-Key: ${WRITE_CALLS} POSTs, every one answered 500 after it ran (window ${WRITE_WINDOW_MS} ms)\n`,
  );
  console.log("| client | POST executions per call |");
  console.log("|---|---:|");
  const executions = new Map<string, number>();
  for (const [name, make] of postCases) {
    const perCall = await writes(make);
    executions.set(name, perCall);
    console.log(`| ${name} | ${perCall.toFixed(2)} |`);
  }
  const errataWrites = executions.get("errata (defaults)") ?? Number.NaN;
  console.log(
    `\ngoal: errata 1.00 POST executions per call → ${errataWrites.toFixed(2)} ${errataWrites === 1 ? "met" : "MISSED"}`,
  );
  const errata = summary[0];
  const peers = summary.slice(2);
  if (!errata) return;
  const slowestPeer = Math.max(...peers.map((p) => p.recoveryMs));
  console.log(
    `\ngoal: errata ≤ 1.10 requests per call → ${errata.requestsPerCall.toFixed(2)} ${errata.requestsPerCall <= 1.1 ? "met" : "MISSED"}`,
  );
  // Calls arrive every `interval` ms, so recovery times are only known to that resolution.
  const recovered = errata.recoveryMs <= slowestPeer + interval;
  console.log(
    `goal: recovery no slower than the peers (to the ${interval} ms between arrivals) → errata ${errata.recoveryMs.toFixed(0)} ms, slowest peer ${slowestPeer.toFixed(0)} ms ${recovered ? "met" : "MISSED"}`,
  );
}
