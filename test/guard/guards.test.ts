/**
 * The three guards over real HTTP on 127.0.0.1, through Hono (honoGuard), a plain
 * Fetch handler (guardFetch) and Express (nodeGuard): replays, refusals in the API's
 * own format and errors, rate-limit headers, and stores that fail.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { serve } from "@hono/node-server";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import { compileCatalog } from "../../src/catalog/compile.js";
import { createClient } from "../../src/client/index.js";
import {
  fastifyGuard,
  guardFetch,
  honoGuard,
  idempotency,
  nodeGuard,
  rateLimit,
  replayGuard,
} from "../../src/guard/index.js";
import type { GuardStore } from "../../src/guard/stores/contract.js";
import { MemoryStore } from "../../src/guard/stores/memory.js";
import { RedisStore } from "../../src/guard/stores/redis.js";
import { errataFastify } from "../../src/server/index.js";
import { headerValue } from "../../src/wire/common.js";
import { loadBundled } from "../helpers.js";

const gitclaw = loadBundled("gitclaw");
const aragora = loadBundled("aragora");

async function listen(server: Server): Promise<string> {
  if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The bodies these tests read: GitClaw's envelope and Aragora's flat body. */
interface Body {
  readonly error: { readonly code: string; readonly message: string };
  readonly code: string;
  readonly [member: string]: unknown;
}

async function call(base: string, path: string, init?: RequestInit) {
  const res = await fetch(base + path, init);
  const text = await res.text();
  let json = {} as Body;
  try {
    json = JSON.parse(text) as Body;
  } catch {
    // Not JSON: the assertions look at the text.
  }
  return { status: res.status, headers: res.headers, text, json };
}

const post = (key: string | undefined, body: unknown, extra: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: {
    "Content-Type": "application/json",
    Authorization: "Bearer one-caller",
    ...(key ? { "Idempotency-Key": key } : {}),
    ...extra,
  },
  body: JSON.stringify(body),
});

