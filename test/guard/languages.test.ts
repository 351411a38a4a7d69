/**
 * Guards refuse in the caller's language: a refusal the API's catalog declares and
 * translates is answered in the negotiated locale (Content-Language, Vary), through
 * the same negotiation as every error response; one the catalog does not declare is
 * errata's own, in its default language, and says so.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compileCatalog } from "../../src/catalog/compile.js";
import type { Catalog } from "../../src/catalog/model.js";
import { guardFetch, idempotency, MemoryStore, rateLimit } from "../../src/guard/index.js";

const catalog = compileCatalog({
  name: "shop",
  version: "1.0.0",
  format: "problem",
  docsBaseUrl: "https://docs.shop.example/errors/",
  locales: ["en", "fr"],
  errors: {
    RATE_LIMITED: {
      category: "rate_limit",
      title: "Rate limited",
      message: "Too many requests: {limit} per {window}",
      details: { limit: "integer", window: "string", retryAfter: "integer" },
      solutions: ["Wait for Retry-After"],
      translations: {
        fr: {
          title: "Trop de requêtes",
          message: "Trop de requêtes : {limit} par {window}",
          solutions: ["Attendez Retry-After"],
        },
      },
    },
    IDEMPOTENCY_KEY_MISSING: {
      category: "validation",
      message: "{method} {path} needs an {header} header",
      details: { header: "string", method: "string", path: "string" },
      translations: { fr: { message: "{method} {path} exige un en-tête {header}" } },
    },
  },
}).catalog as Catalog;

const french = { "Accept-Language": "fr-CA, fr;q=0.9, en;q=0.5" };

describe("guards refuse in the caller's language", () => {
  test("rate limit and idempotency refusals the catalog translates come in French, with Content-Language and Vary", async () => {
    const limited = guardFetch(rateLimit({ catalog, limit: 1, windowMs: 60_000, key: () => "k1" }), () =>
      Response.json({ ok: true }),
    );
    assert.equal((await limited(new Request("http://x/", { headers: french }))).status, 200);
    const refused = await limited(new Request("http://x/", { headers: french }));
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get("content-language"), "fr");
    assert.match(refused.headers.get("vary") ?? "", /Accept-Language/);
    const body = (await refused.json()) as { code: string; title: string; detail: string; suggestion: string };
    assert.deepEqual(
      [body.code, body.title, body.detail, body.suggestion],
      ["RATE_LIMITED", "Trop de requêtes", "Trop de requêtes : 1 par 1m", "Attendez Retry-After"],
    );
    const english = await limited(new Request("http://x/", { headers: { "Accept-Language": "de" } }));
    assert.equal(english.headers.get("content-language"), "en");
    assert.equal(((await english.json()) as { detail: string }).detail, "Too many requests: 1 per 1m");

    const store = new MemoryStore();
    const guarded = guardFetch(
      idempotency({ catalog, scope: () => "one-caller", store, required: true }),
      () => Response.json({}),
      {
        address: () => "192.0.2.1",
      },
    );
    const missing = await guarded(new Request("http://x/orders", { method: "POST", headers: french, body: "{}" }));
    assert.equal(missing.status, 400);
    assert.equal(missing.headers.get("content-language"), "fr");
    assert.equal(
      ((await missing.json()) as { detail: string }).detail,
      "POST /orders exige un en-tête Idempotency-Key",
    );
  });

  test("a refusal the catalog does not declare is errata's own, in its default language, and says so", async () => {
    const store = new MemoryStore();
    const guarded = guardFetch(
      idempotency({ catalog, scope: () => "one-caller", store }),
      () => new Response("made", { status: 201 }),
      {
        address: () => "192.0.2.1",
      },
    );
    const send = (body: string) =>
      guarded(
        new Request("http://x/orders", {
          method: "POST",
          headers: { ...french, "Idempotency-Key": '"k-1"', "Content-Type": "text/plain" },
          body,
        }),
      );
    assert.equal((await send("a")).status, 201);
    const reused = await send("b");
    assert.equal(reused.status, 422);
    assert.equal(reused.headers.get("content-language"), "en");
    assert.match(((await reused.json()) as { detail: string }).detail, /already used for a different request/);
  });
});
