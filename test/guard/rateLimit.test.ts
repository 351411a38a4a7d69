/**
 * The rate-limit guard over real HTTP on 127.0.0.1 (Express, Hono on
 * @hono/node-server, Fastify): whose requests count together (the address, never a
 * header a client can rotate, unless a `key` function says so), proxies, cost,
 * per-tier limits, blocks, allow and deny lists, and several policies whose IETF
 * headers an independent RFC 8941 parser (structured-headers) reads back.
 */
import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { serve } from "@hono/node-server";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import { parseList } from "structured-headers";
import {
  fastifyGuard,
  type Guard,
  type GuardRequest,
  guardFetch,
  honoGuard,
  nodeGuard,
  type RateLimitOptions,
  rateLimit,
} from "../../src/guard/index.js";
import { headerValue } from "../../src/wire/common.js";

async function listen(server: Server): Promise<string> {
  if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An Express app and a Hono app, each behind one fresh guard of these options; their base URLs. */
async function servers(options: RateLimitOptions): Promise<{ express: string; hono: string; close(): void }> {
  const app = express();
  app.use(nodeGuard(rateLimit(options)));
  app.all("/{*any}", (_req, res) => {
    res.json({ ok: true });
  });
  const e = app.listen(0, "127.0.0.1");
  const hono = new Hono();
  hono.use("*", honoGuard(rateLimit(options)));
  hono.all("*", (c) => c.json({ ok: true }));
  const h = serve({ fetch: hono.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
  return {
    express: await listen(e),
    hono: await listen(h),
    close: () => {
      e.close();
      h.close();
    },
  };
}

async function statuses(url: string, n: number, headers: (i: number) => Record<string, string>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(url, { headers: headers(i) });
    await res.arrayBuffer();
    out.push(res.status);
  }
  return out;
}

const count = (xs: number[], status: number) => xs.filter((s) => s === status).length;

describe("whose requests count together", () => {
  test("a rotating X-Api-Key does not buy a new budget: 5 of 400 pass (Express and Hono)", async () => {
    const s = await servers({ limit: 5, windowMs: 60_000 });
    try {
      for (const base of [s.express, s.hono]) {
        const got = await statuses(`${base}/x`, 400, (i) => ({ "X-Api-Key": `key-${i}` }));
        assert.deepEqual([count(got, 200), count(got, 429)], [5, 395], base);
      }
    } finally {
      s.close();
    }
  });

  test("the adapters pass the client's address: a deny list of 127.0.0.1 refuses it (Express, Hono, Fastify)", async () => {
    const options = { limit: 100, windowMs: 60_000, deny: ["127.0.0.1"] };
    const s = await servers(options);
    const app = Fastify();
    await app.register(fastifyGuard(rateLimit(options)));
    app.get("/x", async () => ({ ok: true }));
    const fastify = await app.listen({ port: 0, host: "127.0.0.1" });
    try {
      for (const base of [s.express, s.hono, fastify]) {
        const res = await fetch(`${base}/x`);
        const body = (await res.json()) as { code?: string };
        assert.equal(res.status, 403, base);
        assert.equal(body.code, "CALLER_DENIED");
      }
    } finally {
      s.close();
      await app.close();
    }
  });

  test("X-Forwarded-For counts only behind a trusted proxy", async () => {
    const ignored = await servers({ limit: 2, windowMs: 60_000 });
    const trusted = await servers({ limit: 2, windowMs: 60_000, trustProxy: "loopback" });
    try {
      const rotating = (i: number) => ({ "X-Forwarded-For": `203.0.113.${i}` });
      for (const base of [ignored.express, ignored.hono]) {
        assert.equal(count(await statuses(`${base}/x`, 10, rotating), 200), 2, base);
      }
      for (const base of [trusted.express, trusted.hono]) {
        // Each forwarded client has its own budget; one client alone still gets 2.
        assert.equal(count(await statuses(`${base}/x`, 10, rotating), 200), 10, base);
        assert.equal(count(await statuses(`${base}/x`, 5, () => ({ "X-Forwarded-For": "198.51.100.7" })), 200), 2);
      }
    } finally {
      ignored.close();
      trusted.close();
    }
  });

  test("an API key counts through a `key` function that checks it; anything else falls back to the address", async () => {
    const valid = new Set(["live_a", "live_b"]);
    const s = await servers({
      limit: 2,
      windowMs: 60_000,
      key: (r) => {
        const k = headerValue(r.headers, "x-api-key");
        return k !== undefined && valid.has(k) ? `key:${k}` : undefined;
      },
    });
    try {
      const url = `${s.hono}/x`;
      assert.equal(count(await statuses(url, 4, () => ({ "X-Api-Key": "live_a" })), 200), 2);
      assert.equal(count(await statuses(url, 4, () => ({ "X-Api-Key": "live_b" })), 200), 2);
      assert.equal(count(await statuses(url, 10, (i) => ({ "X-Api-Key": `forged_${i}` })), 200), 2);
    } finally {
      s.close();
    }
  });

  test("a Fetch handler that cannot tell the address and has no key: GUARD_MISCONFIGURED, logged, not one shared counter", async () => {
    const logged: string[] = [];
    const logger = { error: (_: unknown, m: string) => logged.push(m), warn() {}, info() {} };
    const handler = guardFetch(rateLimit({ limit: 5, windowMs: 1000, logger }), () => Response.json({}));
    const res = await handler(new Request("http://x/"));
    assert.equal(res.status, 500);
    assert.match(await res.text(), /GUARD_MISCONFIGURED/);
    assert.match(logged[0] ?? "", /no client address/);
    const told = guardFetch(rateLimit({ limit: 5, windowMs: 1000 }), () => Response.json({}), {
      address: (r) => r.headers.get("cf-connecting-ip") ?? undefined,
    });
    assert.equal((await told(new Request("http://x/", { headers: { "CF-Connecting-IP": "192.0.2.9" } }))).status, 200);
    // The shapes of Bun's server, Deno's info and @hono/node-server's bindings.
    const seen: (string | undefined)[] = [];
    const probe: Guard = {
      name: "probe",
      handle: async (request, next) => {
        seen.push(request.ip);
        return next();
      },
    };
    const wrapped = guardFetch(probe, () => new Response("ok"));
    await wrapped(new Request("http://x/"), { requestIP: () => ({ address: "192.0.2.1", port: 1 }) });
    await wrapped(new Request("http://x/"), { remoteAddr: { hostname: "192.0.2.2", port: 1, transport: "tcp" } });
    await wrapped(new Request("http://x/"), { incoming: { socket: { remoteAddress: "192.0.2.3" } } });
    await wrapped(new Request("http://x/"), { requestIP: () => null });
    assert.deepEqual(seen, ["192.0.2.1", "192.0.2.2", "192.0.2.3", undefined]);
  });
});

describe("what rate-limiter users ask for", () => {
  let base = "";
  let close = () => {};
  before(async () => {
    const app = new Hono();
    const tier = (r: GuardRequest) => headerValue(r.headers, "x-tier");
    const key = (r: GuardRequest) => headerValue(r.headers, "x-caller");
    app.use("/cost/*", honoGuard(rateLimit({ limit: 10, windowMs: 60_000, key, cost: (r) => Number(tier(r) ?? 3) })));
    app.use(
      "/tier/*",
      honoGuard(rateLimit({ limit: (r) => (tier(r) === "pro" ? 50 : 2), windowMs: 60_000, key, policy: "tiered" })),
    );
    app.use("/block/*", honoGuard(rateLimit({ limit: 1, windowMs: 1000, blockMs: 120_000, key })));
    app.use("/allow/*", honoGuard(rateLimit({ limit: 1, windowMs: 60_000, key, allow: ["vip"], deny: ["banned"] })));
    app.use(
      "/many/*",
      honoGuard(
        rateLimit({
          key,
          policies: [
            { name: 'per "second"', limit: 3, windowMs: 1000 },
            { name: "per day", limit: 5, windowMs: 86_400_000, algorithm: "sliding" },
          ],
        }),
      ),
    );
    app.all("*", (c) => c.json({ ok: true }));
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
    base = await listen(server);
    close = () => server.close();
  });
  after(() => close());

  test("a cost per request", async () => {
    const got = await statuses(`${base}/cost/x`, 5, () => ({ "X-Caller": "c1" }));
    assert.deepEqual(got, [200, 200, 200, 429, 429]);
    const res = await fetch(`${base}/cost/x`, { headers: { "X-Caller": "c1", "X-Tier": "1" } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("ratelimit") ?? "", /^"default";r=0;t=\d+$/);
  });

  test("a limit per tier", async () => {
    assert.equal(count(await statuses(`${base}/tier/x`, 10, () => ({ "X-Caller": "free" })), 200), 2);
    const pro = await statuses(`${base}/tier/x`, 10, () => ({ "X-Caller": "pro", "X-Tier": "pro" }));
    assert.equal(count(pro, 200), 10);
    const res = await fetch(`${base}/tier/x`, { headers: { "X-Caller": "pro", "X-Tier": "pro" } });
    assert.equal(res.headers.get("ratelimit-policy"), '"tiered";q=50;w=60');
  });

  test("a block after the limit is exceeded, with its Retry-After", async () => {
    assert.deepEqual(await statuses(`${base}/block/x`, 2, () => ({ "X-Caller": "b" })), [200, 429]);
    await new Promise((r) => setTimeout(r, 1100));
    const res = await fetch(`${base}/block/x`, { headers: { "X-Caller": "b" } });
    assert.equal(res.status, 429);
    const wait = Number(res.headers.get("retry-after"));
    assert.ok(wait > 100 && wait <= 120, String(wait));
  });

  test("allow and deny lists", async () => {
    assert.equal(count(await statuses(`${base}/allow/x`, 5, () => ({ "X-Caller": "vip" })), 200), 5);
    assert.deepEqual(await statuses(`${base}/allow/x`, 2, () => ({ "X-Caller": "banned" })), [403, 403]);
    assert.deepEqual(await statuses(`${base}/allow/x`, 2, () => ({ "X-Caller": "someone" })), [200, 429]);
  });

  test("several policies at once, in IETF headers an RFC 8941 parser reads", async () => {
    const first = await fetch(`${base}/many/x`, { headers: { "X-Caller": "m" } });
    const policy = parseList(first.headers.get("ratelimit-policy") ?? "");
    assert.deepEqual(
      policy.map(([name, params]) => [name, Object.fromEntries(params)]),
      [
        ['per "second"', { q: 3, w: 1 }],
        ["per day", { q: 5, w: 86400 }],
      ],
    );
    const state = parseList(first.headers.get("ratelimit") ?? "");
    assert.deepEqual(
      state.map(([name, params]) => [name, params.get("r")]),
      [
        ['per "second"', 2],
        ["per day", 4],
      ],
    );
    const rest = await statuses(`${base}/many/x`, 5, () => ({ "X-Caller": "m" }));
    assert.deepEqual(rest, [200, 200, 429, 429, 429]);
    await new Promise((r) => setTimeout(r, 1100));
    // A new second, but the day has 5 − 3 = 2 left.
    assert.deepEqual(await statuses(`${base}/many/x`, 3, () => ({ "X-Caller": "m" })), [200, 200, 429]);
    const refused = await fetch(`${base}/many/x`, { headers: { "X-Caller": "m" } });
    const day = parseList(refused.headers.get("ratelimit") ?? "")[1];
    assert.equal(day?.[1].get("r"), 0);
    assert.ok(Number(refused.headers.get("retry-after")) > 3600);
  });

  test("misuse fails early: names the headers cannot carry, duplicates, bad numbers", () => {
    assert.throws(() => rateLimit({ limit: 1, windowMs: 1000, policy: "perséconde" }), RangeError);
    assert.throws(
      () =>
        rateLimit({
          policies: [
            { name: "a", limit: 1, windowMs: 1000 },
            { name: "a", limit: 2, windowMs: 2000 },
          ],
        }),
      RangeError,
    );
    assert.throws(() => rateLimit({ limit: 0, windowMs: 1000 }), RangeError);
    assert.throws(() => rateLimit({ limit: 1, windowMs: 0.5 }), RangeError);
    assert.throws(() => rateLimit({ limit: 1, windowMs: 1000, blockMs: -1 }), RangeError);
    // @ts-expect-error one policy inline or several, not both
    assert.ok(rateLimit({ limit: 1, windowMs: 1000, policies: [{ name: "a", limit: 1, windowMs: 1 }] }));
  });
});

describe("gates let the response through", () => {
  test("on the memory store a limit decides at once: no promise, and Express's next() runs in the same turn", () => {
    const guard = rateLimit({ limit: 1, windowMs: 60_000 });
    const request: GuardRequest = { method: "GET", path: "/", headers: {}, ip: "192.0.2.7" };
    const first = guard.admit?.(request);
    assert.ok(first !== undefined && !(first instanceof Promise));
    assert.match(String((first as { headers?: Record<string, string> }).headers?.RateLimit), /r=0/);
    const second = guard.admit?.(request);
    assert.ok(second !== undefined && !(second instanceof Promise) && "refusal" in second);
    assert.equal(second.refusal.status, 429);
    // Through the middleware: next() has run when the call returns.
    const middleware = nodeGuard(rateLimit({ limit: 5, windowMs: 60_000 }));
    const set: Record<string, unknown> = {};
    let nexts = 0;
    middleware(
      { method: "GET", url: "/", headers: {}, socket: { remoteAddress: "192.0.2.8" } } as never,
      { setHeader: (name: string, value: unknown) => (set[name] = value) } as never,
      () => nexts++,
    );
    assert.equal(nexts, 1);
    assert.match(String(set.RateLimit), /"default";r=4;t=60/);
  });

  test("Express: a streamed response is not held back; the gate's headers are set and the handler's win", async () => {
    const app = express();
    app.use(nodeGuard(rateLimit({ limit: 10, windowMs: 60_000, policy: "stream" })));
    app.get("/stream", (_req, res) => {
      res.setHeader("RateLimit-Policy", '"own";q=1');
      res.write("first,");
      // The first chunk reaches the client before the handler ends: nothing buffers it.
      setTimeout(() => res.end("second"), 300);
    });
    const server = app.listen(0, "127.0.0.1");
    const base = await listen(server);
    try {
      const started = Date.now();
      const res = await fetch(`${base}/stream`);
      const reader = res.body?.getReader();
      const first = await reader?.read();
      const firstAt = Date.now() - started;
      assert.equal(new TextDecoder().decode(first?.value), "first,");
      assert.ok(firstAt < 250, `the first chunk came after ${firstAt} ms`);
      assert.match(res.headers.get("ratelimit") ?? "", /^"stream";r=9;t=\d+$/);
      assert.equal(res.headers.get("ratelimit-policy"), '"own";q=1');
      await reader?.cancel();
    } finally {
      server.close();
    }
  });
});