describe("idempotency (Hono)", () => {
  let server: Server;
  let base = "";
  let runs = 0;
  let slowRelease: () => void = () => {};
  before(async () => {
    const app = new Hono();
    const store = new MemoryStore();
    app.use("/orders", honoGuard(idempotency({ store, catalog: gitclaw, leaseMs: 60_000 })));
    app.use("/required", honoGuard(idempotency({ store, catalog: gitclaw, required: true })));
    app.use("/slow", honoGuard(idempotency({ store, catalog: gitclaw })));
    app.use("/waits", honoGuard(idempotency({ store, catalog: gitclaw, concurrent: "wait" })));
    app.use("/flaky", honoGuard(idempotency({ store, catalog: gitclaw })));
    app.post("/orders", async (c) => {
      runs++;
      return c.json({ id: runs, body: await c.req.json() }, 201, { "X-Order": String(runs) });
    });
    app.post("/required", (c) => c.json({ ok: true }));
    for (const path of ["/slow", "/waits"]) {
      app.post(path, async (c) => {
        runs++;
        await new Promise<void>((resolve) => {
          slowRelease = resolve;
          setTimeout(resolve, 300);
        });
        return c.json({ run: runs });
      });
    }
    let flaky = 0;
    app.post("/flaky", (c) => {
      flaky++;
      if (flaky === 1) throw new Error("crash before any response");
      return c.json({ flaky });
    });
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
    base = await listen(server);
  });
  after(() => server.close());

  test("the first request runs; a retry with the key replays its status, headers and body", async () => {
    const first = await call(base, "/orders", post("k-1", { sku: "A" }));
    const again = await call(base, "/orders", post("k-1", { sku: "A" }));
    assert.equal(first.status, 201);
    assert.deepEqual([again.status, again.text], [first.status, first.text]);
    assert.equal(again.headers.get("x-order"), first.headers.get("x-order"));
    assert.equal(again.headers.get("idempotent-replayed"), "true");
    assert.equal(first.headers.get("idempotent-replayed"), null);
    assert.equal(runs, 1);
    // No key: runs every time (the key is not required here).
    await call(base, "/orders", post(undefined, { sku: "A" }));
    assert.equal(runs, 2);
  });

  test("a key sent as an RFC 8941 sf-string and the same key bare are one key", async () => {
    const before = runs;
    const quoted = await call(base, "/orders", post('"k-sf \\"1\\""', { sku: "A" }));
    const bare = await call(base, "/orders", post('k-sf "1"', { sku: "A" }));
    assert.equal(runs, before + 1);
    assert.equal(bare.text, quoted.text);
    assert.equal(bare.headers.get("idempotent-replayed"), "true");
  });

  test("the same key with another payload is 422 IDEMPOTENCY_KEY_REUSED; a missing required key is 400", async () => {
    await call(base, "/orders", post("k-2", { sku: "A" }));
    const other = await call(base, "/orders", post("k-2", { sku: "B" }));
    assert.equal(other.status, 422);
    assert.equal(other.json.error.code, "IDEMPOTENCY_KEY_REUSED");
    const missing = await call(base, "/required", post(undefined, {}));
    assert.equal(missing.status, 400);
    assert.equal(missing.json.error.code, "IDEMPOTENCY_KEY_MISSING");
    const tooLong = await call(base, "/orders", post("k".repeat(300), {}));
    assert.equal(tooLong.status, 400);
  });

  test("a duplicate while the first runs is 409 with Retry-After; in wait mode it gets the first's response", async () => {
    const before = runs;
    const first = call(base, "/slow", post("k-3", {}));
    await new Promise((r) => setTimeout(r, 50));
    const dup = await call(base, "/slow", post("k-3", {}));
    assert.equal(dup.status, 409);
    assert.equal(dup.json.error.code, "IDEMPOTENCY_IN_PROGRESS");
    assert.equal(dup.headers.get("retry-after"), "1");
    slowRelease();
    assert.equal((await first).status, 200);
    const waiting = await Promise.all([1, 2, 3].map(() => call(base, "/waits", post("k-4", {}))));
    assert.ok(waiting.every((w) => w.status === 200 && w.text === waiting[0]?.text));
    assert.equal(runs, before + 2);
  });

  test("a 5xx is not kept: the key is given back and the retry runs (keepServerErrors keeps it)", async () => {
    const crashed = await call(base, "/flaky", post("k-5", {}));
    assert.equal(crashed.status, 500);
    const retried = await call(base, "/flaky", post("k-5", {}));
    assert.deepEqual([retried.status, retried.json], [200, { flaky: 2 }]);
    let n = 0;
    const stripe = guardFetch(idempotency({ keepServerErrors: true }), () => {
      n++;
      return new Response("down", { status: 503 });
    });
    for (let i = 0; i < 2; i++) await stripe(new Request("http://x/o", post("k-6", {})));
    assert.equal(n, 1);
  });

  test("a handler that throws (no framework around it) gives the key back", async () => {
    let n = 0;
    const handler = guardFetch(idempotency(), () => {
      n++;
      if (n === 1) throw new Error("boom");
      return Response.json({ n });
    });
    await assert.rejects(handler(new Request("http://x/o", post("k-7", {}))), /boom/);
    assert.equal((await handler(new Request("http://x/o", post("k-7", {})))).status, 200);
    assert.equal(n, 2);
  });
});

describe("idempotency configured by the catalog, with errata's client", () => {
  test("the catalog's header and methods drive the guard; the client retries a failed write under one key, which runs once", async () => {
    const keyed = compileCatalog({
      name: "keyed",
      version: "1.0.0",
      format: "problem",
      idempotency: { header: "X-Op-Key", lifetime: 60, methods: ["POST"] },
      errors: { BUSY: { category: "unavailable", message: "Busy" } },
    }).catalog;
    assert.ok(keyed);
    let runs = 0;
    let answers = 0;
    const app = new Hono();
    app.use("/pay", honoGuard(idempotency({ catalog: keyed })));
    app.post("/pay", (c) => {
      runs++;
      return c.json({ run: runs }, 201);
    });
    const server = serve({
      // The first answer is lost on the way back: the client sees a 502 from "a proxy".
      fetch: async (req) => {
        const res = await app.fetch(req);
        answers++;
        return answers === 1 ? new Response("", { status: 502 }) : res;
      },
      port: 0,
      hostname: "127.0.0.1",
    }) as Server;
    try {
      const base = await listen(server);
      const api = createClient({
        baseUrl: base,
        catalogs: [keyed],
        retry: { baseDelayMs: 5 },
        headers: { Authorization: "Bearer one-caller" },
      });
      assert.deepEqual(await api.json("/pay", { method: "POST", json: { amount: 1 } }), { run: 1 });
      assert.equal(runs, 1);
      assert.equal(answers, 2);
    } finally {
      server.close();
    }
  });
});

