/**
 * What every adapter says besides the body, over real HTTP: the format negotiated
 * from Accept with q-values, Vary: Accept, one Content-Type per format with no
 * charset, WWW-Authenticate on a 401, and the headers a catalog declares per error
 * (Allow for a 405), never with a line break in them. Also the upstream options:
 * `upstream: "pass"` and `passThrough(err)` send another service's error on purpose.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { serve } from "@hono/node-server";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import { compileCatalog } from "../../src/catalog/compile.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import type { ErrataError } from "../../src/runtime/ErrataError.js";
import { markUpstream } from "../../src/runtime/upstream.js";
import {
  type ErrorHandlerOptions,
  errataFastify,
  expressErrorHandler,
  honoErrorHandler,
  negotiate,
  normalize,
  passThrough,
  sendError,
  toResponse,
} from "../../src/server/index.js";
import { MAX_NEGOTIATED_LENGTH, negotiateLanguage, negotiateMedia } from "../../src/server/respond.js";

const { catalog } = compileCatalog({
  name: "shop",
  version: "1.0.0",
  format: "problem",
  challenge: 'Bearer realm="shop"',
  errors: {
    NOT_SIGNED_IN: { category: "authentication", message: "Sign in first" },
    WRONG_METHOD: {
      category: "validation",
      status: 405,
      message: "{method} is not allowed here",
      details: { method: "string", allowed: "string" },
      headers: { Allow: "{allowed}" },
    },
    OUT_OF_STOCK: { category: "conflict", message: "Out of stock" },
  },
});
assert.ok(catalog);
const shop = createErrors(catalog, { stack: false });
const errors: Record<string, () => ErrataError | undefined> = {
  "401": () => shop.NOT_SIGNED_IN?.(),
  "405": () => shop.WRONG_METHOD?.({ method: "DELETE", allowed: "GET, POST" }),
  injected: () => shop.WRONG_METHOD?.({ method: "DELETE", allowed: "GET\r\nSet-Cookie: session=stolen" }),
  "409": () => shop.OUT_OF_STOCK?.(),
};
const options: ErrorHandlerOptions = { catalog };

async function listening(server: Server): Promise<{ url: string; close: () => Promise<void> }> {
  if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const adapters: Record<string, () => Promise<{ url: string; close: () => Promise<void> }>> = {
  "node:http": () =>
    listening(
      createServer((req, res) => sendError(res, errors[req.url?.slice(1) ?? ""]?.(), req, options)).listen(
        0,
        "127.0.0.1",
      ),
    ),
  "Express 5": () => {
    const app = express();
    app.get("/:name", (req) => {
      throw errors[req.params.name]?.();
    });
    app.use(expressErrorHandler(options));
    return listening(app.listen(0, "127.0.0.1"));
  },
  "Fastify 5": async () => {
    const app = Fastify();
    await app.register(errataFastify, options);
    app.get<{ Params: { name: string } }>("/:name", async (req) => {
      throw errors[req.params.name]?.();
    });
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    return { url, close: () => app.close() };
  },
  Hono: () => {
    const app = new Hono();
    app.get("/:name", (c) => {
      throw errors[c.req.param("name")]?.();
    });
    app.onError(honoErrorHandler(options));
    return listening(serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server);
  },
  Fetch: () =>
    listening(
      serve({
        fetch: (request) => toResponse(errors[new URL(request.url).pathname.slice(1)]?.(), { ...options, request }),
        port: 0,
        hostname: "127.0.0.1",
      }) as Server,
    ),
};

for (const [name, start] of Object.entries(adapters)) {
  describe(`response headers: ${name}`, () => {
    let server: { url: string; close: () => Promise<void> };
    before(async () => {
      server = await start();
    });
    after(() => server.close());
    const get = async (path: string, accept?: string) => {
      const res = await fetch(server.url + path, accept ? { headers: { Accept: accept } } : {});
      await res.text();
      return res;
    };

    test("Content-Type is exactly the format's media type, with Vary: Accept", async () => {
      const problem = await get("/409");
      assert.equal(problem.headers.get("content-type"), "application/problem+json");
      assert.equal(problem.headers.get("vary"), "Accept");
      const jsonapi = await get("/409", "application/vnd.api+json");
      assert.equal(jsonapi.headers.get("content-type"), "application/vnd.api+json");
    });

    test("Accept with q-values: problem+json;q=0 is never chosen", async () => {
      const res = await get("/409", "application/problem+json;q=0, application/vnd.api+json;q=0.5");
      assert.equal(res.headers.get("content-type"), "application/vnd.api+json");
    });

    test("a 401 carries the catalog's WWW-Authenticate challenge", async () => {
      const res = await get("/401");
      assert.equal(res.status, 401);
      assert.equal(res.headers.get("www-authenticate"), 'Bearer realm="shop"');
    });

    test("a 405 carries Allow from its details; a line break in them cannot inject a header", async () => {
      const res = await get("/405");
      assert.equal(res.status, 405);
      assert.equal(res.headers.get("allow"), "GET, POST");
      const injected = await get("/injected");
      assert.equal(injected.headers.get("set-cookie"), null);
      assert.equal(injected.headers.get("allow"), "GET Set-Cookie: session=stolen");
    });
  });
}

describe("negotiate", () => {
  test("q-values are honoured; the API's own format wins ties and answers when nothing offered fits", () => {
    assert.equal(negotiate("application/problem+json;q=0", "problem"), "problem");
    assert.equal(negotiate("application/problem+json;q=0, */*;q=0.1", "envelope"), "envelope");
    assert.equal(negotiate("application/vnd.api+json", "envelope"), "jsonapi");
    assert.equal(negotiate("application/problem+json;q=0.2, application/vnd.api+json;q=0.9", "envelope"), "jsonapi");
    assert.equal(negotiate("*/*", "google"), "google");
    assert.equal(negotiate("text/html", "flat"), "flat");
    assert.equal(negotiate(",;;q=,,", "flat"), "flat");
  });

  test("a client that refuses problem+json (q=0) but takes application/json gets the problem as application/json", () => {
    assert.deepEqual(negotiateMedia("application/problem+json;q=0, application/json", "problem"), {
      format: "problem",
      plainJson: true,
    });
    assert.deepEqual(negotiateMedia("application/vnd.api+json;q=0, application/json", "jsonapi"), {
      format: "jsonapi",
      plainJson: true,
    });
    // Ranked below problem+json, or not named at all: the format's own type.
    assert.equal(negotiateMedia("application/problem+json, application/json;q=0.5", "problem").plainJson, false);
    assert.equal(negotiateMedia("application/json", "problem").plainJson, false);
    // Formats already sent as application/json are not relabelled.
    assert.deepEqual(negotiateMedia("application/problem+json;q=0, application/json", "envelope"), {
      format: "envelope",
      plainJson: false,
    });
    const request = new Request("http://api.test/", {
      headers: { accept: "application/problem+json;q=0, application/json" },
    });
    assert.equal(
      toResponse(shop.NOT_SIGNED_IN?.(), { catalog }).headers.get("content-type"),
      "application/problem+json",
    );
    const res = toResponse(shop.NOT_SIGNED_IN?.(), { request, catalog });
    assert.equal(res.headers.get("content-type"), "application/json");
  });

  test("a 401 without a catalog challenge says Bearer", () => {
    const res = toResponse(shop.NOT_SIGNED_IN?.(), {});
    assert.equal(res.headers.get("www-authenticate"), "Bearer");
  });
});

