/**
 * errata verify on the demo's own traffic, recorded to a HAR by Chromium (through
 * Playwright, over the DevTools protocol): it verifies clean, and a defect planted in
 * a copy of it, one of each kind, is found at its entry. The reports are read by
 * consumers errata did not write: OASIS's SARIF schema, xmllint with Jenkins' JUnit
 * schema and python3-junitparser.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, test } from "node:test";
import { buildDemo } from "../../examples/server/main.js";
import { browserSkip, launchChromium } from "../browser/chromium.js";
import { assertValidSarif } from "../cli/sarif.js";
import { REPO, runCli } from "../helpers.js";
import { junitSkip, readJunit } from "./junit.js";

const GITCLAW = join(REPO, "examples", "catalogs", "gitclaw.yaml");
const skip = browserSkip();
const dir = mkdtempSync(join(tmpdir(), "errata-verify-"));
const HAR = join(dir, "demo.har");

/** The page's calls: each operation failing with an error it declares, and a few errors of the catalog. */
const CALLS = `(async () => {
  const call = (m, p, body) => fetch(p, { method: m, ...(body ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {}) }).then((r) => r.text());
  await call("POST", "/gitclaw/repos/starred/stars", { reason: "x" });
  await call("DELETE", "/gitclaw/repos/r1/stars");
  await call("POST", "/gitclaw/repos/r1/branches/main/push", {});
  await call("POST", "/gitclaw/repos/r1/pulls/1/merge", {});
  await call("GET", "/gitclaw/crash");
  for (const n of ["RATE_LIMITED", "ACCESS_DENIED", "INVALID_SIGNATURE"]) await call("GET", "/gitclaw/errors/" + n);
})()`;

before(async () => {
  if (skip) return;
  const app = await buildDemo();
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ recordHar: { path: HAR, content: "embed" } });
    const page = await context.newPage();
    await page.goto(`${base}/gitclaw/errors/REPO_NOT_FOUND`);
    await page.evaluate(CALLS);
    await context.close();
  } finally {
    await browser.close();
    await app.close();
  }
});

type Report = {
  findings: { rule: string; severity: string; path: (string | number)[]; message: string }[];
  coverage: { id: string; seen: string[] }[];
  errorResponses: number;
};

function verify(file: string, format = "json") {
  return runCli(["verify", file, "--catalog", GITCLAW, "--format", format]);
}

test("the demo's traffic, recorded by Chromium, verifies clean: no error or warning, every call seen", { skip }, () => {
  const { code, stdout, stderr } = verify(HAR);
  assert.equal(code, 0, stderr + stdout);
  const report = JSON.parse(stdout) as Report;
  assert.equal(report.errorResponses, 9);
  assert.deepEqual(
    report.findings.filter((f) => f.severity !== "info"),
    [],
  );
  const seen = Object.fromEntries(report.coverage.map((o) => [o.id, o.seen]));
  assert.deepEqual(seen, {
    starRepo: ["DUPLICATE_STAR"],
    unstarRepo: ["NO_EXISTING_STAR"],
    pushBranch: ["NON_FAST_FORWARD"],
    mergePullRequest: ["MERGE_BLOCKED"],
  });
});

type Entry = {
  request: { method: string; url: string };
  response: { status: number; headers: { name: string; value: string }[]; content: { text: string } };
};

/** A copy of the recorded HAR with one entry changed; the index of the entry whose URL ends with `suffix`. */
function planted(suffix: string, change: (e: Entry) => void): { file: string; index: number } {
  const har = JSON.parse(readFileSync(HAR, "utf8")) as { log: { entries: Entry[] } };
  const index = har.log.entries.findIndex((e) => e.request.url.endsWith(suffix));
  assert.ok(index >= 0, suffix);
  change(har.log.entries[index] as Entry);
  const file = join(dir, `planted-${suffix.replace(/\W/g, "_")}-${Math.random().toString(36).slice(2)}.har`);
  writeFileSync(file, JSON.stringify(har));
  return { file, index };
}

const body = (e: Entry) => JSON.parse(e.response.content.text) as { error: Record<string, unknown> };
const setText = (e: Entry, text: string) => {
  e.response.content.text = text;
};
const setBody = (e: Entry, value: unknown) => setText(e, JSON.stringify(value));
const setStatus = (e: Entry, status: number) => {
  e.response.status = status;
};
const header = (e: Entry, name: string, value?: string) => {
  e.response.headers = e.response.headers.filter((h) => h.name.toLowerCase() !== name);
  if (value !== undefined) e.response.headers.push({ name, value });
};

