/**
 * errata scan on source written the way the frameworks' own docs show it: the small
 * example project scans clean, a defect planted in a copy of it, one of each kind, is
 * found at its line, every kind of handler maps to its operation, and unusable input
 * exits 2. The reports are read by OASIS's SARIF schema and by the JUnit consumers.
 */
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { assertValidSarif } from "../cli/sarif.js";
import { REPO, runCli } from "../helpers.js";
import { junitSkip, readJunit } from "../verify/junit.js";

const PROJECT = join(REPO, "examples", "scan-project");

type Report = {
  findings: { rule: string; severity: string; file: string; line?: number; message: string }[];
  coverage: { id: string; raised: string[]; never: string[] }[];
  handlers: number;
  matched: number;
  unresolved: string[];
};

function scan(dir: string, ...more: string[]) {
  return runCli(["scan", join(dir, "src"), "--catalog", join(dir, "catalog.yaml"), ...more]);
}

function report(dir: string, ...more: string[]): { code: number | null; report: Report } {
  const { code, stdout, stderr } = scan(dir, "--format", "json", ...more);
  assert.ok(stdout, stderr);
  return { code, report: JSON.parse(stdout) as Report };
}

test("the example project scans clean: every handler matched, every operation's own errors raised", () => {
  const { code, report: r } = report(PROJECT);
  assert.equal(code, 0);
  assert.deepEqual(
    r.findings.filter((f) => f.severity !== "info"),
    [],
  );
  assert.equal(r.handlers, 4);
  assert.equal(r.matched, 4);
  assert.deepEqual(
    r.coverage.map((c) => [c.id, c.raised.sort(), c.never]),
    [
      ["createOrder", ["OUT_OF_STOCK"], []],
      ["getOrder", ["ORDER_NOT_FOUND"], []],
      ["cancelOrder", ["ORDER_NOT_FOUND", "ORDER_SHIPPED"], []],
      ["quote_price", ["OUT_OF_STOCK"], []],
    ],
  );
});

/** A copy of the example project with one source file changed. */
function planted(file: string, from: string, to: string): string {
  const dir = mkdtempSync(join(tmpdir(), "errata-scan-"));
  cpSync(PROJECT, dir, { recursive: true });
  const path = join(dir, "src", file);
  const text = readFileSync(path, "utf8");
  assert.ok(text.includes(from), from);
  writeFileSync(path, text.replace(from, to));
  return dir;
}

const lineOf = (dir: string, file: string, needle: string) =>
  readFileSync(join(dir, "src", file), "utf8")
    .split("\n")
    .findIndex((l) => l.includes(needle)) + 1;

test("a planted undeclared error is an error at its line", () => {
  const dir = planted("orders.ts", "shopErrors.ORDER_NOT_FOUND?.(", "shopErrors.ORDER_MISSING?.(");
  const { code, report: r } = report(dir);
  assert.equal(code, 1);
  const found = r.findings.filter((f) => f.rule === "raised-undeclared");
  assert.deepEqual(
    found.map((f) => [f.file.endsWith("orders.ts"), f.line]),
    [[true, lineOf(dir, "orders.ts", "ORDER_MISSING")]],
  );
});

test("a planted error an operation does not declare is a warning, reached through the handler", () => {
  const dir = planted(
    "app.ts",
    "  res.json(findOrder(req.params.orderId));",
    "  if (req.query.old) throw shopErrors.ORDER_SHIPPED({ orderId: req.params.orderId });\n  res.json(findOrder(req.params.orderId));",
  );
  writeFileSync(
    join(dir, "src", "app.ts"),
    readFileSync(join(dir, "src", "app.ts"), "utf8").replace(
      'import { catalog } from "./errors.js";',
      'import { catalog, shopErrors } from "./errors.js";',
    ),
  );
  const { code, report: r } = report(dir);
  assert.equal(code, 0);
  const found = r.findings.filter((f) => f.severity !== "info");
  assert.deepEqual(
    found.map((f) => [f.rule, f.line]),
    [["raised-off-operation", lineOf(dir, "app.ts", "ORDER_SHIPPED")]],
  );
  assert.match(found[0]?.message ?? "", /ORDER_SHIPPED is raised in getOrder/);
});

test("a planted plain throw in a function a handler calls is a warning at the throw", () => {
  const dir = planted(
    "orders.ts",
    "  const left = stock.get(sku) ?? 0;",
    '  if (!sku) throw new Error("no sku");\n  const left = stock.get(sku) ?? 0;',
  );
  const { report: r } = report(dir);
  const found = r.findings.filter((f) => f.severity !== "info");
  assert.deepEqual(
    found.map((f) => [f.rule, f.line]),
    [["plain-throw", lineOf(dir, "orders.ts", "no sku")]],
  );
  assert.match(found[0]?.message ?? "", /new Error\(…\) thrown in createOrder/);
});

