/**
 * The CLI for a team converting a real catalog: `errata init`, lint output that CI
 * systems read (SARIF judged by OASIS's own schema, GitHub annotations as GitHub's
 * @actions/core writes them), --max-warnings, warnings grouped by rule, and explain
 * with groups, exit codes and extension fields.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import * as core from "@actions/core";
import type { Problem } from "../../src/catalog/problem.js";
import { githubAnnotation } from "../../src/cli/lint.js";
import { REPO, runCli, tempFiles } from "../helpers.js";
import { assertValidSarif } from "./sarif.js";

const SHOP = join(REPO, "test", "fixtures", "shop.yaml");

/** A catalog with n errors lacking causes and solutions, and one real error. */
function noisyCatalog(n: number): string {
  const errors = Array.from({ length: n }, (_, i) => `  E${i}_ERR:\n    category: server\n`).join("");
  return `name: noisy\nversion: 1.0.0\nerrors:\n${errors}  BROKEN:\n    category: validation\n    status: 500\n    causes: [x]\n    solutions: [y]\n`;
}

describe("errata init", () => {
  test("writes a starter catalog that lints clean, prints the next commands, and never overwrites", () => {
    const dir = tempFiles({});
    const first = runCli(["init"], { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    const text = readFileSync(join(dir, "errata.yaml"), "utf8");
    assert.match(text, /^# yaml-language-server: \$schema=/);
    assert.match(
      first.stdout,
      /npx errata lint errata\.yaml\n {2}npx errata explain RATE_LIMITED --catalog errata\.yaml\n {2}npx errata docs/,
    );
    const lint = runCli(["lint", "errata.yaml"], { cwd: dir });
    assert.equal(lint.code, 0, lint.stdout);
    assert.match(lint.stdout, /0 error\(s\), 0 warning\(s\)/);
    const explain = runCli(["explain", "CONFIG_MISSING"], { cwd: dir });
    assert.match(explain.stdout, /no HTTP status · exit code 78/);

    writeFileSync(join(dir, "errata.yaml"), "mine");
    const again = runCli(["init"], { cwd: dir });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists: errata init never overwrites/);
    assert.equal(readFileSync(join(dir, "errata.yaml"), "utf8"), "mine");
    const named = runCli(["init", "billing.yaml", "--name", "billing-api"], { cwd: dir });
    assert.equal(named.code, 0);
    assert.match(readFileSync(join(dir, "billing.yaml"), "utf8"), /^name: billing-api$/m);
    assert.ok(!existsSync(join(dir, "errata-docs")));
  });
});

describe("errata lint for CI", () => {
  test("600 missing-causes warnings do not bury the one error: three shown, the rest counted by rule", () => {
    const dir = tempFiles({ "noisy.yaml": noisyCatalog(600) });
    const r = runCli(["lint", "noisy.yaml"], { cwd: dir });
    assert.equal(r.code, 1);
    const lines = r.stdout.split("\n");
    assert.match(lines[1] ?? "", /error {2}status 500 is inconsistent/);
    assert.equal(lines.filter((l) => / warning {2}/.test(l)).length, 6);
    assert.match(r.stdout, /… and 597 more missing-causes warning\(s\)/);
    assert.match(r.stdout, /1 error\(s\), 1200 warning\(s\) \(missing-causes 600, missing-solutions 600\)/);
    const verbose = runCli(["lint", "--verbose", "noisy.yaml"], { cwd: dir });
    assert.equal(verbose.stdout.split("\n").filter((l) => / warning {2}/.test(l)).length, 1200);
  });

  test("--max-warnings fails on more warnings than allowed", () => {
    const dir = tempFiles({ "w.yaml": "name: w\nversion: 1.0.0\nerrors:\n  A:\n    category: server\n" });
    assert.equal(runCli(["lint", "--max-warnings", "2", "w.yaml"], { cwd: dir }).code, 0);
    const over = runCli(["lint", "--max-warnings", "1", "w.yaml"], { cwd: dir });
    assert.equal(over.code, 1);
    assert.match(over.stdout, /2 warning\(s\) is more than --max-warnings 1/);
    assert.equal(runCli(["lint", "--max-warnings", "-1", "w.yaml"], { cwd: dir }).code, 2);
  });

  test("SARIF names odd files by their percent-encoded path, valid against OASIS's schema", () => {
    const name = "odd #1 100%?.yaml";
    const dir = tempFiles({ [name]: noisyCatalog(1) });
    const r = runCli(["lint", "--format", "sarif", name], { cwd: dir });
    const log = JSON.parse(r.stdout) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    assertValidSarif(log);
    const uris = new Set(log.runs[0]?.results.map((x) => x.locations[0]?.physicalLocation.artifactLocation.uri));
    assert.deepEqual([...uris], ["odd%20%231%20100%25%3F.yaml"]);
    // Resolved as a URI reference, it names the file itself, not a fragment or a query of another.
    const resolved = new URL([...uris][0] as string, "file:///repo/");
    assert.equal(decodeURIComponent(resolved.pathname), `/repo/${name}`);
    assert.equal(resolved.hash, "");
  });

  test("--format sarif is a SARIF 2.1.0 log that OASIS's schema accepts, one result per problem", () => {
    const dir = tempFiles({ "noisy.yaml": noisyCatalog(2) });
    const r = runCli(["lint", "--format", "sarif", "noisy.yaml"], { cwd: dir });
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: Record<string, unknown>[] }[];
    };
    assertValidSarif(log);
    assert.equal(log.version, "2.1.0");
    const [run] = log.runs;
    assert.deepEqual(
      run?.tool.driver.rules.map((x) => x.id),
      ["missing-causes", "missing-solutions", "status-category"],
    );
    assert.equal(run?.results.length, 5);
    const error = run?.results.find((x) => x.ruleId === "status-category");
    assert.equal(error?.level, "error");
    assert.ok(error);
    assert.deepEqual((error.locations as { physicalLocation: unknown }[])[0]?.physicalLocation, {
      artifactLocation: { uri: "noisy.yaml" },
      region: { startLine: 10, startColumn: 5 },
    });
  });

  test("--format github writes the workflow commands GitHub's own @actions/core writes", () => {
    const dir = tempFiles({ "noisy.yaml": noisyCatalog(1) });
    const r = runCli(["lint", "--format", "github", "noisy.yaml"], { cwd: dir });
    assert.equal(r.code, 1);
    const annotations = r.stdout.split("\n").filter((l) => l.startsWith("::"));
    assert.equal(annotations.length, 3);
    assert.match(
      annotations[2] ?? "",
      /^::error title=errata status-category,file=noisy\.yaml,line=8,col=5::status 500/,
    );

    // The same problems, written by @actions/core: byte for byte the same lines.
    const problems: Problem[] = [
      {
        severity: "error",
        rule: "status-category",
        message: "a: b, 100%\nnext",
        path: ["errors", "X"],
        file: "d,ir/c:1.yaml",
        line: 3,
        column: 7,
      },
      {
        severity: "warning",
        rule: "missing-causes",
        message: "X has no causes",
        path: [],
        file: "c.yaml",
        line: 1,
        column: 1,
      },
    ];
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      written.push(chunk.replace(/\r?\n$/, ""));
      return true;
    }) as typeof process.stdout.write;
    try {
      for (const p of problems) {
        const message = `${p.message}${p.path.length > 0 ? ` [${p.path.join(".")}]` : ""}`;
        const props = {
          title: `errata ${p.rule}`,
          file: p.file as string,
          startLine: p.line as number,
          startColumn: p.column as number,
        };
        if (p.severity === "error") core.error(message, props);
        else core.warning(message, props);
      }
    } finally {
      process.stdout.write = original;
    }
    assert.deepEqual(problems.map(githubAnnotation), written);
  });
});

