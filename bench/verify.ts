/**
 * errata verify on a 1 GB HAR file (GitClaw's API: one entry in ten an error
 * response in its envelope format, the rest 200s with JSON bodies, every entry with
 * the headers a browser records), read as a stream in a child process whose peak
 * memory is measured. Peer: @streamparser/json reading the same file's entries and
 * doing nothing else, the floor of a streamed read. Goals: at least 50 MB/s, peak RSS
 * under 300 MB.
 */
import { spawnSync } from "node:child_process";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { JSONParser } from "@streamparser/json";
import { loadCatalog } from "../src/sources/load.js";
import { verifyTraffic } from "../src/verify/index.js";

const SIZE = Number(process.env.ERRATA_BENCH_HAR_MB ?? 1024) * 1024 * 1024;
const GITCLAW = fileURLToPath(new URL("../examples/catalogs/gitclaw.yaml", import.meta.url));

function entry(i: number): string {
  const error = i % 10 === 0;
  const text = error
    ? JSON.stringify({
        error: { code: "REPO_NOT_FOUND", message: `Repository not found: r${i}`, details: { repoId: `r${i}` } },
        meta: { requestId: `req-${i}` },
      })
    : JSON.stringify({
        id: `r${i}`,
        stars: i % 1000,
        description: "A repository of the benchmark, described at the length real APIs describe things.".repeat(8),
      });
  const headers = (pairs: [string, string][]) => pairs.map(([name, value]) => ({ name, value }));
  return JSON.stringify({
    startedDateTime: "2026-12-07T00:00:00.000Z",
    time: 12.5,
    request: {
      method: error ? "DELETE" : "GET",
      url: `https://api.gitclaw.dev/repos/r${i}/stars`,
      httpVersion: "HTTP/1.1",
      headers: headers([
        ["accept", "application/json"],
        ["user-agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0"],
        ["accept-language", "en-GB,en;q=0.9"],
      ]),
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: error ? 404 : 200,
      statusText: error ? "Not Found" : "OK",
      httpVersion: "HTTP/1.1",
      headers: headers([
        ["content-type", "application/json"],
        ["x-request-id", `req-${i}`],
        ["vary", "Accept"],
        ["date", "Mon, 07 Dec 2026 00:00:00 GMT"],
      ]),
      cookies: [],
      content: { size: text.length, mimeType: "application/json", text },
      redirectURL: "",
      headersSize: -1,
      bodySize: text.length,
    },
    cache: {},
    timings: { blocked: 0.1, dns: -1, connect: -1, send: 0.1, wait: 12, receive: 0.3 },
  });
}

async function writeHar(file: string): Promise<number> {
  const out = createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((ok) => out.once("drain", () => ok()));
  await write('{"log":{"version":"1.2","creator":{"name":"errata bench","version":"1"},"pages":[],"entries":[\n');
  let size = 0;
  let i = 0;
  while (size < SIZE) {
    const e = entry(i);
    await write(`${i > 0 ? ",\n" : ""}${e}`);
    size += e.length + 2;
    i++;
  }
  await write("\n]}}\n");
  await new Promise<void>((ok) => out.end(() => ok()));
  return i;
}

/** In the child: one read of the file, by errata verify or by the bare parser; prints ms and peak RSS. */
async function child(mode: string, file: string): Promise<void> {
  const start = performance.now();
  if (mode === "errata") {
    const report = await verifyTraffic([file], [loadCatalog(GITCLAW)]);
    if ((report.json as { errorResponses: number }).errorResponses === 0) throw new Error("no error responses read");
  } else {
    const parser = new JSONParser({ paths: ["$.log.entries.*"], keepStack: false });
    let n = 0;
    parser.onValue = () => {
      n++;
    };
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) parser.write(chunk as Uint8Array);
    if (n === 0) throw new Error("no entries read");
  }
  const ms = performance.now() - start;
  console.log(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024 }));
}

function measure(mode: string, file: string): { ms: number; rssMb: number } {
  const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", mode, file], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`${mode}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() as string) as { ms: number; rssMb: number };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "errata-bench-verify-"));
  try {
    const file = join(dir, "traffic.har");
    const entries = await writeHar(file);
    const mb = statSync(file).size / 1024 / 1024;
    const peer = measure("peer", file);
    const errata = measure("errata", file);
    const speed = (ms: number) => mb / (ms / 1000);
    console.log(`\n## verify: a HAR of ${mb.toFixed(0)} MB, ${entries} entries (one in ten an error response)\n`);
    console.log("| reader | s | MB/s | peak RSS (MB) |\n|---|---:|---:|---:|");
    console.log(
      `| @streamparser/json alone (peer) | ${(peer.ms / 1000).toFixed(1)} | ${speed(peer.ms).toFixed(0)} | ${peer.rssMb.toFixed(0)} |`,
    );
    console.log(
      `| errata verify | ${(errata.ms / 1000).toFixed(1)} | ${speed(errata.ms).toFixed(0)} | ${errata.rssMb.toFixed(0)} |`,
    );
    console.log(`\nratio errata / peer: ${(errata.ms / peer.ms).toFixed(2)}×`);
    console.log(
      `goals: at least 50 MB/s → ${speed(errata.ms) >= 50 ? "met" : "MISSED"}; peak RSS under 300 MB → ${errata.rssMb < 300 ? "met" : "MISSED"}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await child(process.argv[3] as string, process.argv[4] as string);