describe("rateLimit and replayGuard (Fetch handler)", () => {
  let server: Server;
  let base = "";
  before(async () => {
    const store = new MemoryStore();
    const limited = guardFetch(
      rateLimit({
        store,
        catalog: gitclaw,
        limit: 3,
        windowMs: 60_000,
        // An API key is a key only when the server says so (a real one would check it).
        key: (r) => headerValue(r.headers, "x-api-key"),
        details: () => ({ action: "star", limit: 3, window: "1m" }),
      }),
      () => Response.json({ ok: true }),
    );
    const ietf = guardFetch(
      rateLimit({
        store,
        catalog: aragora,
        headers: "ietf",
        limit: 2,
        windowMs: 10_000,
        algorithm: "sliding",
        policy: "burst",
      }),
      () => Response.json({ ok: true }),
    );
    const signed = guardFetch(replayGuard({ store, catalog: gitclaw, caller: () => "agent-1" }), () =>
      Response.json({ ok: true }),
    );
    const app = new Hono();
    app.all("/limited", (c) => limited(c.req.raw, c.env));
    app.all("/ietf", (c) => ietf(c.req.raw, c.env));
    app.all("/signed/*", (c) => signed(c.req.raw));
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
    base = await listen(server);
  });
  after(() => server.close());

  test("over the limit: the catalog's RATE_LIMITED, Retry-After and its legacy X-RateLimit headers", async () => {
    const key = { "X-Api-Key": "agent-1" };
    const ok = [];
    for (let i = 0; i < 3; i++) ok.push(await call(base, "/limited", { headers: key }));
    assert.deepEqual(
      ok.map((r) => [r.status, r.headers.get("x-ratelimit-remaining")]),
      [
        [200, "2"],
        [200, "1"],
        [200, "0"],
      ],
    );
    const refused = await call(base, "/limited", { headers: key });
    assert.equal(refused.status, 429);
    assert.equal(refused.json.error.code, "RATE_LIMITED");
    assert.equal(refused.json.error.message, "Rate limit exceeded for action: star");
    assert.ok(Number(refused.headers.get("retry-after")) > 50);
    assert.equal(refused.headers.get("x-ratelimit-limit"), "3");
    assert.equal(refused.headers.get("x-ratelimit-remaining"), "0");
    // Another key has its own budget.
    assert.equal((await call(base, "/limited", { headers: { "X-Api-Key": "agent-2" } })).status, 200);
  });

  test("IETF RateLimit headers with the policy name, in Aragora's flat format", async () => {
    const first = await call(base, "/ietf", { headers: { "X-Api-Key": "a" } });
    assert.match(first.headers.get("ratelimit") ?? "", /^"burst";r=1;t=\d+$/);
    assert.equal(first.headers.get("ratelimit-policy"), '"burst";q=2;w=10');
    await call(base, "/ietf", { headers: { "X-Api-Key": "a" } });
    const refused = await call(base, "/ietf", { headers: { "X-Api-Key": "a" } });
    assert.deepEqual([refused.status, refused.json.code], [429, "RATE_LIMITED"]);
  });

  test("signed requests: stale timestamps, reused nonces for other actions, retries of the same action", async () => {
    const now = String(Math.floor(Date.now() / 1000));
    const headers = (nonce: string, ts = now) => ({ "X-Nonce": nonce, "X-Timestamp": ts });
    const stale = await call(base, "/signed/star", {
      method: "POST",
      headers: headers("n-1", String(Number(now) - 600)),
    });
    assert.deepEqual([stale.status, stale.json.error.code], [401, "SIGNATURE_EXPIRED"]);
    assert.equal(
      (await call(base, "/signed/star", { method: "POST", headers: headers("n-2"), body: "a" })).status,
      200,
    );
    const retry = await call(base, "/signed/star", { method: "POST", headers: headers("n-2"), body: "a" });
    assert.equal(retry.status, 200);
    const replay = await call(base, "/signed/delete", { method: "POST", headers: headers("n-2"), body: "a" });
    assert.deepEqual([replay.status, replay.json.error.code], [401, "REPLAY_ATTACK"]);
    assert.match(replay.json.error.message, /Nonce reused/);
    const unsigned = await call(base, "/signed/star", { method: "POST" });
    assert.deepEqual([unsigned.status, unsigned.json.error.code], [401, "SIGNATURE_HEADERS_MISSING"]);
  });
});