const DEFECTS: [string, string, (e: Entry) => void, string][] = [
  ["/stars", "response-undecodable", (e) => setText(e, "<html>502 Bad Gateway</html>"), "error"],
  [
    "/push",
    "response-code-undeclared",
    (e) => setBody(e, { error: { ...body(e).error, code: "NOT_IN_CATALOG" } }),
    "error",
  ],
  ["/merge", "response-status-mismatch", (e) => setStatus(e, 410), "error"],
  [
    "/errors/ACCESS_DENIED",
    "response-format-mismatch",
    (e) => header(e, "content-type", "application/problem+json"),
    "error",
  ],
  ["/errors/INVALID_SIGNATURE", "response-header-missing", (e) => header(e, "www-authenticate"), "error"],
  ["/errors/RATE_LIMITED", "response-header-missing", (e) => header(e, "x-ratelimit-remaining"), "error"],
  [
    "/crash",
    "response-leak",
    (e) => setBody(e, { error: { ...body(e).error, message: "Error: timeout\\n    at query (db.js:10:5)" } }),
    "error",
  ],
];

for (const [suffix, rule, change, severity] of DEFECTS) {
  test(`a planted defect is found at its entry: ${rule} (${suffix})`, { skip }, () => {
    const { file, index } = planted(suffix, change);
    const { code, stdout } = verify(file);
    const found = (JSON.parse(stdout) as Report).findings.filter((f) => f.severity !== "info");
    assert.equal(code, severity === "error" ? 1 : 0);
    assert.deepEqual(
      found.map((f) => [f.rule, f.path.join(".")]),
      [[rule, `log.entries.${index}`]],
      JSON.stringify(found),
    );
  });
}

test("a planted defect is found at its entry: response-off-operation (DUPLICATE_STAR from unstarRepo)", {
  skip,
}, () => {
  const duplicate = JSON.parse(readFileSync(HAR, "utf8")).log.entries.find((e: Entry) =>
    e.request.url.endsWith("/starred/stars"),
  ) as Entry;
  const { file, index } = planted("/r1/stars", (e) => {
    e.response.status = 409;
    e.response.content.text = duplicate.response.content.text;
  });
  const { code, stdout } = verify(file);
  const found = (JSON.parse(stdout) as Report).findings.filter((f) => f.severity !== "info");
  assert.equal(code, 0, "a warning does not fail the run");
  assert.deepEqual(
    found.map((f) => [f.rule, f.severity, f.path.join(".")]),
    [["response-off-operation", "warning", `log.entries.${index}`]],
  );
});

test("a leak is named by kind and place, never echoed", { skip }, () => {
  const { file } = planted("/crash", (e) =>
    setBody(e, { error: { ...body(e).error, message: "token sk_live_51HxYzAbCdEfGhIjKlMn" } }),
  );
  for (const format of ["human", "json", "sarif", "github", "junit"]) {
    const { stdout } = verify(file, format);
    assert.ok(stdout.includes("secret-looking token"), format);
    assert.ok(!stdout.includes("sk_live_51HxYzAbCdEfGhIjKlMn"), format);
  }
});

test("SARIF is valid against OASIS's schema; GitHub annotations name file and rule", { skip }, () => {
  const { file } = planted("/merge", (e) => setStatus(e, 410));
  const sarif = JSON.parse(verify(file, "sarif").stdout) as {
    runs: { results: { ruleId: string }[]; tool: { driver: { rules: { id: string }[] } } }[];
  };
  assertValidSarif(sarif);
  assert.ok(sarif.runs[0]?.results.some((r) => r.ruleId === "response-status-mismatch"));
  assert.ok(sarif.runs[0]?.tool.driver.rules.some((r) => r.id === "response-status-mismatch"));
  const github = verify(file, "github").stdout.split("\n");
  assert.ok(
    github.some(
      (l) => l.startsWith("::error ") && l.includes("title=errata response-status-mismatch") && l.includes("file="),
    ),
  );
});

const junitSkipped = skip ?? junitSkip();
test("JUnit XML validates against Jenkins' schema and junitparser reads the failures", { skip: junitSkipped }, () => {
  const clean = readJunit(verify(HAR, "junit").stdout);
  assert.equal(clean.failures, 0);
  const { file } = planted("/merge", (e) => setStatus(e, 410));
  const report = readJunit(verify(file, "junit").stdout);
  assert.equal(report.failures, 1);
  assert.ok(report.names.some((n) => n.startsWith("response-status-mismatch at ")));
});