test("a declared error no longer raised is a note, and a warning with --coverage", () => {
  const dir = planted("orders.ts", "  if (order.shipped) throw ORDER_SHIPPED?.({ orderId: id });\n", "");
  const never = (r: Report) =>
    r.findings.filter((f) => f.rule === "never-raised" && f.message.includes("ORDER_SHIPPED"));
  assert.deepEqual(
    never(report(dir).report).map((f) => f.severity),
    ["info"],
  );
  const strict = report(dir, "--coverage");
  assert.deepEqual(
    never(strict.report).map((f) => f.severity),
    ["warning"],
  );
  assert.equal(strict.code, 0);
});

test("every kind of handler maps to its operation: Fastify, Hono, oRPC, JSON-RPC, MCP", () => {
  const dir = join(REPO, "test", "fixtures", "scan", "frameworks");
  const { stdout } = runCli(["scan", dir, "--catalog", join(dir, "catalog.yaml"), "--format", "json"]);
  const r = JSON.parse(stdout) as Report;
  assert.equal(r.handlers, 10);
  assert.equal(r.matched, 10);
  for (const c of r.coverage) assert.deepEqual(c.never, [], c.id);
  assert.deepEqual(r.findings, []);
});

test("a dynamic factory name is counted and listed with --verbose, never guessed", () => {
  const { stdout } = runCli([
    "scan",
    join(REPO, "examples", "server"),
    "--catalog",
    join(REPO, "examples", "catalogs", "gitclaw.yaml"),
    "--verbose",
  ]);
  assert.match(stdout, /1 place\(s\) scan could not follow/);
  assert.match(stdout, /not followed: .*main\.ts:\d+: factory: a factory chosen by a name known only at run time/);
  // The demo's /crash route throws a plain Error on purpose (it shows INTERNAL_ERROR): scan says so.
  assert.match(stdout, /warning {2}new Error\(…\) thrown in GET \/crash reaches callers as INTERNAL_ERROR/);
});

test("unusable input exits 2: a missing path, a folder without sources; broken source is read, not a crash", () => {
  const missing = runCli(["scan", join(REPO, "no-such-folder"), "--catalog", join(PROJECT, "catalog.yaml")]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /errata scan cannot run: .*does not exist/);
  const empty = mkdtempSync(join(tmpdir(), "errata-scan-empty-"));
  assert.equal(runCli(["scan", empty, "--catalog", join(PROJECT, "catalog.yaml")]).code, 2);
  const broken = planted("orders.ts", "export function reserve(", "export function reserve(((( {{ ");
  const { code } = scan(broken);
  assert.ok(code === 0 || code === 1, String(code));
});

test("scan's SARIF is valid against OASIS's schema", () => {
  const dir = planted("orders.ts", "shopErrors.ORDER_NOT_FOUND?.(", "shopErrors.ORDER_MISSING?.(");
  const sarif = JSON.parse(scan(dir, "--format", "sarif").stdout) as { runs: { results: { ruleId: string }[] }[] };
  assertValidSarif(sarif);
  assert.ok(sarif.runs[0]?.results.some((r) => r.ruleId === "raised-undeclared"));
});

test("scan's JUnit XML validates against Jenkins' schema and junitparser counts its failures", {
  skip: junitSkip(),
}, () => {
  const dir = planted("orders.ts", "shopErrors.ORDER_NOT_FOUND?.(", "shopErrors.ORDER_MISSING?.(");
  const read = readJunit(scan(dir, "--format", "junit").stdout);
  assert.equal(read.failures, 1);
});

test("a symbolic link inside the scanned tree is not followed out of it", () => {
  const dir = planted("orders.ts", "shopErrors.ORDER_NOT_FOUND?.(", "shopErrors.ORDER_NOT_FOUND?.(");
  const outside = mkdtempSync(join(tmpdir(), "errata-scan-outside-"));
  writeFileSync(
    join(outside, "evil.ts"),
    'import { createErrors } from "errata";\nconst errors = createErrors({} as never);\nthrow errors.OUTSIDE_ERROR();\n',
  );
  symlinkSync(outside, join(dir, "src", "linked"));
  symlinkSync(join(outside, "evil.ts"), join(dir, "src", "evil.ts"));
  const { code, report: r } = report(dir);
  assert.equal(code, 0);
  assert.ok(!r.findings.some((f) => f.message.includes("OUTSIDE_ERROR")), JSON.stringify(r.findings));
});