/** A store whose every call fails, or never answers. */
function brokenStore(mode: "throws" | "hangs"): GuardStore {
  const fail = () =>
    mode === "throws"
      ? Promise.reject(new Error("ECONNREFUSED 10.0.0.9:6379 secret-host"))
      : new Promise<never>(() => {});
  return {
    kind: "broken",
    begin: fail,
    renew: fail,
    complete: fail,
    release: fail,
    claimNonce: fail,
    take: fail,
    close: async () => {},
  };
}

describe("stores that fail", () => {
  test("idempotency refuses with STORE_UNAVAILABLE (never runs unguarded); nothing internal leaks", async () => {
    for (const mode of ["throws", "hangs"] as const) {
      let runs = 0;
      const handler = guardFetch(idempotency({ store: brokenStore(mode), storeTimeoutMs: 100 }), () => {
        runs++;
        return Response.json({ ok: true });
      });
      const res = await handler(new Request("http://x/orders", post("k", {})));
      const text = await res.text();
      assert.equal(res.status, 503);
      assert.match(text, /STORE_UNAVAILABLE/);
      assert.doesNotMatch(text, /secret-host|ECONNREFUSED|10\.0\.0\.9/);
      assert.equal(runs, 0);
    }
  });

  test("rateLimit fails open by default and closed on request; replayGuard fails closed by default", async () => {
    const ok = () => Response.json({ ok: true });
    const address = { address: () => "192.0.2.1" };
    const open = guardFetch(
      rateLimit({ store: brokenStore("throws"), limit: 1, windowMs: 1000, algorithm: "sliding" }),
      ok,
      address,
    );
    assert.equal((await open(new Request("http://x/"))).status, 200);
    const closed = guardFetch(
      rateLimit({ store: brokenStore("hangs"), limit: 1, windowMs: 1000, onStoreError: "closed", storeTimeoutMs: 50 }),
      ok,
      address,
    );
    assert.equal((await closed(new Request("http://x/"))).status, 503);
    const replay = guardFetch(replayGuard({ store: brokenStore("throws"), caller: () => "agent-1" }), ok);
    const signed = { "X-Nonce": "n", "X-Timestamp": String(Date.now()) };
    assert.equal((await replay(new Request("http://x/", { headers: signed }))).status, 503);
  });

  test("a store that throws at once (takeNow, or before its promise): the same fail-open and fail-closed, logged, nothing leaks", async () => {
    const ok = () => Response.json({ ok: true });
    const address = { address: () => "192.0.2.1" };
    const logged: unknown[] = [];
    const logger = { error: (entry: unknown) => logged.push(entry), warn() {}, info() {} };
    const secret = () => {
      throw new Error("ECONNREFUSED 10.0.0.9:6379 secret-host");
    };
    // A store that counts at once, and one whose take throws before it returns a promise.
    const throwing = (): GuardStore => ({ ...brokenStore("hangs"), takeNow: secret });
    for (const store of [throwing(), { ...brokenStore("hangs"), take: secret }]) {
      const res = await guardFetch(
        rateLimit({ store, limit: 1, windowMs: 1000, onStoreError: "closed" }),
        ok,
        address,
      )(new Request("http://x/"));
      assert.equal(res.status, 503);
    }
    const open = guardFetch(rateLimit({ store: throwing(), limit: 1, windowMs: 1000, logger }), ok, address);
    assert.equal((await open(new Request("http://x/"))).status, 200);
    const closed = guardFetch(
      rateLimit({ store: throwing(), limit: 1, windowMs: 1000, onStoreError: "closed", logger }),
      ok,
      address,
    );
    const refused = await closed(new Request("http://x/"));
    assert.equal(refused.status, 503);
    assert.doesNotMatch(await refused.text(), /secret-host|ECONNREFUSED/);
    const failures = logged.filter((e) => (e as { guard?: string }).guard === "rateLimit");
    assert.deepEqual(
      failures.map((e) => (e as { failOpen: boolean }).failOpen),
      [true, false],
    );
  });

  test("a Redis that is not there: STORE_UNAVAILABLE within the timeout", async () => {
    const store = new RedisStore("redis://127.0.0.1:1");
    try {
      const handler = guardFetch(idempotency({ store, storeTimeoutMs: 500 }), () => Response.json({}));
      const started = Date.now();
      const res = await handler(new Request("http://x/orders", post("k", {})));
      assert.equal(res.status, 503);
      assert.ok(Date.now() - started < 2000);
    } finally {
      await store.close();
    }
  });
});