describe("errata explain on a converted catalog", () => {
  test("shows the group path, the exit code, severity and extension fields", () => {
    const r = runCli(["explain", "CONFIG_MISSING", "--catalog", SHOP]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /group Command line · no HTTP status · exit code 78 · severity error/);
    assert.match(r.stdout, /Extension fields:\n {2}classification: actionable\n {2}owner: team-cli/);
    const card = runCli(["explain", "SHOP-0101", "--catalog", SHOP]);
    assert.match(card.stdout, /group Checkout › Payments · HTTP 402/);
  });

  test("an unknown or partial name suggests names with their codes", () => {
    const r = runCli(["explain", "CART", "--catalog", SHOP]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Did you mean SHOP-0001 CART_EMPTY\?/);
    const typo = runCli(["explain", "TEAPOTT", "--catalog", SHOP]);
    assert.match(typo.stdout, /Did you mean SHOP-0201 TEAPOT\?/);
  });
});

describe("errata explain --locale", () => {
  test("the error's text in the language asked for, with what is not translated named", () => {
    const dir = tempFiles({
      "errata.yaml": `name: shop
version: 1.0.0
locales: [en, fr]
errors:
  KEYS_LEFT:
    category: conflict
    title: Keys left
    message: "Only {count} keys left"
    details: { count: integer }
    causes: [Too many keys]
    solutions:
      - { text: Delete a key, code: "shop keys rm", language: bash }
    translations:
      fr:
        message: "Plus que {count} clés"
        solutions: [Supprimez une clé]
`,
    });
    const r = runCli(["explain", "KEYS_LEFT", "--locale", "fr-CA"], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^KEYS_LEFT: Keys left/);
    assert.match(r.stdout, /language fr \(not translated, shown in en: title, causes\)/);
    assert.match(r.stdout, /Message: Plus que \{count\} clés/);
    assert.match(r.stdout, /• Supprimez une clé\n {2}```bash\n {2}shop keys rm/);
    assert.match(r.stdout, /• Too many keys/);
    assert.equal(runCli(["explain", "KEYS_LEFT", "--locale", "fr-"], { cwd: dir }).code, 2);
  });
});
