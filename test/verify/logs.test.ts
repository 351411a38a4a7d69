/**
 * errata verify on logs from real pino-http: an Express API with errata's error
 * handler logging through the same pino logger, so that each error response has
 * pino-http's record (status, headers) and errata's (code, operation), joined by the
 * X-Request-Id errata sends. Clean traffic verifies clean; an error an operation
 * does not declare and a 429 without the headers the catalog promises are found.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import express from "express";
import pino from "pino";
import { pinoHttp } from "pino-http";
import { createErrors } from "../../src/runtime/createErrors.js";
import { expressErrorHandler } from "../../src/server/index.js";
import { loadCatalog } from "../../src/sources/load.js";
import { listen } from "../browser/chromium.js";
import { REPO, runCli } from "../helpers.js";

const GITCLAW = join(REPO, "examples", "catalogs", "gitclaw.yaml");

/** Serve the API, make `calls`, and return the NDJSON log pino wrote. */
async function record(calls: [string, string][], rateLimitHeaders: boolean): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), "errata-logs-")), "api.ndjson");
  const logger = pino(pino.destination({ dest: file, sync: true }));
  const catalog = loadCatalog(GITCLAW);
  const errors = createErrors(catalog, { stack: false });
  const app = express();
  app.use(pinoHttp({ logger }));
  app.post("/repos/:repoId/stars", () => {
    throw errors.DUPLICATE_STAR?.({ agentId: "a", repoId: "r", existingStarAt: "2024-01-01T00:00:00Z" });
  });
  app.delete("/repos/:repoId/stars", () => {
    throw errors.MERGE_BLOCKED?.({ prId: "p", approved: true, ciStatus: "pending" });
  });
  app.post("/repos/:repoId/branches/:branch/push", () => {
    throw errors.RATE_LIMITED?.({ action: "push", limit: 10, window: "1m", retryAfter: 60 }, { retryAfter: 60 });
  });
  app.use(
    expressErrorHandler({
      catalog,
      logger,
      ...(rateLimitHeaders ? { rateLimit: () => ({ limit: 10, remaining: 0, reset: 1_900_000_000 }) } : {}),
    }),
  );
  const server = app.listen(0, "127.0.0.1");
  const base = await listen(server);
  try {
    for (const [method, path] of calls) await (await fetch(`${base}${path}`, { method })).text();
  } finally {
    server.close();
  }
  return file;
}

type Report = {
  findings: { rule: string; severity: string; line?: number }[];
  coverage: { id: string; seen: string[] }[];
};

function verify(file: string): { code: number | null; report: Report } {
  const { code, stdout, stderr } = runCli(["verify", file, "--catalog", GITCLAW, "--format", "json"]);
  assert.ok(stdout, stderr);
  return { code, report: JSON.parse(stdout) as Report };
}

test("pino-http's records joined with errata's: declared errors with their headers verify clean, and are seen", async () => {
  const file = await record(
    [
      ["POST", "/repos/r1/stars"],
      ["POST", "/repos/r1/branches/main/push"],
    ],
    true,
  );
  const lines = readFileSync(file, "utf8").trim().split("\n");
  assert.ok(
    lines.some((l) => (JSON.parse(l) as { res?: unknown }).res),
    "pino-http wrote its records",
  );
  const { code, report } = verify(file);
  assert.equal(code, 0, JSON.stringify(report.findings.filter((f) => f.severity !== "info")));
  const seen = Object.fromEntries(report.coverage.map((o) => [o.id, o.seen]));
  assert.deepEqual(seen.starRepo, ["DUPLICATE_STAR"]);
  assert.deepEqual(seen.pushBranch, ["RATE_LIMITED"]);
});

test("from logs: an error its operation does not declare, and a 429 without the X-RateLimit headers", async () => {
  const file = await record(
    [
      ["DELETE", "/repos/r1/stars"],
      ["POST", "/repos/r1/branches/main/push"],
    ],
    false,
  );
  const { code, report } = verify(file);
  assert.equal(code, 1);
  const found = report.findings.filter((f) => f.severity !== "info").map((f) => f.rule);
  assert.deepEqual(found.sort(), ["response-header-missing", "response-header-missing", "response-off-operation"]);
  assert.ok(report.findings.every((f) => f.severity === "info" || typeof f.line === "number"));
});

test("hostile traffic: unusable files exit 2 with TRAFFIC_UNREADABLE; bad log lines are counted, never a crash", () => {
  const dir = mkdtempSync(join(tmpdir(), "errata-hostile-"));
  const cases: [string, string][] = [
    ["cut.har", '{"log":{"version":"1.2","entries":[{"request":'],
    ["notjson.har", "<html>"],
    ["empty.har", "{}"],
  ];
  for (const [name, text] of cases) {
    writeFileSync(join(dir, name), text);
    const { code, stderr } = runCli(["verify", join(dir, name), "--catalog", GITCLAW]);
    assert.equal(code, 2, `${name}: ${stderr}`);
    assert.match(stderr, /Cannot read traffic from/);
    assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
  }
  const missing = runCli(["verify", join(dir, "missing.har"), "--catalog", GITCLAW]);
  assert.equal(missing.code, 2);
  const log = join(dir, "mixed.ndjson");
  const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
  writeFileSync(log, ["not json", deep, '{"msg":"hello"}', '{"code":1,"status":"x"}', ""].join("\n"));
  const { code, stdout } = runCli(["verify", log, "--catalog", GITCLAW, "--format", "json"]);
  assert.equal(code, 0);
  assert.equal((JSON.parse(stdout) as { unreadableLines: number }).unreadableLines, 1);
});
