/**
 * The two goals this machine's noise cannot settle by the clock, counted in
 * instructions: errata/client's happy path against raw fetch (issue 13), and
 * errata's rate limit on Express against rate-limiter-flexible and
 * express-rate-limit on the memory store (issue 15).
 *
 * Each case runs under valgrind's cachegrind without cache simulation, which counts
 * every instruction the process executes: the same work gives nearly the same
 * count whatever else the machine is doing. It runs twice, once for a warm-up of W
 * requests and once for W + N; the difference over N is what one request costs
 * once warm (start-up, loading and most of the JIT cancel out). A count still
 * moves with the run's length (whether a major GC or a compile falls inside it):
 * at these lengths two rounds agree within 1–3%, where the clock moves ±10%. Two
 * rounds, both shown; about 35 minutes in all. Only the measured process is
 * counted: the server for the limiters (its load comes from autocannon in this
 * process) and the client for the clients (its server is a child process, which
 * valgrind does not follow). Redis is left out: guard.ts measures its side.
 *
 * Needs valgrind (Debian: apt-get install valgrind); without it this benchmark fails.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { build } from "esbuild";
import { median } from "./compare.js";

const ROUNDS = 2;
const here = fileURLToPath(new URL(".", import.meta.url));
/** Inside the project, so that the bundles' packages resolve from its node_modules. */
const out = join(here, "..", "node_modules", ".cache", "errata-bench");

const LIMITERS = {
  judged: ["memory: errata rateLimit fixed", "memory: errata rateLimit sliding"],
  shown: ["memory: errata rateLimit fixed, no headers (as rate-limiter-flexible)"],
  peers: ["memory: express-rate-limit", "memory: rate-limiter-flexible"],
};
const CLIENTS = {
  raw: "fetch + response.json()",
  shown: ["fetch + response.json(), 30 s timeout"],
  judged: ["errata api.json()", "errata api.json(), timeout: false"],
};

/** valgrind's count of the instructions a finished process executed. */
function instructionsOf(stderr: string): number {
  const found = /I\s+refs:\s+([\d,]+)/.exec(stderr)?.[1];
  if (found === undefined) throw new Error(`valgrind printed no instruction count:\n${stderr.slice(-2000)}`);
  return Number(found.replaceAll(",", ""));
}

const VALGRIND = ["--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", process.execPath];

/** The instructions of a client process making `n` calls. */
function clientRun(name: string, n: number): number {
  const run = spawnSync("valgrind", [...VALGRIND, join(out, "call.mjs"), name, String(n)], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`the client run failed:\n${run.stderr.slice(-2000)}`);
  return instructionsOf(run.stderr);
}

/** The instructions of a server process answering each amount of requests in turn, from 4 connections. */
async function serverRun(name: string, amounts: readonly number[]): Promise<number> {
  const child = spawn("valgrind", [...VALGRIND, join(out, "serve.mjs"), name], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const found = /PORT (\d+)/.exec(stdout)?.[1];
      if (found) resolve(Number(found));
    });
    child.once("exit", () => reject(new Error(`the server exited before listening:\n${stderr.slice(-2000)}`)));
  });
  for (const amount of amounts) {
    const result = await autocannon({ url: `http://127.0.0.1:${port}/`, connections: 4, amount });
    if (result.non2xx + result.errors > 0) throw new Error(`${name}: a request was refused or failed`);
  }
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  return instructionsOf(stderr);
}

/** Instructions a request, once warm: rounds of (warm-up + N) − (warm-up alone), over N. */
async function perRequest(count: (more: number) => Promise<number>, more: number): Promise<number[]> {
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const base = await count(0);
    samples.push(((await count(more)) - base) / more);
  }
  return samples;
}

function row(name: string, samples: number[], ratio: number): string {
  const k = (x: number) => `${Math.round(x / 1000).toLocaleString("en-US")}k`;
  return `| ${name} | ${k(median(samples))} | ${k(Math.min(...samples))}–${k(Math.max(...samples))} | ${ratio.toFixed(3)}× |`;
}

export async function run(): Promise<void> {
  if (spawnSync("valgrind", ["--version"]).status !== 0)
    throw new Error("bench/instructions needs valgrind on the PATH (Debian: apt-get install valgrind)");
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(here, "instructions", "serve.ts"), join(here, "instructions", "call.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outdir: out,
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
  });

  const limiters = [...LIMITERS.judged, ...LIMITERS.shown, ...LIMITERS.peers];
  const served = new Map<string, number[]>();
  for (const name of limiters) {
    served.set(name, await perRequest((more) => serverRun(name, more === 0 ? [2000] : [2000, more]), 8000));
  }
  const cheapest = Math.min(...LIMITERS.peers.map((name) => median(served.get(name) ?? [])));
  console.log(
    `\n## instructions: rate limiting on Express, memory store (the server's instructions a request under valgrind, ${ROUNDS} rounds of 2,000 + 8,000 requests)\n`,
  );
  console.log("| case | instructions a request | rounds | the cheaper peer's ÷ this |\n|---|---:|---:|---:|");
  for (const name of limiters) {
    const samples = served.get(name) ?? [];
    console.log(row(name, samples, cheapest / median(samples)));
  }
  const worst = Math.min(...LIMITERS.judged.map((name) => cheapest / median(served.get(name) ?? [])));
  console.log(
    `\ngoal (memory): errata ≥ 1.00× the cheaper peer → ${worst.toFixed(3)}×: ${worst >= 1 ? "met" : "MISSED"}`,
  );

  const clients = [CLIENTS.raw, ...CLIENTS.shown, ...CLIENTS.judged];
  const called = new Map<string, number[]>();
  for (const name of clients) called.set(name, await perRequest(async (more) => clientRun(name, 500 + more), 1500));
  const raw = median(called.get(CLIENTS.raw) ?? []);
  console.log(
    `\n## instructions: client happy path (the client's instructions a call under valgrind, ${ROUNDS} rounds of 500 + 1,500 calls)\n`,
  );
  console.log("| client | instructions a call | rounds | × raw fetch |\n|---|---:|---:|---:|");
  for (const name of clients) {
    const samples = called.get(name) ?? [];
    console.log(row(name, samples, median(samples) / raw));
  }
  const verdict = (name: string) => {
    const ratio = median(called.get(name) ?? []) / raw;
    return `${ratio.toFixed(3)}× (${ratio <= 1.05 ? "met" : "MISSED"})`;
  };
  console.log(
    `\ngoal: errata ≤ 1.05× raw fetch → ${verdict(CLIENTS.judged[0] as string)} with its default timeout, ${verdict(CLIENTS.judged[1] as string)} with timeout: false`,
  );
}
