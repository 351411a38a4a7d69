/** Loading catalog files: positions, did-you-mean, duplicates, code styles, includes, hostile input. */
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { isErrataError } from "../../src/runtime/ErrataError.js";
import { inspectCatalogFile, loadCatalog, MAX_CATALOG_BYTES } from "../../src/sources/load.js";
import { runCli, tempFiles } from "../helpers.js";

function problemsOf(yaml: string, name = "catalog.yaml") {
  const dir = tempFiles({ [name]: yaml });
  return inspectCatalogFile(join(dir, name)).problems;
}

function loadError(yaml: string): { name: string; message: string; details: Record<string, unknown> } {
  const dir = tempFiles({ "c.yaml": yaml });
  try {
    loadCatalog(join(dir, "c.yaml"));
  } catch (error) {
    assert.ok(isErrataError(error), "loader errors are ErrataErrors");
    return error as never;
  }
  assert.fail("expected the catalog to be refused");
}

const HEAD = "name: demo\nversion: 1.0.0\n";

describe("loadCatalog", () => {
  test("malformed YAML names file:line:column", () => {
    const [p] = problemsOf(`${HEAD}errors:\n  A_B:\n    category: [validation\n`);
    assert.equal(p?.rule, "syntax");
    assert.match(p?.file ?? "", /catalog\.yaml$/);
    assert.equal(typeof p?.line, "number");
    assert.ok((p?.line ?? 0) >= 5);
  });

  test("an unknown field is placed at its key with a did-you-mean", () => {
    const problems = problemsOf(
      `${HEAD}errors:\n  MISSING_FIELD:\n    category: validation\n    mesage: "x {field}"\n`,
    );
    assert.equal(problems.length, 1);
    const [p] = problems;
    assert.equal(p?.rule, "unknown-field");
    assert.deepEqual([p?.line, p?.column], [6, 5]);
    assert.equal(p?.suggestion, "message");
    assert.deepEqual(p?.path, ["errors", "MISSING_FIELD", "mesage"]);
    assert.match(p?.message ?? "", /did you mean "message"/);
  });

  test("a misspelt top-level field and a misspelt enum value get suggestions", () => {
    const problems = problemsOf(
      `name: demo\nversoin: 1.0.0\nerrors:\n  A_B:\n    category: validation\n    retry: nevr\n`,
    );
    const rules = problems.map((p) => [p.rule, p.suggestion ?? p.message]);
    assert.deepEqual(rules.sort(), [
      ["missing-field", 'missing required field "version"'],
      ["unknown-field", "version"],
      ["wrong-value", "never"],
    ]);
  });

  test("a wrong type says what was expected and what was found", () => {
    const [p] = problemsOf(`${HEAD}errors:\n  A_B:\n    category: validation\n    status: "400"\n`);
    assert.equal(p?.rule, "wrong-type");
    assert.match(p?.message ?? "", /expected .*number.*got the string "400"/);
    assert.deepEqual([p?.line, p?.column], [6, 5]);
  });

  test("an invalid error name is refused with the naming rule", () => {
    const [p] = problemsOf(`${HEAD}errors:\n  rate_limited:\n    category: rate_limit\n`);
    assert.equal(p?.rule, "invalid-name");
    assert.match(p?.message ?? "", /SCREAMING_SNAKE_CASE/);
    assert.equal(p?.line, 4);
  });

  test("a duplicate name is found by the parser at its line", () => {
    const [p] = problemsOf(`${HEAD}errors:\n  A_B:\n    category: validation\n  A_B:\n    category: server\n`);
    assert.equal(p?.rule, "duplicate-name");
    assert.equal(p?.line, 6);
  });

  test("a duplicate code is refused, naming both errors", () => {
    const yaml = `${HEAD}codes: { style: pattern, pattern: "E\\\\d{3}" }\nerrors:\n  A_B:\n    code: E001\n    category: validation\n  C_D:\n    code: E001\n    category: server\n`;
    const problems = problemsOf(yaml);
    assert.deepEqual(
      problems.map((p) => p.rule),
      ["duplicate-code"],
    );
    assert.match(problems[0]?.message ?? "", /E001 is already used by A_B/);
    assert.equal(problems[0]?.line, 9);
  });

  test("a code that does not fit the code style is refused", () => {
    const pattern = problemsOf(
      `${HEAD}codes: { style: pattern, pattern: "E\\\\d{3}" }\nerrors:\n  A_B:\n    code: X12\n    category: validation\n`,
    );
    assert.deepEqual(
      pattern.map((p) => p.rule),
      ["code-style"],
    );
    assert.match(pattern[0]?.message ?? "", /does not match/);
    const hier = problemsOf(
      `${HEAD}codes: hierarchical\ncategories:\n  connection: { code: "0x01" }\nerrors:\n  A_B:\n    code: "0x0201"\n    category: connection\n  C_D:\n    code: "0x0102"\n    category: connection\n    subcodes:\n      E_F: { code: "0x0103_01" }\n`,
    );
    assert.deepEqual(
      hier.map((p) => p.rule),
      ["code-style", "code-style"],
    );
    assert.match(hier[0]?.message ?? "", /not in its category's range 0x01XX/);
    assert.match(hier[1]?.message ?? "", /does not start with its error's code 0x0102/);
    const numeric = problemsOf(
      `${HEAD}codes: { style: numeric, min: -32099, max: -32000 }\nerrors:\n  A_B:\n    code: -32700\n    category: validation\n  C_D:\n    code: -32001\n    category: server\n`,
    );
    assert.deepEqual(
      numeric.map((p) => p.rule),
      ["code-style"],
    );
    const missing = problemsOf(`${HEAD}codes: hierarchical\nerrors:\n  A_B:\n    category: validation\n`);
    assert.match(missing[0]?.message ?? "", /has no code/);
  });

  test("an unknown category gets the nearest known one", () => {
    const [p] = problemsOf(`${HEAD}errors:\n  A_B:\n    category: rate_limt\n`);
    assert.equal(p?.rule, "unknown-category");
    assert.equal(p?.suggestion, "rate_limit");
  });

  test("loadCatalog throws one CATALOG_INVALID listing every problem with its location", () => {
    const error = loadError(`${HEAD}errors:\n  A_B:\n    category: validation\n    mesage: x\n    status: "400"\n`);
    assert.equal(error.name, "CATALOG_INVALID");
    assert.equal(error.details.count, 2);
    assert.match(error.message, /c\.yaml:6:5: errors\.A_B\.mesage: unknown field "mesage"; did you mean "message"\?/);
    assert.match(error.message, /c\.yaml:7:5: errors\.A_B\.status: expected/);
    assert.doesNotMatch(error.message, /at .*\.ts:\d+/, "no stack in the message");
  });

  test("a missing file and a directory are typed errors", () => {
    assert.throws(
      () => loadCatalog("/nonexistent/errata.yaml"),
      (e: unknown) => isErrataError(e) && e.name === "CATALOG_NOT_FOUND",
    );
    assert.throws(
      () => loadCatalog(tempFiles({})),
      (e: unknown) => isErrataError(e) && e.name === "CATALOG_UNREADABLE",
    );
  });

  test("JSON catalogs load through the same path, with positions", () => {
    const dir = tempFiles({
      "c.json": JSON.stringify(
        { name: "demo", version: "1.0.0", errors: { A_B: { category: "validation", staus: 400 } } },
        null,
        2,
      ),
    });
    const [p] = inspectCatalogFile(join(dir, "c.json")).problems;
    assert.equal(p?.suggestion, "status");
    assert.equal(p?.line, 7);
  });

  test("prototype-pollution keys are refused and pollute nothing", () => {
    const problems = problemsOf(
      `${HEAD}__proto__: { polluted: true }\nerrors:\n  A_B:\n    category: validation\n    details:\n      __proto__: string\n`,
    );
    assert.ok(problems.length >= 1);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test("an empty file, a scalar and a list are refused clearly", () => {
    for (const [text, expected] of [
      ["", /empty/],
      ["just text", /^not an errata catalog: it holds text \(9 characters, not shown\)/],
      ["- a\n- b\n", /^not an errata catalog: it holds a list/],
    ] as const) {
      const problems = problemsOf(text);
      assert.match(problems[0]?.message ?? "", expected);
      assert.ok(problems.length > 0);
      assert.ok(problems.every((p) => p.severity === "error" && p.message.length > 0));
    }
  });

  test("a file that is not a catalog is never quoted: not its keys, not its text", () => {
    const secret = "npm_abcdefghijklmnopqrstuvwxyz0123456789SECRET";
    for (const text of [
      `//registry.npmjs.org/:_authToken=${secret}\n`,
      `API_TOKEN: ${secret}\nother: 1\n`,
      `- ${secret}\n`,
    ]) {
      const problems = problemsOf(text);
      assert.deepEqual(
        problems.map((p) => p.rule),
        ["not-a-catalog"],
      );
      assert.doesNotMatch(problems[0]?.message ?? "", /npm_|API_TOKEN|registry/);
    }
    // In a catalog, a long unknown key is quoted only in part.
    const long = problemsOf(`${HEAD}${"k".repeat(500)}: 1\n`);
    assert.ok((long[0]?.message.length ?? 0) < 120, long[0]?.message);
  });

  test("a billion-laughs alias bomb is refused, not expanded", () => {
    let yaml = `${HEAD}a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n`;
    for (let i = 1; i < 10; i++)
      yaml += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(", ")}]\n`;
    const dir = tempFiles({ "bomb.yaml": yaml });
    const { problems, catalog } = inspectCatalogFile(join(dir, "bomb.yaml"));
    assert.equal(catalog, undefined);
    assert.equal(problems[0]?.rule, "syntax");
    assert.match(problems[0]?.message ?? "", /alias/i);
  });
});

describe("includes", () => {
  const base = `name: base\nversion: 1.0.0\ncategories:\n  server: { title: Shared Server Errors }\nerrors:\n  INTERNAL_ERROR:\n    category: server\n    causes: [x]\n    solutions: [y]\n  RATE_LIMITED:\n    category: rate_limit\n`;

  test("a catalog includes shared base errors, first, keeping their origin", () => {
    const dir = tempFiles({
      "base.yaml": base,
      "svc.yaml": `name: svc\nversion: 2.0.0\ninclude: [base.yaml]\nerrors:\n  ORDER_NOT_FOUND:\n    category: not_found\n`,
    });
    const catalog = loadCatalog(join(dir, "svc.yaml"));
    assert.deepEqual(
      catalog.errors.map((e) => `${e.catalog}:${e.name}`),
      ["base:INTERNAL_ERROR", "base:RATE_LIMITED", "svc:ORDER_NOT_FOUND"],
    );
    assert.deepEqual(catalog.includes, ["base"]);
    assert.ok(catalog.categories.some((c) => c.title === "Shared Server Errors"));
    assert.match(catalog.errors[0]?.source?.file ?? "", /base\.yaml$/);
  });

  test("names stay unique across what a catalog includes", () => {
    const dir = tempFiles({
      "base.yaml": base,
      "svc.yaml": `name: svc\nversion: 1.0.0\ninclude: [base.yaml]\nerrors:\n  RATE_LIMITED:\n    category: rate_limit\n`,
    });
    const { problems } = inspectCatalogFile(join(dir, "svc.yaml"));
    assert.deepEqual(
      problems.map((p) => [p.rule, p.line]),
      [["duplicate-name", 5]],
    );
    assert.match(problems[0]?.message ?? "", /already declared by catalog "base"/);
  });

  test("an include cycle is refused with its path", () => {
    const dir = tempFiles({
      "a.yaml": `name: a\nversion: 1.0.0\ninclude: [b.yaml]\nerrors: {}\n`,
      "b.yaml": `name: b\nversion: 1.0.0\ninclude: [a.yaml]\nerrors: {}\n`,
    });
    assert.throws(
      () => loadCatalog(join(dir, "a.yaml")),
      (e: unknown) =>
        isErrataError(e) && e.name === "CATALOG_INCLUDE_CYCLE" && /a\.yaml → .*b\.yaml → .*a\.yaml/.test(e.message),
    );
  });

  test("a missing include is a problem at its own line, reported with the catalog's other problems", () => {
    const dir = tempFiles({
      "svc.yaml": `name: svc\nversion: 1.0.0\ninclude:\n  - base.yaml\nerrors:\n  BAD:\n    category: nope\n`,
    });
    const { problems } = inspectCatalogFile(join(dir, "svc.yaml"));
    const missing = problems.find((p) => p.rule === "include-missing");
    assert.ok(missing, JSON.stringify(problems));
    assert.deepEqual([missing.line, missing.column, missing.severity], [4, 5, "error"]);
    assert.match(missing.message, /^include "base\.yaml": no such file/);
    assert.throws(
      () => loadCatalog(join(dir, "svc.yaml")),
      (e: unknown) => isErrataError(e) && e.name === "CATALOG_INVALID" && /svc\.yaml:4:5/.test(e.message),
    );
  });

  test("an untrusted catalog cannot include files outside its folder: refused unread, nothing quoted", () => {
    const outside = tempFiles({ "secret.yaml": "root:*:19000:0:99999:7:::\ntoken: npm_SECRETSECRET\n" });
    const dir = tempFiles({});
    mkdirSync(join(dir, "shared"));
    writeFileSync(join(dir, "shared", "base.yaml"), base);
    symlinkSync(join(outside, "secret.yaml"), join(dir, "link.yaml"));
    const includes = [join(outside, "secret.yaml"), "../../../../../../etc/passwd", "link.yaml", "shared/base.yaml"];
    writeFileSync(
      join(dir, "svc.yaml"),
      `name: svc\nversion: 1.0.0\ninclude:\n${includes.map((i) => `  - ${JSON.stringify(i)}\n`).join("")}errors: {}\n`,
    );
    const { problems, catalog } = inspectCatalogFile(join(dir, "svc.yaml"));
    assert.equal(catalog, undefined);
    assert.deepEqual(
      problems.map((p) => [p.rule, p.line]),
      [
        ["include-outside", 4],
        ["include-outside", 5],
        ["include-outside", 6],
      ],
    );
    const text = JSON.stringify(problems);
    assert.doesNotMatch(text, /SECRET|root:\*/);
    // Widened on purpose, the outside file is read (and is not a catalog).
    const widened = inspectCatalogFile(join(dir, "svc.yaml"), { includeRoot: "/" });
    assert.ok(!widened.problems.some((p) => p.rule === "include-outside"));
  });

  test("problems inside an included file point into that file", () => {
    const dir = tempFiles({
      "base.yaml": `name: base\nversion: 1.0.0\nerrors:\n  A_B:\n    category: validation\n    titel: x\n`,
      "svc.yaml": `name: svc\nversion: 1.0.0\ninclude: [base.yaml]\nerrors: {}\n`,
    });
    const [p] = inspectCatalogFile(join(dir, "svc.yaml")).problems;
    assert.match(p?.file ?? "", /base\.yaml$/);
    assert.equal(p?.line, 6);
    assert.equal(p?.suggestion, "title");
  });
});

describe("untrusted text", () => {
  test("docs URLs must be http(s); links http(s) or relative; never javascript:", () => {
    const dir = tempFiles({
      "c.yaml": [
        "name: c",
        "version: 1.0.0",
        "docsBaseUrl: 'javascript:alert(1)//'",
        "errors:",
        "  BOOM:",
        "    category: server",
        "    docs: 'data:text/html,<script>alert(1)</script>'",
        "    links:",
        "      - { title: Guide, url: ../guide.md }",
        "      - { title: Evil, url: 'javascript:alert(1)' }",
        "      - { title: Home, url: 'https://example.com/' }",
        "",
      ].join("\n"),
    });
    const { problems, catalog } = inspectCatalogFile(join(dir, "c.yaml"));
    assert.equal(catalog, undefined);
    assert.deepEqual(
      problems.map((p) => p.line).sort((a, b) => (a ?? 0) - (b ?? 0)),
      [3, 7, 10],
    );
  });

  test("invalid UTF-8 is refused, not replaced", () => {
    const dir = tempFiles({});
    writeFileSync(
      join(dir, "c.yaml"),
      Buffer.from([...Buffer.from("name: caf"), 0xe9, ...Buffer.from("\nversion: 1.0.0\n")]),
    );
    assert.throws(
      () => inspectCatalogFile(join(dir, "c.yaml")),
      (e: unknown) => isErrataError(e) && e.name === "CATALOG_UNREADABLE" && /not valid UTF-8/.test(e.message),
    );
  });
});

test("a link without a title shows its URL", () => {
  const dir = tempFiles({
    "c.yaml":
      "name: c\nversion: 1.0.0\nlinks: [{ url: 'https://example.com/guide' }]\nerrors:\n  BOOM:\n    category: server\n    links:\n      - { url: ../runbook.md }\n      - { title: Status, url: 'https://status.example.com' }\n",
  });
  const catalog = loadCatalog(join(dir, "c.yaml"));
  assert.deepEqual(catalog.links, [{ title: "https://example.com/guide", url: "https://example.com/guide" }]);
  assert.deepEqual(catalog.errors[0]?.links, [
    { title: "../runbook.md", url: "../runbook.md" },
    { title: "Status", url: "https://status.example.com" },
  ]);
});

test("one run reports what the schema refuses and what the build finds in the other errors, each at its line", () => {
  const dir = tempFiles({
    "shop.yaml":
      'name: shop\nversion: 1.0.0\nerrors:\n  TYPO_FIELD:\n    category: validation\n    mesage: "x"\n  BAD_CATEGORY:\n    category: nope\n  DUP_A:\n    category: server\n    code: E1\n  DUP_B:\n    category: server\n    code: E1\n',
  });
  const { catalog, problems } = inspectCatalogFile(join(dir, "shop.yaml"));
  assert.equal(catalog, undefined);
  assert.deepEqual(
    problems.map((p) => `${p.line}:${p.column} ${p.rule}`),
    ["6:5 unknown-field", "8:5 unknown-category", "14:5 duplicate-code"],
  );
});

test("a catalog file over the size limit is refused unread, naming its size and the limit; the limit is an option", () => {
  const dir = tempFiles({ "big.yaml": `name: big\nversion: 1.0.0\ndescription: ${"x".repeat(2000)}\nerrors: {}\n` });
  const file = join(dir, "big.yaml");
  assert.throws(
    () => loadCatalog(file, { maxBytes: 1000 }),
    (e: unknown) =>
      isErrataError(e) && e.name === "CATALOG_UNREADABLE" && /larger than the limit of 1000/.test(e.message),
  );
  assert.equal(loadCatalog(file, { maxBytes: 10_000 }).name, "big");
  assert.equal(MAX_CATALOG_BYTES, 256 * 1024 * 1024);
  const cli = runCli(["lint", file, "--max-bytes", "1000"]);
  assert.equal(cli.code, 2);
  assert.match(cli.stdout + cli.stderr, /larger than the limit of 1000 \(raise it with --max-bytes/);
  assert.equal(runCli(["lint", file, "--max-bytes", "nope"]).code, 2);
});
