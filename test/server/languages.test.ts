/**
 * A catalog in several languages answers in the caller's: each adapter, over real
 * HTTP where it has one, negotiates `Accept-Language: fr-CA, fr;q=0.9, en;q=0.5`
 * and answers with Content-Language and Vary; the code stays the identity. Google's
 * format keeps `message` in the default language and adds a LocalizedMessage.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compileCatalog } from "../../src/catalog/compile.js";
import type { Catalog } from "../../src/catalog/model.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import type { ErrataError } from "../../src/runtime/ErrataError.js";
import { errorResponse } from "../../src/server/respond.js";
import { adapterAnswers } from "../conformance/adapters.js";

const catalog = compileCatalog({
  name: "shop",
  version: "1.0.0",
  docsBaseUrl: "https://docs.shop.example/errors/",
  locales: ["en", "fr", "fr-CA"],
  errors: {
    KEYS_LEFT: {
      category: "conflict",
      title: "Keys left",
      message: "Only {count} keys left",
      details: { count: "integer" },
      solutions: ["Delete a key you no longer use"],
      translations: {
        fr: { title: "Clés restantes", message: "Plus que {count} clés", solutions: ["Supprimez une clé inutilisée"] },
        "fr-CA": { message: "Il reste {count} clés" },
      },
    },
  },
}).catalog as Catalog;
const errors = createErrors(catalog);
const raise = () => errors.KEYS_LEFT?.({ count: 2 }) as ErrataError;

describe("answers in the caller's language", () => {
  test("every adapter: Content-Language fr-CA, Vary on Accept-Language, the French text, the same code", async () => {
    const answers = await adapterAnswers(catalog, raise, "application/problem+json", {
      "accept-language": "fr-CA, fr;q=0.9, en;q=0.5",
    });
    assert.equal(answers.length, 4);
    for (const [adapter, , body, headers] of answers) {
      assert.equal(headers["content-language"], "fr-CA", adapter);
      assert.match(headers.vary ?? "", /Accept-Language/, adapter);
      const problem = JSON.parse(body) as { code: string; detail: string; title: string; suggestion: string };
      // fr-CA has its own message, and falls back to fr for the title and the suggestion.
      assert.deepEqual(
        [problem.code, problem.detail, problem.title, problem.suggestion],
        ["KEYS_LEFT", "Il reste 2 clés", "Clés restantes", "Supprimez une clé inutilisée"],
        adapter,
      );
    }
  });

  test("fr-BE takes fr, German takes the default, no header takes the default", () => {
    const answer = (language?: string) => {
      const r = errorResponse(raise(), language ? { "accept-language": language } : {}, { catalog });
      return [r.headers["Content-Language"], (JSON.parse(r.body as string) as { detail: string }).detail];
    };
    assert.deepEqual(answer("fr-BE"), ["fr", "Plus que 2 clés"]);
    assert.deepEqual(answer("de"), ["en", "Only 2 keys left"]);
    assert.deepEqual(answer(), ["en", "Only 2 keys left"]);
  });

  test("Google's format: message in the default language, the caller's in a LocalizedMessage", () => {
    const r = errorResponse(raise(), { "accept-language": "fr" }, { catalog, format: "google" });
    const body = JSON.parse(r.body as string) as { error: { message: string; details: Record<string, unknown>[] } };
    assert.equal(body.error.message, "Only 2 keys left");
    assert.deepEqual(
      body.error.details.find((d) => d["@type"] === "type.googleapis.com/google.rpc.LocalizedMessage"),
      { "@type": "type.googleapis.com/google.rpc.LocalizedMessage", locale: "fr", message: "Plus que 2 clés" },
    );
  });

  test("a catalog in one language sends no Content-Language and varies on Accept only", () => {
    const single = compileCatalog({ name: "one", version: "1.0.0", errors: { A: { category: "server" } } })
      .catalog as Catalog;
    const r = errorResponse(
      createErrors(single).A?.() as ErrataError,
      { "accept-language": "fr" },
      { catalog: single },
    );
    assert.equal(r.headers["Content-Language"], undefined);
    assert.equal(r.headers.Vary, "Accept");
  });
});
