/**
 * Happy-path overhead of errata/client: `api.json(path)` against a plain
 * `fetch(url)` + `response.json()`, and ky's `ky.get(url).json()` as the peer, all
 * against one local server on 127.0.0.1 answering a small JSON body, in one run.
 * The server runs in a child process, as a real server would run apart from its
 * clients, so the client's own work is what differs. Rounds alternate the order;
 * each case is compared with raw fetch in the same round, by wall clock and by this
 * process's CPU time, and the table gives the median ratio over the rounds and the
 * middle half of them.
 * Goal: errata ≤ 1.05× raw fetch. errata is timed with its default 30 s attempt
 * timeout and with `timeout: false`: a timeout needs an AbortSignal, and passing
 * one to Node 20's fetch costs undici about 25 µs a call whether it fires or not.
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import ky from "ky";
import { createClient } from "../src/client/index.js";
import { median } from "./compare.js";

const CALLS = 2000;
const ROUNDS = 15;
/** The server: one small JSON body for every request; it reports its port, and stops when its parent goes. */
const SERVER = `
const body = JSON.stringify({ id: 42, name: "octo", tags: ["a", "b"], ok: true });
const server = require("node:http").createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) }).end(body);
});
server.listen(0, "127.0.0.1", () => process.send(server.address().port));
process.on("disconnect", () => process.exit(0));
`;

type Call = (url: string) => Promise<unknown>;

/** µs per call: wall clock, and this process's CPU (the client's own work, less exposed to the machine's noise). */
async function timeCalls(call: Call, url: string): Promise<{ wall: number; cpu: number }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) await call(url);
  const used = process.cpuUsage(cpu);
  return { wall: ((performance.now() - start) * 1000) / CALLS, cpu: (used.user + used.system) / CALLS };
}

/** The clients compared, each a call of one URL. */
export function clientCases(): [string, Call][] {
  const api = createClient();
  // No attempt timeout: fetch gets no AbortSignal, whose bookkeeping in undici is most of the default's cost.
  const untimed = createClient({ timeout: false });
  const kyClient = ky.create({ retry: 2 });
  return [
    ["fetch + response.json()", (u) => fetch(u).then((r) => r.json())],
    // The same with the safety errata's default has: a signal that a 30 s timer aborts.
    [
      "fetch + response.json(), 30 s timeout",
      async (u) => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 30_000);
        try {
          return await fetch(u, { signal: controller.signal }).then((r) => r.json());
        } finally {
          clearTimeout(timer);
        }
      },
    ],
    ["errata api.json()", (u) => api.json(u)],
    ["errata api.json(), timeout: false", (u) => untimed.json(u)],
    ["ky .json()", (u) => kyClient.get(u).json()],
  ];
}

/** The server, in a child process: the URL every case calls, and how to stop it. */
export async function startServer(): Promise<{ url: string; stop: () => void }> {
  const server = fork("-e", [SERVER], { execArgv: [], stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const [port] = (await once(server, "message")) as [number];
  return { url: `http://127.0.0.1:${port}/repos/1`, stop: () => server.disconnect() };
}

export async function run(): Promise<void> {
  const { url, stop } = await startServer();
  const cases = clientCases();

  // Warm up every path (connections, JIT) before measuring.
  for (const [, call] of cases) await timeCalls(call, url);
  const times = new Map<string, { wall: number; cpu: number }[]>(cases.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? cases : [...cases].reverse();
    for (const [name, call] of order) times.get(name)?.push(await timeCalls(call, url));
  }
  stop();
  const raw = times.get(cases[0]?.[0] ?? "") ?? [];
  const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)] ?? 0;
  console.log(`\n## client happy path: ${CALLS} sequential GETs per round, ${ROUNDS} rounds\n`);
  console.log(
    "| client | wall µs per call | × raw fetch (middle half of the rounds) | client CPU µs per call | × raw fetch (middle half) |",
  );
  console.log("|---|---:|---:|---:|---:|");
  const ratioOf = new Map<string, { wall: number; cpu: number }>();
  for (const [name] of cases) {
    const t = times.get(name) ?? [];
    const column = (of: "wall" | "cpu") => {
      const ratios = t.map((x, i) => x[of] / (raw[i]?.[of] ?? Number.NaN));
      const spread = `${quantile(ratios, 0.25).toFixed(2)}–${quantile(ratios, 0.75).toFixed(2)}`;
      return {
        ratio: median(ratios),
        text: `${median(t.map((x) => x[of])).toFixed(1)} | ${median(ratios).toFixed(2)}× (${spread})`,
      };
    };
    const wall = column("wall");
    const cpu = column("cpu");
    ratioOf.set(name, { wall: wall.ratio, cpu: cpu.ratio });
    console.log(`| ${name} | ${wall.text} | ${cpu.text} |`);
  }
  const verdict = (name: string) => {
    const r = ratioOf.get(name) ?? { wall: Number.NaN, cpu: Number.NaN };
    const met = r.wall <= 1.05 && r.cpu <= 1.05;
    return `${r.wall.toFixed(2)}× wall, ${r.cpu.toFixed(2)}× CPU: ${met ? "met" : "MISSED"}`;
  };
  console.log(
    `\ngoal: errata ≤ 1.05× raw fetch → ${verdict("errata api.json()")} with its default timeout; ${verdict("errata api.json(), timeout: false")} without`,
  );
}
