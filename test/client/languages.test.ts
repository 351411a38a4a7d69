/**
 * The client in a translated API: it sends the caller's languages as
 * Accept-Language, and an error comes back typed, with the server's text in the
 * caller's language in `localized` (from Content-Language, or Google's
 * LocalizedMessage), its code and details kept.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, describe, test } from "node:test";
import { compileCatalog } from "../../src/catalog/compile.js";
import type { Catalog } from "../../src/catalog/model.js";
import { createClient } from "../../src/client/index.js";
import { sendError } from "../../src/frameworks/node/errors.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import type { ErrataError } from "../../src/runtime/ErrataError.js";
import { listen } from "../browser/chromium.js";

const catalog = compileCatalog({
  name: "shop",
  version: "1.0.0",
  domain: "api.shop.example",
  locales: ["en", "fr", "fr-CA"],
  errors: {
    KEYS_LEFT: {
      category: "conflict",
      message: "{count, plural, one {# key} other {# keys}} left",
      details: { count: "integer" },
      translations: { fr: { message: "{count, plural, one {# clé restante} other {# clés restantes}}" } },
    },
  },
}).catalog as Catalog;
const errors = createErrors(catalog);

describe("a client of a translated API", () => {
  const seen: (string | undefined)[] = [];
  let base = "";
  const server = createServer((req, res) => {
    seen.push(req.headers["accept-language"]);
    const format = req.url?.startsWith("/google") ? "google" : "problem";
    sendError(res, errors.KEYS_LEFT?.({ count: 3 }), req, { catalog, format });
  });
  before(async () => {
    base = await listen(server);
  });
  after(() => server.close());

  const rejection = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (error) {
      return error as ErrataError;
    }
    throw new Error("the call did not fail");
  };

  test("sends its languages, and reads the answer's language from Content-Language", async () => {
    const api = createClient({ baseUrl: base, catalogs: [catalog], languages: ["fr-ca", "fr", "en"], retry: false });
    const error = await rejection(api.json("/keys"));
    assert.equal(seen.at(-1), "fr-CA, fr;q=0.9, en;q=0.8");
    assert.equal(error.name, "KEYS_LEFT");
    assert.deepEqual(error.details, { count: 3 });
    assert.deepEqual(error.localized, { locale: "fr", message: "3 clés restantes" });
  });

  test("Google's format: message in the default language, the caller's from LocalizedMessage", async () => {
    const api = createClient({ baseUrl: base, catalogs: [catalog], languages: ["fr"], retry: false });
    const error = await rejection(api.json("/google/keys"));
    assert.equal(error.message, "3 keys left");
    assert.deepEqual(error.localized, { locale: "fr", message: "3 clés restantes" });
  });

  test("without languages, the client adds none (fetch's own `*` goes) and the answer is in the default", async () => {
    const api = createClient({ baseUrl: base, catalogs: [catalog], retry: false });
    const error = await rejection(api.json("/keys"));
    assert.ok(seen.at(-1) === undefined || seen.at(-1) === "*", seen.at(-1));
    assert.deepEqual(error.localized, { locale: "en", message: "3 keys left" });
  });
});
