/**
 * Issue 18's foundation: the languages a catalog declares, translations of each
 * error's text, their lint checks, and errors raised for a language with the
 * fallback through the tag's parents to the default.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { compileCatalog } from "../../src/catalog/compile.js";
import { lintCatalog } from "../../src/catalog/lint.js";
import { localeChain } from "../../src/catalog/locale.js";
import type { CatalogInput } from "../../src/catalog/schema.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { errorResponse } from "../../src/server/respond.js";

const shop: CatalogInput = {
  name: "shop",
  version: "1.0.0",
  locales: ["en", "fr", "fr-ca"],
  errors: {
    KEYS_LEFT: {
      category: "rate_limit",
      message: "Only {count} keys left for {user}",
      details: { count: "integer", user: "string" },
      causes: ["Too many keys"],
      solutions: ["Delete a key"],
      translations: {
        fr: { title: "Clés restantes", message: "Plus que {count} clés pour {user}", causes: ["Trop de clés"] },
        "fr-CA": { message: "Il reste {count} clés pour {user}" },
      },
    },
    CART_EMPTY: { category: "validation", message: "The cart is empty", causes: ["x"], solutions: ["y"] },
  },
};

describe("locales and translations", () => {
  test("declared tags are canonical, the first is the default; translations are kept by locale", () => {
    const { catalog, problems } = compileCatalog(shop);
    assert.deepEqual(problems, []);
    assert.deepEqual(catalog?.locales, ["en", "fr", "fr-CA"]);
    assert.equal(catalog?.defaultLocale, "en");
    const def = catalog?.errors[0];
    assert.equal(def?.translations.fr?.title, "Clés restantes");
    assert.deepEqual(def?.translations["fr-CA"]?.message?.params, ["count", "user"]);
    assert.equal(
      compileCatalog({ ...shop, locales: undefined, errors: { A: { category: "server" } } }).catalog?.defaultLocale,
      "en",
    );
  });

  test("a malformed tag, an undeclared locale and a translation into the default are errors", () => {
    const problems = (input: Partial<CatalogInput>) =>
      compileCatalog({ ...shop, ...input }).problems.map((p) => `${p.rule} ${p.path.join(".")}`);
    assert.deepEqual(problems({ locales: ["en", "fr-"] }), ["wrong-format locales.1"]);
    assert.deepEqual(problems({ locales: ["en", "xx-1234567890"] }), ["wrong-format locales.1"]);
    assert.deepEqual(problems({ locales: ["en", "fr", "fr-CA", "fr"] }), ["locale-tag locales.3"]);
    const undeclared = compileCatalog({ ...shop, locales: ["en", "fr-CA"] }).problems;
    assert.deepEqual(
      undeclared.map((p) => [p.rule, p.path.join("."), p.suggestion]),
      [["unknown-locale", "errors.KEYS_LEFT.translations.fr", "fr-CA"]],
    );
    const intoDefault = compileCatalog({
      ...shop,
      errors: { A: { category: "server", translations: { en: { title: "A" } } } },
    }).problems;
    assert.match(intoDefault[0]?.message ?? "", /en is the catalog's default language/);
  });

  test("lint: a translation's parameters must be the source's; missing translations are counted per locale", () => {
    const input: CatalogInput = {
      ...shop,
      errors: {
        ...shop.errors,
        KEYS_LEFT: {
          ...(shop.errors.KEYS_LEFT as object),
          category: "rate_limit",
          translations: { fr: { message: "Plus que {count} clés pour {utilisateur}" } },
        },
      },
    };
    const { catalog } = compileCatalog(input);
    const found = lintCatalog(catalog as NonNullable<typeof catalog>)
      .filter((p) => p.rule.startsWith("translation"))
      .map((p) => `${p.rule}: ${p.message}`);
    assert.deepEqual(found, [
      "translation-missing: fr: 1 of 2 errors have no translated message (CART_EMPTY); they fall back to en",
      "translation-missing: fr-CA: 2 of 2 errors have no translated message (KEYS_LEFT, CART_EMPTY); they fall back to en",
      "translation-params: the fr message lacks {user} and has {utilisateur}, which the source message does not",
    ]);
  });

  test("raised for a language: its message through fr-CA → fr → en; message stays in the default", () => {
    const { catalog } = compileCatalog(shop);
    const errors = createErrors(catalog as NonNullable<typeof catalog>);
    const details = { count: 2, user: "ana" };
    const canada = errors.KEYS_LEFT?.(details, { locale: "fr-ca" });
    assert.equal(canada?.message, "Only 2 keys left for ana");
    assert.deepEqual(canada?.localized, { locale: "fr-CA", message: "Il reste 2 clés pour ana" });
    assert.deepEqual(errors.KEYS_LEFT?.(details, { locale: "fr-BE" })?.localized, {
      locale: "fr",
      message: "Plus que 2 clés pour ana",
    });
    assert.deepEqual(errors.KEYS_LEFT?.(details, { locale: "de" })?.localized, {
      locale: "en",
      message: "Only 2 keys left for ana",
    });
    assert.deepEqual(errors.CART_EMPTY?.({}, { locale: "fr" })?.localized, {
      locale: "en",
      message: "The cart is empty",
    });
    assert.equal(errors.KEYS_LEFT?.(details)?.localized, undefined);
    assert.deepEqual(localeChain("zh-hant-tw", "en"), ["zh-Hant-TW", "zh-Hant", "zh", "en"]);
    assert.deepEqual(localeChain("not a tag", "en"), ["en"]);
  });

  test("asked otherwise, message is in the language too: per raise, or for every factory", () => {
    const { catalog } = compileCatalog(shop);
    const details = { count: 2, user: "ana" };
    const errors = createErrors(catalog as NonNullable<typeof catalog>);
    const inFrench = errors.KEYS_LEFT?.(details, { locale: "fr-BE", localizeMessage: true });
    assert.deepEqual(
      [inFrench?.message, inFrench?.localized?.message, inFrench?.stack?.split("\n")[0]],
      ["Plus que 2 clés pour ana", "Plus que 2 clés pour ana", "KEYS_LEFT: Plus que 2 clés pour ana"],
    );
    const everywhere = createErrors(catalog as NonNullable<typeof catalog>, { localizeMessage: true });
    assert.equal(everywhere.KEYS_LEFT?.(details, { locale: "fr" })?.message, "Plus que 2 clés pour ana");
    assert.equal(
      everywhere.KEYS_LEFT?.(details, { locale: "fr", localizeMessage: false })?.message,
      "Only 2 keys left for ana",
    );
    // Without a locale there is nothing to localize.
    assert.equal(everywhere.KEYS_LEFT?.(details)?.message, "Only 2 keys left for ana");
  });
});

describe("ICU MessageFormat", () => {
  const icu: CatalogInput = {
    name: "keys",
    version: "1.0.0",
    locales: ["en", "fr"],
    errors: {
      KEYS_LEFT: {
        category: "conflict",
        message: "{count, plural, one {# key} other {# keys}} left for {user}",
        details: { count: "integer", user: "string" },
        causes: ["x"],
        solutions: ["y"],
        translations: { fr: { message: "{count, plural, one {# clé restante} other {# clés restantes}} pour {user}" } },
      },
      QUOTED: {
        category: "validation",
        message: "Purpose '{purpose}' is not allowed",
        details: { purpose: "string" },
        causes: ["x"],
        solutions: ["y"],
      },
    },
  };

  test("plurals render per language, compiled once; plain templates keep their apostrophes", () => {
    const { catalog, problems } = compileCatalog(icu);
    assert.deepEqual(problems, []);
    assert.deepEqual(catalog?.errors[0]?.message.params, ["count", "user"]);
    const errors = createErrors(catalog as NonNullable<typeof catalog>);
    assert.equal(errors.KEYS_LEFT?.({ count: 1, user: "ana" })?.message, "1 key left for ana");
    assert.equal(errors.KEYS_LEFT?.({ count: 3, user: "ana" })?.message, "3 keys left for ana");
    assert.equal(
      errors.KEYS_LEFT?.({ count: 1, user: "ana" }, { locale: "fr" })?.localized?.message,
      "1 clé restante pour ana",
    );
    assert.equal(
      errors.KEYS_LEFT?.({ count: 2, user: "ana" }, { locale: "fr" })?.localized?.message,
      "2 clés restantes pour ana",
    );
    assert.equal(errors.QUOTED?.({ purpose: "ads" })?.message, "Purpose 'ads' is not allowed");
    // A value missing: the message as written, so the omission shows.
    assert.equal(
      errors.KEYS_LEFT?.({ user: "ana" } as never)?.message,
      "{count, plural, one {# key} other {# keys}} left for {user}",
    );
  });

  test("an ICU syntax error names where in the message; translated ICU parameters are checked", () => {
    const broken = compileCatalog({
      ...icu,
      errors: { A: { category: "server", message: "{count, plural, one {# key} other {# keys}" } },
    }).problems;
    assert.equal(broken[0]?.rule, "template");
    assert.match(broken[0]?.message ?? "", /^ICU syntax error at line 1, column \d+ of the message: /);
    const { catalog } = compileCatalog({
      ...icu,
      errors: {
        KEYS_LEFT: {
          ...(icu.errors.KEYS_LEFT as object),
          category: "conflict",
          translations: { fr: { message: "{n, plural, one {# clé} other {# clés}} pour {user}" } },
        },
      },
    });
    const found = lintCatalog(catalog as NonNullable<typeof catalog>).filter((p) => p.rule === "translation-params");
    assert.equal(found[0]?.message, "the fr message lacks {count} and has {n}, which the source message does not");
  });
});

describe("hostile languages", () => {
  test("any tag and any Accept-Language: never a throw, always a declared locale, the code kept", () => {
    const { catalog } = compileCatalog(shop);
    const model = catalog as NonNullable<typeof catalog>;
    const errors = createErrors(model);
    const tag = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom("fr", "FR-ca", "fr-CA-x-private", "zh-Hant-TW", "i-klingon", "*", "", "en-US-u-nu-thai"),
      fc
        .array(fc.constantFrom("fr", "ca", "Latn", "x", "-", "_", "1", "abcdefghi"), { maxLength: 20 })
        .map((p) => p.join("-")),
    );
    fc.assert(
      fc.property(tag, (locale) => {
        const error = errors.KEYS_LEFT?.({ count: 1, user: "u" }, { locale, stack: false });
        assert.equal(model.locales.includes(error?.localized?.locale ?? ""), true);
        const r = errorResponse(error, { "accept-language": locale }, { catalog: model });
        assert.equal(model.locales.includes(String(r.headers["Content-Language"])), true);
        assert.equal((JSON.parse(r.body as string) as { code: string }).code, "KEYS_LEFT");
      }),
      { numRuns: 500 },
    );
  });
});
