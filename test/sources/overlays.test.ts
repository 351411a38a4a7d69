/**
 * Translation overlay files (`shop.fr.yaml` beside the catalog): merged into the
 * errors' translations, checked exactly as inline ones, every problem placed in the
 * overlay at its own line, and the bundled French overlay valid against the
 * published JSON Schema.
 */
import assert from "node:assert/strict";
import { readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import Ajv2020 from "ajv/dist/2020.js";
import { parse } from "yaml";
import { translationFileJsonSchema } from "../../src/catalog/schema.js";
import { lintFile } from "../../src/cli/lint.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { inspectCatalogFile, loadCatalog } from "../../src/sources/load.js";
import { REPO, runCli, tempFiles } from "../helpers.js";

const CATALOG = `name: shop
version: 1.0.0
locales: [en, fr, de]
translationFiles: [shop.fr.yaml]
errors:
  KEYS_LEFT:
    category: rate_limit
    message: "Only {count} keys left for {user}"
    details: { count: integer, user: string }
    causes: [Too many keys]
    solutions: [Delete a key]
    translations:
      de: { message: "Nur noch {count} Schlüssel für {user}" }
  CART_EMPTY:
    category: validation
    message: The cart is empty
    causes: [x]
    solutions: [y]
`;

describe("translation overlay files", () => {
  test("an overlay's entries become the errors' translations, beside inline ones", () => {
    const dir = tempFiles({
      "shop.yaml": CATALOG,
      "shop.fr.yaml": `locale: fr
errors:
  KEYS_LEFT:
    title: Clés restantes
    message: "Plus que {count} clés pour {user}"
    causes: [Trop de clés]
    solutions: [Supprimez une clé]
`,
    });
    const catalog = loadCatalog(join(dir, "shop.yaml"));
    const def = catalog.errors.find((e) => e.name === "KEYS_LEFT");
    assert.equal(def?.translations.fr?.title, "Clés restantes");
    assert.deepEqual(def?.translations.fr?.solutions, ["Supprimez une clé"]);
    assert.equal(def?.translations.de?.message?.source, "Nur noch {count} Schlüssel für {user}");
    const errors = createErrors(catalog);
    assert.equal(
      errors.KEYS_LEFT?.({ count: 2, user: "ana" }, { locale: "fr-BE" }).localized?.message,
      "Plus que 2 clés pour ana",
    );
    const report = lintFile(join(dir, "shop.yaml"));
    assert.deepEqual(
      report.problems
        .filter((p) => p.rule.startsWith("translation"))
        .map((p) => [p.rule, p.file?.endsWith("shop.yaml"), p.message.slice(0, 21)]),
      [
        ["translation-missing", true, "fr: 1 of 2 errors hav"],
        ["translation-missing", true, "de: 1 of 2 errors hav"],
      ],
    );
  });

  test("every problem of an overlay is placed in the overlay, at its line", () => {
    const dir = tempFiles({
      "shop.yaml": CATALOG,
      "shop.fr.yaml": `locale: fr
errors:
  KEYS_LEFT:
    message: "Plus que {count} clés"
    causez: [Trop de clés]
  CART_EMPTI:
    message: Le panier est vide
`,
    });
    const report = lintFile(join(dir, "shop.yaml"));
    const shown = report.problems.map((p) => `${p.file?.split("/").pop()}:${p.line}:${p.column} ${p.rule}`);
    assert.deepEqual(shown, ["shop.fr.yaml:5:5 unknown-field", "shop.fr.yaml:6:3 unknown-error"]);
    assert.match(report.problems[1]?.message ?? "", /no error CART_EMPTI; did you mean CART_EMPTY\?/);

    const fixed = tempFiles({
      "shop.yaml": CATALOG,
      "shop.fr.yaml": `locale: fr
errors:
  CART_EMPTY:
    message: Le panier est vide
  KEYS_LEFT:
    message: "Plus que {count} clés pour {user} et {extra}"
    causes: [Trop de clés, Vraiment trop]
`,
    });
    const params = lintFile(join(fixed, "shop.yaml")).problems.filter((p) => p.rule === "translation-params");
    assert.deepEqual(
      params.map((p) => `${p.file?.split("/").pop()}:${p.line}:${p.column}`),
      ["shop.fr.yaml:6:5"],
    );
    assert.match(params[0]?.message ?? "", /has \{extra\}/);
    const items = lintFile(join(fixed, "shop.yaml")).problems.filter((p) => p.rule === "translation-items");
    assert.deepEqual(
      items.map((p) => `${p.file?.split("/").pop()}:${p.line} ${p.message}`),
      ["shop.fr.yaml:7 the fr causes are 2, the source's 1: each translates the one at its place"],
    );

    const icu = tempFiles({
      "shop.yaml": CATALOG,
      "shop.fr.yaml": `locale: fr
errors:
  KEYS_LEFT:
    message: "{count, plural, one {# clé} other {# clés} pour {user}"
`,
    });
    const broken = inspectCatalogFile(join(icu, "shop.yaml")).problems.filter((p) => p.severity === "error");
    assert.deepEqual(
      broken.map((p) => `${p.file?.split("/").pop()}:${p.line} ${p.rule}`),
      ["shop.fr.yaml:4 template"],
    );
  });

  test("an undeclared locale, a translation given twice, a stray file and one outside the folder are refused", () => {
    const cases: [string, Record<string, string>, string[]][] = [
      ["undeclared", { "shop.fr.yaml": "locale: it\nerrors: {}\n" }, ["shop.fr.yaml:1 unknown-locale"]],
      ["default", { "shop.fr.yaml": "locale: EN\nerrors: {}\n" }, ["shop.fr.yaml:1 unknown-locale"]],
      [
        "twice",
        {
          "shop.fr.yaml": "locale: fr\nerrors:\n  KEYS_LEFT: { title: A }\n",
          "more.fr.yaml": "locale: fr\nerrors:\n  KEYS_LEFT: { title: B }\n",
        },
        ["more.fr.yaml:3 translation-twice"],
      ],
      ["not one", { "shop.fr.yaml": "name: other\nversion: 1.0.0\n" }, ["shop.fr.yaml:1 not-a-translation-file"]],
    ];
    for (const [what, files, expected] of cases) {
      const catalog = what === "twice" ? CATALOG.replace("[shop.fr.yaml]", "[shop.fr.yaml, more.fr.yaml]") : CATALOG;
      const dir = tempFiles({ "shop.yaml": catalog, ...files });
      const problems = inspectCatalogFile(join(dir, "shop.yaml")).problems.filter((p) => p.severity === "error");
      assert.deepEqual(
        problems.map((p) => `${p.file?.split("/").pop()}:${p.line} ${p.rule}`),
        expected,
        what,
      );
    }
    const inline = tempFiles({
      "shop.yaml": CATALOG,
      "shop.fr.yaml": "locale: de\nerrors:\n  KEYS_LEFT: { title: Schlüssel }\n",
    });
    const twice = inspectCatalogFile(join(inline, "shop.yaml")).problems;
    assert.deepEqual(
      twice.map((p) => [p.rule, p.message]),
      [["translation-twice", "KEYS_LEFT is translated into de inline in the catalog too; keep one"]],
    );

    const missing = tempFiles({ "shop.yaml": CATALOG });
    assert.deepEqual(
      inspectCatalogFile(join(missing, "shop.yaml")).problems.map((p) => `${p.line} ${p.rule}: ${p.message}`),
      [`4 translation-file-missing: Catalog file not found: ${join(missing, "shop.fr.yaml")}`],
    );

    const outside = tempFiles({
      "cat/shop.yaml": CATALOG.replace("[shop.fr.yaml]", "[../secret.yaml]"),
      "secret.yaml": "x: 1\n",
    });
    const refused = inspectCatalogFile(join(outside, "cat", "shop.yaml")).problems;
    assert.deepEqual(
      refused.map((p) => `${p.line} ${p.rule}`),
      ["4 include-outside"],
    );

    // A symlink inside the folder that points out of it is refused the same way, unread.
    const linked = tempFiles({ "cat/shop.yaml": CATALOG, "secret.yaml": "token: npm_SECRETSECRET\n" });
    symlinkSync(join(linked, "secret.yaml"), join(linked, "cat", "shop.fr.yaml"));
    const viaLink = inspectCatalogFile(join(linked, "cat", "shop.yaml")).problems;
    assert.deepEqual(
      viaLink.map((p) => `${p.line} ${p.rule}`),
      ["4 include-outside"],
    );
    assert.doesNotMatch(JSON.stringify(viaLink), /SECRET/);
  });

  test("the bundled French overlay is valid against the published schema, which is up to date", () => {
    const published = JSON.parse(readFileSync(join(REPO, "schema", "translations.schema.json"), "utf8"));
    assert.deepEqual(published, translationFileJsonSchema());
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    const validate = ajv.compile(published);
    const overlay = parse(readFileSync(join(REPO, "examples", "catalogs", "locales", "tracemem.fr.yaml"), "utf8"));
    assert.equal(validate(overlay), true, ajv.errorsText(validate.errors));
    assert.equal(validate({ locale: "fr", errors: { BAD: { titre: "x" } } }), false);
    assert.equal(validate({ errors: {} }), false);
  });
});

test("lint given an overlay on its own (errata lint *.yaml) says what it is, and does not fail", () => {
  const r = runCli(["lint", join(REPO, "examples", "catalogs", "locales", "tracemem.fr.yaml")]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /\(translations\): ok, 1 warning\(s\)/);
  assert.match(r.stdout, /a translation file, not a catalog: it is checked with the catalog that lists it/);
});
