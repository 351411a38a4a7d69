/** The CLI in a real process: exit codes, human and JSON output, explain, colour rules, no stack traces. */
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { colorEnabled } from "../../src/cli/output.js";
import { renderMarkdown } from "../../src/docs/markdown.js";
import { buildSite } from "../../src/docs/site.js";
import { loadCatalog } from "../../src/sources/load.js";
import { REPO, runCli, tempFiles } from "../helpers.js";
import { assertValidSarif } from "./sarif.js";

const catalogs = (...names: string[]) => names.map((n) => join(REPO, "examples", "catalogs", `${n}.yaml`));
const STACK = /\n\s+at .*:\d+:\d+/;
const ESC = String.fromCharCode(27);

describe("errata lint", () => {
  test("exit 0 on the bundled catalogs (warnings only)", () => {
    const r = runCli(["lint", ...catalogs("talos", "stt", "tracemem", "aragora", "gitclaw")]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /5 catalog\(s\): 0 error\(s\), \d+ warning\(s\)/);
    assert.match(r.stdout, /warning .*missing-causes/);
    const quiet = runCli(["lint", "--quiet", ...catalogs("gitclaw")]);
    assert.equal(quiet.code, 0);
    assert.doesNotMatch(quiet.stdout, /warning {2}/);
    // 22 errors without causes in the reference, 7 errors of endpoints it does not name.
    assert.match(quiet.stdout, /0 error\(s\), 29 warning\(s\) \(missing-causes 22, error-unreturned 7\)/);
  });

  test("an include outside the catalog's folder fails lint unread; --include-root widens it", () => {
    const root = tempFiles({
      "base.yaml":
        "name: base\nversion: 1.0.0\nerrors:\n  BOOM:\n    category: server\n    causes: [x]\n    solutions: [y]\n",
    });
    const dir = join(root, "svc");
    mkdirSync(dir);
    writeFileSync(join(dir, "c.yaml"), "name: svc\nversion: 1.0.0\ninclude: [../base.yaml]\nerrors: {}\n");
    const refused = runCli(["lint", join(dir, "c.yaml")]);
    assert.equal(refused.code, 2); // without its include the catalog cannot be built: unusable input
    assert.match(
      refused.stdout,
      /c\.yaml:3:\d+ {2}error {2}include "..\/base\.yaml" reaches outside the catalog's folder.*include-outside/,
    );
    const widened = runCli(["lint", "--include-root", root, join(dir, "c.yaml")]);
    assert.equal(widened.code, 0, widened.stdout + widened.stderr);
  });

  test("exit 1 on findings at error level, with file:line:column and rule", () => {
    const dir = tempFiles({
      "c.yaml":
        "name: d\nversion: 1.0.0\nerrors:\n  GONE:\n    category: not_found\n    retry: backoff\n    causes: [x]\n    solutions: [y]\n",
    });
    const r = runCli(["lint", join(dir, "c.yaml")]);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /c\.yaml:6:5 {2}error {2}status 404 is never retryable, but the retry policy is "backoff".*retry-status/,
    );
  });

  test("a duplicate name is a finding (exit 1), not unusable input", () => {
    const dir = tempFiles({
      "c.yaml": "name: d\nversion: 1.0.0\nerrors:\n  A_B:\n    category: server\n  A_B:\n    category: server\n",
    });
    const r = runCli(["lint", join(dir, "c.yaml")]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(
      r.stdout,
      /c\.yaml:6:3 {2}error {2}Map keys must be unique: "A_B" is declared twice {2}duplicate-name/,
    );
  });

  test("exit 2 on unusable input: malformed YAML, a missing file", () => {
    const dir = tempFiles({ "bad.yaml": "name: [unclosed\n" });
    const bad = runCli(["lint", join(dir, "bad.yaml")]);
    assert.equal(bad.code, 2);
    assert.match(bad.stdout, /bad\.yaml:\d+:\d+ {2}error/);
    const missing = runCli(["lint", "/nope/missing.yaml"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stdout, /Catalog file not found: \/nope\/missing\.yaml/);
    for (const r of [bad, missing]) assert.doesNotMatch(r.stdout + r.stderr, STACK);
  });

  test("--format json reports every finding with its location", () => {
    const dir = tempFiles({
      "c.yaml": "name: d\nversion: 1.0.0\nerrors:\n  A_B:\n    category: validation\n    titel: x\n",
    });
    const r = runCli(["lint", "--format", "json", join(dir, "c.yaml"), ...catalogs("stt")]);
    assert.equal(r.code, 2);
    const report = JSON.parse(r.stdout);
    assert.equal(report.summary.exitCode, 2);
    const [finding] = report.files[0].problems;
    assert.deepEqual(
      [finding.rule, finding.line, finding.column, finding.suggestion],
      ["unknown-field", 6, 5, "title"],
    );
    assert.deepEqual(finding.path, ["errors", "A_B", "titel"]);
    assert.equal(report.files[1].usable, true);
    assert.equal(report.files[1].catalog, "stt");
  });

  test("notes (info) are shown in every format and never count against --max-warnings", () => {
    const dir = tempFiles({
      "ops.yaml": [
        "name: ops",
        "version: 1.0.0",
        "commonErrors: [INTERNAL]",
        "errors:",
        "  INTERNAL: { category: server, causes: [A bug], solutions: [Report it] }",
        "operations:",
        '  health: { http: "GET /health" }',
        '  ping: { http: "GET /ping", commonErrors: false }',
        "",
      ].join("\n"),
    });
    const text = runCli(["lint", "--max-warnings", "0", join(dir, "ops.yaml")], { env: { NO_COLOR: "1" } });
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.match(text.stdout, /\(ops\): ok, 0 warning\(s\), 1 note\(s\)/);
    assert.match(text.stdout, /ops\.yaml:8:\d+ +info +operation ping declares no errors, and gets no common ones/);
    const github = runCli(["lint", "--format", "github", join(dir, "ops.yaml")]);
    assert.match(github.stdout, /^::notice title=errata operation-without-errors,file=.*ops\.yaml,line=8,/m);
    const sarif = runCli(["lint", "--format", "sarif", join(dir, "ops.yaml")]);
    const log = JSON.parse(sarif.stdout) as { runs: { results: { level: string; ruleId: string }[] }[] };
    // The note level is SARIF's own: OASIS's schema accepts the log.
    assertValidSarif(log);
    assert.deepEqual(
      log.runs[0]?.results.map((r) => [r.ruleId, r.level]),
      [["operation-without-errors", "note"]],
    );
  });

  test("usage errors exit 2 with the usage text", () => {
    for (const args of [["lint"], ["lint", "--format", "xml", "x.yaml"], ["frobnicate"], ["explain", "--bogus", "X"]]) {
      const r = runCli(args);
      assert.equal(r.code, 2, args.join(" "));
      assert.match(r.stderr, /Usage:/);
    }
  });
});

describe("errata explain", () => {
  test("prints description, causes, solutions with code blocks, status and retry advice", () => {
    const r = runCli(["explain", "E001", "--catalog", ...catalogs("talos")]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^E001 KEY_NOT_FOUND: Key Not Found/);
    assert.match(r.stdout, /HTTP 404/);
    assert.match(r.stdout, /Causes:\n {2}• Data directory doesn't exist/);
    assert.match(r.stdout, /```python\n {2}# Check data directory exists/);
    assert.match(r.stdout, /Retry: Do not retry/);
    assert.match(r.stdout, /Docs: https:\/\/github\.com\/nileshchakraborty\/talos\/wiki\/errors\/key-not-found/);
    assert.ok(!r.stdout.includes(ESC), "no colour when not a TTY");
  });

  test("finds a sub-code and shows sub-codes, reasons and retry after Retry-After", () => {
    const sub = runCli(["explain", "0x0405_01", "-c", ...catalogs("stt")]);
    assert.match(sub.stdout, /0x0405_01 NONCE_REUSE: security violation \(never\)/);
    const reasons = runCli(["explain", "SESSION_CLOSED", "--catalog", ...catalogs("stt")]);
    assert.match(reasons.stdout, /Reasons:\n {2}graceful: Normal close/);
    const rl = runCli(["explain", "RATE_LIMITED", "--catalog", ...catalogs("gitclaw")]);
    assert.match(rl.stdout, /Retry: Retry after the Retry-After delay/);
    assert.match(rl.stdout, /retryAfter: integer/);
    // A common error: every operation returns it.
    assert.match(rl.stdout, /Returned by: starRepo \(POST \/repos\/\{repoId\}\/stars\)\n {2}Returned by: unstarRepo/);
    const merge = runCli(["explain", "MERGE_BLOCKED", "--catalog", ...catalogs("gitclaw")]);
    assert.match(
      merge.stdout,
      /\n {2}Returned by: mergePullRequest \(POST \/repos\/\{repoId\}\/pulls\/\{prId\}\/merge\)\n/,
    );
    assert.doesNotMatch(merge.stdout, /Returned by: starRepo/);
  });

  test("an unknown code suggests the nearest names and exits 1", () => {
    const r = runCli(["explain", "RATE_LIMTED", "--catalog", ...catalogs("gitclaw")]);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /Unknown error RATE_LIMTED in gitclaw \(read .*gitclaw\.yaml\)\.\nDid you mean RATE_LIMITED\?/,
    );
  });

  test("an error declared in another catalog of the folder is found there, with the command that reads it", () => {
    const dir = tempFiles({
      "errata.yaml": "name: local\nversion: 1.0.0\nerrors:\n  LOCAL_ERROR:\n    category: server\n",
      "billing.yaml": "name: billing\nversion: 1.0.0\nerrors:\n  CARD_DECLINED:\n    category: payment\n",
      "broken.yaml": "name: [",
      "package.json": "{}",
    });
    const r = runCli(["explain", "CARD_DECLINED"], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^Unknown error CARD_DECLINED in local \(read errata\.yaml\)\.\n/);
    assert.match(r.stdout, /Declared in billing\.yaml: npx errata explain CARD_DECLINED --catalog billing\.yaml\n/);
    const none = runCli(["explain", "NOWHERE"], { cwd: dir });
    assert.match(none.stdout, /name it: --catalog <file>/);
  });

  test("reads ./errata.yaml when no catalog is given, and says so when there is none", () => {
    const dir = tempFiles({
      "errata.yaml": "name: local\nversion: 1.0.0\nerrors:\n  LOCAL_ERROR:\n    category: server\n",
    });
    const r = runCli(["explain", "LOCAL_ERROR"], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^LOCAL_ERROR: Local Error/);
    const none = runCli(["explain", "X"], { cwd: tempFiles({}) });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no catalog given and no errata\.yaml/);
  });

  test("an invalid catalog is explained as one clear message, never a stack trace", () => {
    const dir = tempFiles({ "errata.yaml": "name: local\nversion: 1\nerrors: {}\n" });
    const r = runCli(["explain", "X"], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /errata\.yaml:2:1: version: .*semantic version/);
    assert.doesNotMatch(r.stderr, STACK);
  });

  test("colour on a TTY unless NO_COLOR or TERM=dumb; FORCE_COLOR forces it", () => {
    assert.equal(colorEnabled({ isTTY: true }, {}), true);
    assert.equal(colorEnabled({ isTTY: false }, {}), false);
    assert.equal(colorEnabled({ isTTY: true }, { NO_COLOR: "1" }), false);
    assert.equal(colorEnabled({ isTTY: true }, { TERM: "dumb" }), false);
    assert.equal(colorEnabled({ isTTY: false }, { FORCE_COLOR: "1" }), true);
    const forced = runCli(["explain", "E012", "--catalog", ...catalogs("talos")], {
      env: { NO_COLOR: "", FORCE_COLOR: "1" },
    });
    assert.ok(forced.stdout.includes(`${ESC}[1m`));
  });
});

test("--version and --help", () => {
  assert.match(runCli(["--version"]).stdout, /^\d+\.\d+\.\d+\n$/);
  const help = runCli(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /errata lint <catalog\.\.\.>/);
});

test("explain, the Markdown reference and the site name a details field's values and the field convention", () => {
  const dir = tempFiles({
    "errata.yaml": `name: shop
version: 1.0.0
errors:
  BAD_FIELD:
    category: validation
    message: "Invalid {field}"
    details:
      field: { type: string, description: The field that failed }
      tier: { type: string, enum: [free, pro], required: false }
`,
  });
  const r = runCli(["explain", "BAD_FIELD"], { cwd: dir });
  assert.match(r.stdout, /field: string — The field that failed \(also sent as a JSON Pointer into the request/);
  assert.match(r.stdout, /tier: string \(optional\) \(one of "free", "pro"\)/);
  const catalog = loadCatalog(join(dir, "errata.yaml"));
  assert.match(renderMarkdown(catalog), /\| `tier` \| string \(optional\) \| one of "free", "pro" \|/);
  assert.match(buildSite([catalog]).get("shop/bad-field/index.html") ?? "", /one of &quot;free&quot;, &quot;pro&quot;/);
});