describe("a Redis outage is logged and typed, never an unhandled error event", () => {
  test("the store's own client has an error listener: one log line per outage, nothing on stderr", async () => {
    const child = spawnSync(
      process.execPath,
      [
        "--import",
        import.meta.resolve("tsx"),
        "--input-type=module",
        "-e",
        `const { RedisStore } = await import(${JSON.stringify(new URL("../../src/guard/stores/redis.ts", import.meta.url).href)});
         const logged = [];
         const store = new RedisStore("redis://127.0.0.1:1", { logger: { error: (o, m) => logged.push(m), info: () => {} } });
         await store.begin("k", "f", "t", 1000, 1000, Date.now()).catch(() => {});
         await new Promise((r) => setTimeout(r, 1500));
         console.log(JSON.stringify(logged));
         await store.close();`,
      ],
      { encoding: "utf8", timeout: 20_000 },
    );
    assert.doesNotMatch(child.stderr, /Unhandled error event/);
    assert.deepEqual(JSON.parse(child.stdout.trim().split("\n").pop() ?? "[]"), [
      "errata RedisStore: Redis is unavailable",
    ]);
  });
});

describe("Express 5 (nodeGuard after express.json())", () => {
  let server: Server;
  let base = "";
  let runs = 0;
  before(async () => {
    const app = express();
    app.use(express.json());
    app.use(nodeGuard(rateLimit({ limit: 100, windowMs: 60_000 }), idempotency({ catalog: gitclaw })));
    app.post("/orders", (req, res) => {
      runs++;
      res.status(201).set("X-Run", String(runs)).json({ run: runs, got: req.body });
    });
    server = app.listen(0, "127.0.0.1");
    base = await listen(server);
  });
  after(() => server.close());

  test("a retry replays the stored response; the rate-limit headers come along", async () => {
    const first = await call(base, "/orders", post("e-1", { a: 1 }));
    const again = await call(base, "/orders", post("e-1", { a: 1 }));
    assert.deepEqual([first.status, first.json], [201, { run: 1, got: { a: 1 } }]);
    assert.deepEqual([again.status, again.text, again.headers.get("x-run")], [201, first.text, "1"]);
    assert.equal(again.headers.get("idempotent-replayed"), "true");
    assert.match(first.headers.get("ratelimit") ?? "", /r=99/);
    const other = await call(base, "/orders", post("e-1", { a: 2 }));
    assert.equal(other.status, 422);
    assert.equal(runs, 1);
  });
});

describe("Fastify 5 (fastifyGuard)", () => {
  const app = Fastify();
  let base = "";
  let runs = 0;
  before(async () => {
    await app.register(errataFastify, { catalog: gitclaw });
    await app.register(
      fastifyGuard(
        rateLimit({ limit: 3, windowMs: 60_000, key: () => "one", catalog: gitclaw, details: () => ({ action: "x" }) }),
        idempotency({ catalog: gitclaw }),
      ),
    );
    app.post("/orders", async (request, reply) => {
      runs++;
      return reply.code(201).header("X-Run", String(runs)).send({ run: runs, got: request.body });
    });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  after(() => app.close());

  test("replays, refuses other payloads, and adds the rate-limit headers; the fourth call is RATE_LIMITED", async () => {
    const first = await call(base, "/orders", post("f-1", { a: 1 }));
    const again = await call(base, "/orders", post("f-1", { a: 1 }));
    assert.deepEqual([first.status, first.json], [201, { run: 1, got: { a: 1 } }]);
    assert.deepEqual([again.status, again.text, again.headers.get("x-run")], [201, first.text, "1"]);
    assert.equal(again.headers.get("idempotent-replayed"), "true");
    assert.equal(first.headers.get("x-ratelimit-remaining"), "2");
    const other = await call(base, "/orders", post("f-1", { a: 2 }));
    assert.deepEqual([other.status, other.json.error.code], [422, "IDEMPOTENCY_KEY_REUSED"]);
    const limited = await call(base, "/orders", post("f-2", { a: 3 }));
    assert.deepEqual([limited.status, limited.json.error.code], [429, "RATE_LIMITED"]);
    assert.equal(runs, 1);
  });
});
