/**
 * What makes two idempotent requests the same, and whose they are, through every
 * adapter a guard runs in (Express and node:http's nodeGuard, Fastify's plugin,
 * Hono, guardFetch, Koa): the query string is in the fingerprint, and a key belongs
 * to its caller by Authorization, else X-Api-Key, else the named session cookie,
 * else the application's `scope` function. Each case fails if its adapter drops the
 * query, or if the guard drops one of the ways to tell callers apart.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { serve } from "@hono/node-server";
import { bodyParser } from "@koa/bodyparser";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import Koa from "koa";
import { koaGuard } from "../../src/frameworks/koa/index.js";
import {
  fastifyGuard,
  type Guard,
  guardFetch,
  honoGuard,
  idempotency,
  MemoryStore,
  nodeGuard,
} from "../../src/guard/index.js";

/** The three guards: the default scope, a session cookie's, and the application's own. */
function guards(): Record<string, Guard> {
  const store = new MemoryStore();
  return {
    "/transfer": idempotency({ store }),
    "/session": idempotency({ store, sessionCookie: "sid" }),
    "/scoped": idempotency({
      store,
      scope: (r) =>
        (r.headers instanceof Headers
          ? r.headers.get("x-tenant")
          : (r.headers as Record<string, string>)["x-tenant"]) ?? "none",
    }),
  };
}

let runs = 0;
const answer = (amount: string | undefined) => ({ run: ++runs, amount: amount ?? null });

type Start = () => Promise<{ url: string; close: () => Promise<void> | void }>;

async function listen(server: Server) {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => void server.close() };
}

const adapters: Record<string, Start> = {
  "Express (nodeGuard)": async () => {
    const app = express();
    for (const [path, guard] of Object.entries(guards())) {
      app.post(path, express.json(), nodeGuard(guard), (req, res) => {
        res.status(201).json(answer(req.query.amount as string | undefined));
      });
    }
    return listen(createServer(app));
  },
  "Fastify (fastifyGuard)": async () => {
    const app = Fastify();
    for (const [path, guard] of Object.entries(guards())) {
      await app.register(async (scope) => {
        await scope.register(fastifyGuard(guard));
        scope.post<{ Querystring: { amount?: string } }>(path, async (req, reply) =>
          reply.code(201).send(answer(req.query.amount)),
        );
      });
    }
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    return { url, close: () => app.close() };
  },
  Hono: async () => {
    const app = new Hono();
    for (const [path, guard] of Object.entries(guards())) {
      app.use(path, honoGuard(guard));
      app.post(path, (c) => c.json(answer(c.req.query("amount")), 201));
    }
    return listen(serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server);
  },
  guardFetch: async () => {
    const handlers = Object.entries(guards()).map(
      ([path, guard]) =>
        [
          path,
          guardFetch(guard, (r) =>
            Response.json(answer(new URL(r.url).searchParams.get("amount") ?? undefined), { status: 201 }),
          ),
        ] as const,
    );
    const route = new Map(handlers);
    return listen(
      serve({
        fetch: (r) => (route.get(new URL(r.url).pathname) ?? (() => new Response("", { status: 404 })))(r),
        port: 0,
        hostname: "127.0.0.1",
      }) as Server,
    );
  },
  "Koa (koaGuard)": async () => {
    const app = new Koa();
    const byPath = guards();
    app.use(bodyParser());
    app.use(async (ctx, next) => {
      const guard = byPath[ctx.path];
      if (guard) await koaGuard(guard)(ctx, next);
    });
    app.use((ctx) => {
      ctx.status = 201;
      ctx.body = answer(ctx.query.amount as string | undefined);
    });
    return listen(createServer(app.callback()));
  },
};

const post = (headers: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json", ...headers },
  body: "{}",
});

async function call(url: string, init: RequestInit) {
  const res = await fetch(url, init);
  return { status: res.status, replayed: res.headers.get("idempotent-replayed"), text: await res.text() };
}

for (const [adapter, start] of Object.entries(adapters)) {
  describe(`idempotency through ${adapter}`, () => {
    let server: Awaited<ReturnType<Start>>;
    before(async () => {
      server = await start();
    });
    after(() => server.close());

    test("the query string is in the fingerprint: ?amount=1000000 with the key of ?amount=1 is 422", async () => {
      const headers = { Authorization: "Bearer q", "Idempotency-Key": "k-q" };
      const first = await call(`${server.url}/transfer?amount=1`, post(headers));
      assert.equal(first.status, 201);
      assert.equal(JSON.parse(first.text).amount, "1");
      const other = await call(`${server.url}/transfer?amount=1000000`, post(headers));
      assert.equal(other.status, 422, other.text);
      assert.match(other.text, /IDEMPOTENCY_KEY_REUSED/);
      assert.equal((await call(`${server.url}/transfer?amount=1`, post(headers))).text, first.text);
    });

    test("without Authorization, X-Api-Key says whose a key is", async () => {
      const as = (caller: string) => post({ "X-Api-Key": caller, "Idempotency-Key": "k-api" });
      const alice = await call(`${server.url}/transfer`, as("alice"));
      const bob = await call(`${server.url}/transfer`, as("bob"));
      assert.deepEqual([alice.status, bob.status, bob.replayed], [201, 201, null]);
      assert.notEqual(bob.text, alice.text);
      const again = await call(`${server.url}/transfer`, as("alice"));
      assert.deepEqual([again.replayed, again.text], ["true", alice.text]);
    });

    test("with sessionCookie, the named cookie says whose a key is; other cookies do not", async () => {
      const as = (cookie: string) => post({ Cookie: cookie, "Idempotency-Key": "k-cookie" });
      const a = await call(`${server.url}/session`, as("theme=dark; sid=a"));
      const b = await call(`${server.url}/session`, as("theme=dark; sid=b"));
      assert.deepEqual([a.status, b.status, b.replayed], [201, 201, null]);
      const again = await call(`${server.url}/session`, as("sid=a; theme=light"));
      assert.deepEqual([again.replayed, again.text], ["true", a.text]);
      const nobody = await call(`${server.url}/session`, as("theme=dark"));
      assert.match(nobody.text, /GUARD_MISCONFIGURED/, "no credential and no session: refused");
    });

    test("the application's scope function says whose a key is", async () => {
      const as = (tenant: string) => post({ "X-Tenant": tenant, "Idempotency-Key": "k-scope" });
      const a = await call(`${server.url}/scoped`, as("t1"));
      const b = await call(`${server.url}/scoped`, as("t2"));
      assert.deepEqual([a.status, b.status, b.replayed], [201, 201, null]);
      assert.equal((await call(`${server.url}/scoped`, as("t1"))).replayed, "true");
    });
  });
}
