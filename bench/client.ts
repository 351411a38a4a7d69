/**
 * Happy-path overhead of errata/client: `api.json(path)` against a plain
 * `fetch(url)` + `response.json()`, and ky's `ky.get(url).json()` as the peer, all
 * against one local server on 127.0.0.1 answering a small JSON body, in one run.
 * The server runs in a child process, as a real server would run apart from its
 * clients, so the client's own work is what differs. Rounds alternate the order;
 * each case is compared with raw fetch in the same round, and the table gives the
 * median ratio over the rounds and the middle half of them.
 * Goal: errata ≤ 1.05× raw fetch.
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import ky from "ky";
import { createClient } from "../src/client/index.js";

const CALLS = 500;
const ROUNDS = 31;
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

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;
}

async function timeCalls(call: Call, url: string): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) await call(url);
  return (performance.now() - start) / CALLS;
}

export async function run(): Promise<void> {
  const server = fork("-e", [SERVER], { execArgv: [], stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const [port] = (await once(server, "message")) as [number];
  const url = `http://127.0.0.1:${port}/repos/1`;
  const api = createClient();
  const kyClient = ky.create({ retry: 2 });
  const cases: [string, Call][] = [
    ["fetch + response.json()", (u) => fetch(u).then((r) => r.json())],
    ["errata api.json()", (u) => api.json(u)],
    ["ky .json()", (u) => kyClient.get(u).json()],
  ];
  // Warm up every path (connections, JIT) before measuring.
  for (const [, call] of cases) await timeCalls(call, url);
  const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? cases : [...cases].reverse();
    for (const [name, call] of order) times.get(name)?.push(await timeCalls(call, url));
  }
  server.disconnect();
  const raw = times.get(cases[0]?.[0] ?? "") ?? [];
  const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)] ?? 0;
  console.log(`\n## client happy path: ${CALLS} sequential GETs per round, ${ROUNDS} rounds\n`);
  console.log("| client | µs per call (median) | × raw fetch (median) | middle half of the rounds |");
  console.log("|---|---:|---:|---:|");
  let errata = Number.NaN;
  for (const [name] of cases) {
    const t = times.get(name) ?? [];
    const ratios = t.map((x, i) => x / (raw[i] ?? Number.NaN));
    const ratio = median(ratios);
    if (name === "errata api.json()") errata = ratio;
    console.log(
      `| ${name} | ${(median(t) * 1000).toFixed(1)} | ${ratio.toFixed(2)}× | ${quantile(ratios, 0.25).toFixed(2)}–${quantile(ratios, 0.75).toFixed(2)} |`,
    );
  }
  console.log(`\ngoal: errata ≤ 1.05× raw fetch → ${errata.toFixed(2)}× ${errata <= 1.05 ? "met" : "MISSED"}`);
}
