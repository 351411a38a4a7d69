/**
 * What real catalogs written elsewhere need: errors with no HTTP status (a CLI's,
 * with exit codes), any 4xx/5xx, extension fields declared and checked, free-form
 * codes, empty descriptions, names shared by several codes, and lint settings.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { compileCatalog } from "../../src/catalog/compile.js";
import { LINT_RULES, lintCatalog, sharedCodeShape } from "../../src/catalog/lint.js";
import type { CatalogInput } from "../../src/catalog/schema.js";
import { inspectCatalogFile } from "../../src/sources/load.js";
import { tempFiles } from "../helpers.js";

const CLEAN = { causes: ["a cause"], solutions: ["a solution"] };

function compile(input: Partial<CatalogInput> & Pick<CatalogInput, "errors">) {
  const result = compileCatalog({ name: "shop", version: "1.0.0", ...input });
  assert.ok(result.catalog, JSON.stringify(result.problems));
  return result;
}

function lint(input: Partial<CatalogInput> & Pick<CatalogInput, "errors">) {
  const { catalog, problems } = compile(input);
  assert.deepEqual(problems, []);
  return lintCatalog(catalog as NonNullable<typeof catalog>);
}

const rules = (input: Partial<CatalogInput> & Pick<CatalogInput, "errors">) => lint(input).map((p) => p.rule);

describe("errors with no HTTP status", () => {
  const input: Partial<CatalogInput> & Pick<CatalogInput, "errors"> = {
    categories: { cli: { kind: "validation", status: "none", exitCode: 2 } },
    errors: {
      CONFIG_MISSING: {
        ...CLEAN,
        category: "cli",
        exitCode: 78,
        message: "No config at {path}",
        details: { path: { type: "string", example: "/etc/app.toml" } },
      },
      BAD_FLAG: { ...CLEAN, category: "cli" },
      NOT_FOUND: { ...CLEAN, category: "not_found" },
    },
  };

  test("status: none has no status; exitCode is kept, inherited from the category", () => {
    const { catalog } = compile(input);
    const [config, flag, notFound] = catalog?.errors ?? [];
    assert.equal(config?.status, undefined);
    assert.equal(config?.exitCode, 78);
    assert.equal(flag?.status, undefined);
    assert.equal(flag?.exitCode, 2);
    assert.equal(flag?.severity, "error");
    assert.equal(notFound?.status, 404);
  });

  test("no HTTP lint rule fires on them, and the advice for a 2xx error names status: none", () => {
    assert.deepEqual(rules(input), []);
    const advice = lint({ errors: { DONE: { ...CLEAN, category: "server", status: 200 } } }).find(
      (p) => p.rule === "not-an-error-status",
    );
    assert.match(advice?.suggestion ?? "", /status: none/);
  });

  test("a status that is neither a number nor none says both", () => {
    const { problems } = compileCatalog({
      name: "shop",
      version: "1.0.0",
      errors: { X: { category: "server", status: "400" as unknown as number } },
    });
    assert.equal(problems[0]?.message, 'expected a number or "none", got the string "400"');
  });
});

describe("any error status", () => {
  test("the generic client kind takes any 4xx, server any 5xx; others name the way out", () => {
    assert.deepEqual(rules({ errors: { TEAPOT: { ...CLEAN, category: "client", status: 418 } } }), []);
    assert.deepEqual(rules({ errors: { LEGAL: { ...CLEAN, category: "client", status: 451 } } }), []);
    assert.deepEqual(rules({ errors: { INSUFFICIENT: { ...CLEAN, category: "server", status: 507 } } }), []);
    assert.deepEqual(rules({ errors: { LOOP: { ...CLEAN, category: "server", status: 508 } } }), []);
    const wrong = lint({ errors: { GONE: { ...CLEAN, category: "validation", status: 405 } } });
    assert.equal(wrong[0]?.rule, "status-category");
    assert.match(wrong[0]?.suggestion ?? "", /generic kind client/);
    assert.deepEqual(rules({ errors: { CLIENT_500: { ...CLEAN, category: "client", status: 500 } } }), [
      "status-category",
    ]);
  });

  test("lint.allowStatuses accepts a status in any category", () => {
    const errors = { NOT_ALLOWED: { ...CLEAN, category: "validation", status: 405 } };
    assert.deepEqual(rules({ errors, lint: { allowStatuses: [405] } }), []);
  });
});

describe("extension fields", () => {
  const extensions: CatalogInput["extensions"] = {
    classification: { type: "string", enum: ["actionable", "unexpected", "unsupported"], required: true },
    owner: "string",
    tags: { type: "array", items: "string" },
    level: { type: "integer", wire: true },
  };

  test("meta is kept verbatim; wire: true fields are the ones bodies carry", () => {
    const { catalog } = compile({
      extensions,
      errors: {
        A: {
          ...CLEAN,
          category: "server",
          meta: { classification: "unexpected", owner: "team-api", level: 3, tags: ["x", "y"] },
        },
      },
    });
    const def = catalog?.errors[0];
    assert.deepEqual(def?.meta, { classification: "unexpected", owner: "team-api", level: 3, tags: ["x", "y"] });
    assert.deepEqual(def?.wireMeta, { level: 3 });
    assert.deepEqual(
      catalog?.extensions.map((f) => [f.name, f.type, f.required, f.wire]),
      [
        ["classification", "string", true, false],
        ["owner", "string", false, false],
        ["tags", "array", false, false],
        ["level", "integer", false, true],
      ],
    );
  });

  test("lint checks each error against the declaration", () => {
    const found = lint({
      extensions,
      errors: {
        UNDECLARED: { ...CLEAN, category: "server", meta: { classification: "actionable", ownr: "x" } },
        WRONG_TYPE: { ...CLEAN, category: "server", meta: { classification: "actionable", level: "high" } },
        WRONG_VALUE: { ...CLEAN, category: "server", meta: { classification: "fatal" } },
        WRONG_ITEMS: { ...CLEAN, category: "server", meta: { classification: "actionable", tags: [1] } },
        MISSING: { ...CLEAN, category: "server" },
        FINE: { ...CLEAN, category: "server", meta: { classification: "actionable", tags: ["a"], level: 2 } },
      },
    });
    const by = (name: string) => found.filter((p) => p.path[1] === name).map((p) => p.rule);
    assert.deepEqual(by("UNDECLARED"), ["meta-undeclared"]);
    assert.equal(found.find((p) => p.rule === "meta-undeclared")?.suggestion, "owner");
    assert.deepEqual(by("WRONG_TYPE"), ["meta-type"]);
    assert.deepEqual(by("WRONG_VALUE"), ["meta-type"]);
    assert.deepEqual(by("WRONG_ITEMS"), ["meta-type"]);
    assert.deepEqual(by("MISSING"), ["meta-required"]);
    assert.deepEqual(by("FINE"), []);
  });

  test("without a declaration, meta is free-form", () => {
    assert.deepEqual(
      rules({ errors: { A: { ...CLEAN, category: "server", meta: { anything: [1, "two", null] } } } }),
      [],
    );
  });
});

describe("codes, descriptions and names", () => {
  test("errors with codes and no codes: block are free-form codes, and lint suggests their shared shape", () => {
    const found = lint({
      errors: {
        CART_EMPTY: { ...CLEAN, category: "validation", code: "SHOP-0001" },
        CART_FULL: { ...CLEAN, category: "validation", code: "SHOP-0002" },
        ITEM_GONE: { ...CLEAN, category: "not_found", code: "SHOP-0103" },
      },
    });
    assert.deepEqual(
      found.map((p) => [p.rule, p.suggestion]),
      [["code-pattern", "codes: { style: pattern, pattern: 'SHOP-\\d{4}' }"]],
    );
    // The suggested pattern is one the pattern style accepts, and it fits every code.
    const { problems } = compileCatalog({
      name: "shop",
      version: "1.0.0",
      codes: { style: "pattern", pattern: "SHOP-\\d{4}" },
      errors: { CART_EMPTY: { category: "validation", code: "SHOP-0001" } },
    });
    assert.deepEqual(problems, []);
    assert.equal(sharedCodeShape(["CART-01", "SHOP-02"]), "[A-Z]{4}-\\d{2}");
    assert.equal(sharedCodeShape(["A1", "BB-2"]), undefined);
  });

  test("free-form codes stay unique", () => {
    const { problems } = compileCatalog({
      name: "shop",
      version: "1.0.0",
      errors: { A: { category: "server", code: "X-1" }, B: { category: "server", code: "X-1" } },
    });
    assert.deepEqual(
      problems.map((p) => p.rule),
      ["duplicate-code"],
    );
  });

  test("an empty description is absent, not an error", () => {
    const { catalog, problems } = compileCatalog({
      name: "shop",
      version: "1.0.0",
      description: "",
      errors: { A: { category: "server", description: "", title: "A thing" } },
    });
    assert.deepEqual(problems, []);
    assert.equal(catalog?.description, undefined);
    assert.equal(catalog?.errors[0]?.description, undefined);
    assert.equal(catalog?.errors[0]?.message.source, "A thing");
  });

  test("a name a real catalog gives several codes: the codes stay the identity, the names are made unique", () => {
    // The source catalog calls E1001 and E2001 both "TIMEOUT". The recommended form (README,
    // "Names shared by several codes"): keep each code, suffix the name with where it applies.
    const { catalog, problems } = compileCatalog({
      name: "shop",
      version: "1.0.0",
      errors: {
        TIMEOUT_CHECKOUT: { category: "timeout", code: "E1001", title: "Timeout", meta: { sourceName: "TIMEOUT" } },
        TIMEOUT_SEARCH: { category: "timeout", code: "E2001", title: "Timeout", meta: { sourceName: "TIMEOUT" } },
      },
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      catalog?.errors.map((e) => [e.code, e.name, e.title]),
      [
        ["E1001", "TIMEOUT_CHECKOUT", "Timeout"],
        ["E2001", "TIMEOUT_SEARCH", "Timeout"],
      ],
    );
    // Declared twice under one name in a file, the second is refused: names are unique.
    const dir = tempFiles({
      "errata.yaml":
        "name: shop\nversion: 1.0.0\nerrors:\n  TIMEOUT:\n    category: timeout\n    code: E1001\n  TIMEOUT:\n    category: timeout\n    code: E2001\n",
    });
    const twice = inspectCatalogFile(join(dir, "errata.yaml"));
    assert.deepEqual(
      twice.problems.map((p) => [p.rule, p.severity, p.line]),
      [["duplicate-name", "error", 7]],
    );
  });
});

describe("lint settings", () => {
  const errors = {
    BARE: { category: "server" },
    QUIET: { category: "server", lint: { "missing-causes": "off" as const } },
  };

  test("rules turn off or change severity for the catalog, and per error", () => {
    const all = lint({ errors });
    assert.deepEqual(
      all.map((p) => `${p.path[1]} ${p.rule} ${p.severity}`),
      ["BARE missing-causes warning", "BARE missing-solutions warning", "QUIET missing-solutions warning"],
    );
    const stricter = lint({ errors, lint: { rules: { "missing-solutions": "error", "missing-causes": "off" } } });
    assert.deepEqual(
      stricter.map((p) => `${p.path[1]} ${p.rule} ${p.severity}`),
      ["BARE missing-solutions error", "QUIET missing-solutions error"],
    );
  });

  test("a setting naming no rule is an error with the nearest rule", () => {
    const found = lint({
      errors: { A: { ...CLEAN, category: "server" } },
      lint: { rules: { "missing-cause": "off" } },
    });
    assert.deepEqual(
      found.map((p) => [p.rule, p.suggestion]),
      [["unknown-rule", "missing-causes"]],
    );
  });

  test("every rule of this file is a declared rule", () => {
    for (const rule of ["meta-undeclared", "meta-type", "meta-required", "code-pattern", "unknown-rule"]) {
      assert.ok(rule in LINT_RULES, rule);
    }
  });
});

describe("includes at scale", () => {
  test("a diamond of includes 25 levels deep: each file read once, each error once", () => {
    // Level k has two files, a and b, each including both files of level k+1: 2^25 paths, 50 files.
    const files: Record<string, string> = {};
    const depth = 25;
    for (let k = 0; k < depth; k++) {
      for (const side of ["a", "b"]) {
        const include = k + 1 < depth ? `include: [l${k + 1}a.yaml, l${k + 1}b.yaml]\n` : "";
        files[`l${k}${side}.yaml`] =
          `name: l${k}${side}\nversion: 1.0.0\n${include}errors:\n  E${k}${side.toUpperCase()}:\n    category: server\n`;
      }
    }
    files["root.yaml"] = "name: root\nversion: 1.0.0\ninclude: [l0a.yaml, l0b.yaml, l0a.yaml]\nerrors: {}\n";
    const dir = tempFiles(files);
    const inspection = inspectCatalogFile(join(dir, "root.yaml"));
    assert.equal(inspection.catalog?.errors.length, 2 * depth);
    assert.equal(new Set(inspection.catalog?.errors.map((e) => e.name)).size, 2 * depth);
    assert.equal(inspection.files.size, 2 * depth + 1);
    // The same file listed twice is a warning, read once.
    assert.deepEqual(
      inspection.problems.map((p) => [p.rule, p.severity, p.line]),
      [["include-twice", "warning", 3]],
    );
  });

  test("two included catalogs declaring one name is an error naming both", () => {
    const dir = tempFiles({
      "a.yaml": "name: a\nversion: 1.0.0\nerrors:\n  SAME:\n    category: server\n",
      "b.yaml": "name: b\nversion: 1.0.0\nerrors:\n  SAME:\n    category: server\n",
      "root.yaml": "name: root\nversion: 1.0.0\ninclude: [a.yaml, b.yaml]\nerrors: {}\n",
    });
    const inspection = inspectCatalogFile(join(dir, "root.yaml"));
    assert.match(
      inspection.problems.find((p) => p.rule === "duplicate-name")?.message ?? "",
      /SAME is declared by both included catalogs "a" and "b"/,
    );
  });
});

describe("positions on the fast road", () => {
  test("block-style keys are placed from the lines; flow style, JSON and anchors by the full Document", () => {
    const block = tempFiles({
      "c.yaml":
        "# a comment\nname: c\nversion: 1.0.0\nerrors:\n\n  A_B:\n    category: validation\n    status: 500\n    causes: [x]\n    solutions: [y]\n",
    });
    const a = inspectCatalogFile(join(block, "c.yaml"));
    const problem = lintCatalog(a.catalog as NonNullable<typeof a.catalog>);
    assert.equal(problem[0]?.rule, "status-category");
    assert.deepEqual(
      a.catalog?.errors[0]?.source && [a.catalog.errors[0].source.line, a.catalog.errors[0].source.column],
      [6, 3],
    );
    const flow = tempFiles({
      "c.json":
        '{\n  "name": "c",\n  "version": "1.0.0",\n  "errors": {\n    "A_B": { "category": "server" }\n  }\n}\n',
    });
    const b = inspectCatalogFile(join(flow, "c.json"));
    assert.deepEqual(
      b.catalog?.errors[0]?.source && [b.catalog.errors[0].source.line, b.catalog.errors[0].source.column],
      [5, 5],
    );
    const anchors = tempFiles({
      "c.yaml": "name: c\nversion: 1.0.0\nerrors:\n  A: &base\n    category: server\n  B: *base\n",
    });
    const c = inspectCatalogFile(join(anchors, "c.yaml"));
    assert.deepEqual(
      c.catalog?.errors.map((e) => [e.name, e.source?.line]),
      [
        ["A", 4],
        ["B", 6],
      ],
    );
  });
});