describe("upstream errors sent on purpose", () => {
  const upstream = () => markUpstream(shop.OUT_OF_STOCK?.() as ErrataError);

  test("by default another service's error becomes UPSTREAM_FAILED", () => {
    const n = normalize(upstream(), catalog, "t");
    assert.deepEqual([n.error.name, n.error.status, n.expected], ["UPSTREAM_FAILED", 502, false]);
  });

  test("the original goes to the server log at error level, never to the client", async () => {
    const logged: Record<string, unknown>[] = [];
    const logger = { error: (o: Record<string, unknown>) => logged.push(o), info: () => undefined };
    const original = upstream();
    const res = toResponse(original, { catalog, logger });
    assert.equal(res.status, 502);
    assert.doesNotMatch(await res.text(), /OUT_OF_STOCK|Out of stock/);
    assert.equal(logged[0]?.err, original);
    assert.equal(logged[0]?.code, "UPSTREAM_FAILED");
  });

  test("upstream: 'pass' sends it as it is; so does passThrough(err) for one error", () => {
    const passed = normalize(upstream(), catalog, "t", { upstream: "pass" });
    assert.deepEqual([passed.error.name, passed.error.status], ["OUT_OF_STOCK", 409]);
    const adopted = normalize(passThrough(upstream()), catalog, "t");
    assert.deepEqual([adopted.error.name, adopted.error.status, adopted.expected], ["OUT_OF_STOCK", 409, true]);
  });
});

test("Accept and Accept-Language are negotiated on their first 1 KiB of entries, whatever their length", () => {
  const filler = Array.from({ length: 100_000 }, (_, i) => `x${i};q=0.${i % 9}`).join(",");
  // The preference is in the first entries: found in a 1 MB header as in a short one.
  assert.equal(negotiateLanguage(`fr;q=1,${filler}`, ["en", "fr"]), "fr");
  assert.equal(negotiate(`application/vnd.api+json,${filler}`, "envelope"), "jsonapi");
  // An entry past the first 1 KiB is not read.
  const late = `${"x;q=0.1,".repeat(MAX_NEGOTIATED_LENGTH / 8)}fr`;
  assert.equal(negotiateLanguage(late, ["en", "fr"]), undefined);
  assert.equal(negotiateLanguage(late.slice(-40), ["en", "fr"]), "fr");
});
