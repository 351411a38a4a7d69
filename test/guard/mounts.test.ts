/**
 * The idempotency fingerprint under mounted routers: one store, guards mounted at
 * /accounts/a, /accounts/b and /admin, the same key and body sent to the withdraw
 * route of each. Each is a different request and must run: a replay of account a's
 * response to account b would skip b's withdrawal. Per adapter and per mount style.
 */
import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, test } from "node:test";
import { serve } from "@hono/node-server";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import { fastifyGuard, guardFetch, honoGuard, idempotency, nodeGuard } from "../../src/guard/index.js";
import { MemoryStore } from "../../src/guard/stores/memory.js";

const MOUNTS = ["/accounts/a", "/accounts/b", "/admin"] as const;

async function listen(server: Server): Promise<string> {
  if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const send = (base: string, mount: string) =>
  fetch(`${base}${mount}/withdraw?amount=5`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": "k-1", Authorization: "Bearer same-caller" },
    body: JSON.stringify({ amount: 5 }),
  });

/**
 * The same key, caller and body to each mount's /withdraw: the first runs; the others
 * are other requests under a used key (422 IDEMPOTENCY_KEY_REUSED), never a replay of
 * the first one's 201. The first again is its replay.
 */
async function withdrawEverywhere(base: string, ran: string[]): Promise<void> {
  for (const [i, mount] of MOUNTS.entries()) {
    const res = await send(base, mount);
    const text = await res.text();
    assert.equal(res.headers.get("idempotent-replayed"), null, `${mount} was answered with another mount's response`);
    if (i === 0) {
      assert.equal(res.status, 201, `${mount}: ${text}`);
      assert.deepEqual(JSON.parse(text), { account: mount });
    } else {
      assert.equal(res.status, 422, `${mount}: ${text}`);
      assert.match(text, /IDEMPOTENCY_KEY_REUSED/);
    }
  }
  assert.deepEqual(ran, [MOUNTS[0]]);
  const again = await send(base, MOUNTS[0]);
  assert.equal(again.status, 201);
  assert.equal(again.headers.get("idempotent-replayed"), "true");
  assert.deepEqual(await again.json(), { account: MOUNTS[0] });
  assert.deepEqual(ran, [MOUNTS[0]]);
}

describe("the idempotency fingerprint is the full path under mounts", () => {
  const servers: Server[] = [];
  after(() => {
    for (const s of servers) s.close();
  });

  test("Express: routers mounted with app.use(path, router)", async () => {
    const store = new MemoryStore();
    const ran: string[] = [];
    const app = express();
    app.use(express.json());
    for (const mount of MOUNTS) {
      const router = express.Router();
      router.use(nodeGuard(idempotency({ store })));
      router.post("/withdraw", (_req, res) => {
        ran.push(mount);
        res.status(201).json({ account: mount });
      });
      app.use(mount, router);
    }
    const server = app.listen(0, "127.0.0.1");
    servers.push(server);
    await withdrawEverywhere(await listen(server), ran);
  });

  test("Express: sub-applications mounted with app.use(path, subApp)", async () => {
    const store = new MemoryStore();
    const ran: string[] = [];
    const app = express();
    for (const mount of MOUNTS) {
      const sub = express();
      sub.use(express.json(), nodeGuard(idempotency({ store })));
      sub.post("/withdraw", (_req, res) => {
        ran.push(mount);
        res.status(201).json({ account: mount });
      });
      app.use(mount, sub);
    }
    const server = app.listen(0, "127.0.0.1");
    servers.push(server);
    await withdrawEverywhere(await listen(server), ran);
  });

  test("Fastify: plugins registered with a prefix", async () => {
    const store = new MemoryStore();
    const ran: string[] = [];
    const app = Fastify();
    for (const mount of MOUNTS) {
      await app.register(
        async (scope) => {
          await scope.register(fastifyGuard(idempotency({ store })));
          scope.post("/withdraw", async (_request, reply) => {
            ran.push(mount);
            return reply.code(201).send({ account: mount });
          });
        },
        { prefix: mount },
      );
    }
    await app.listen({ port: 0, host: "127.0.0.1" });
    servers.push(app.server);
    await withdrawEverywhere(await listen(app.server), ran);
  });

  test("Hono: sub-apps mounted with app.route(path, sub)", async () => {
    const store = new MemoryStore();
    const ran: string[] = [];
    const app = new Hono();
    for (const mount of MOUNTS) {
      const sub = new Hono();
      sub.use("*", honoGuard(idempotency({ store })));
      sub.post("/withdraw", (c) => {
        ran.push(mount);
        return c.json({ account: mount }, 201);
      });
      app.route(mount, sub);
    }
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
    servers.push(server);
    await withdrawEverywhere(await listen(server), ran);
  });

  test("Fetch: one guardFetch per mount behind a path dispatcher", async () => {
    const store = new MemoryStore();
    const ran: string[] = [];
    const handlers = new Map(
      MOUNTS.map((mount) => [
        mount,
        guardFetch(idempotency({ store }), () => {
          ran.push(mount);
          return Response.json({ account: mount }, { status: 201 });
        }),
      ]),
    );
    const server = serve({
      fetch: (request) => {
        const path = new URL(request.url).pathname;
        const mount = MOUNTS.find((m) => path.startsWith(`${m}/`));
        const handler = mount ? handlers.get(mount) : undefined;
        return handler ? handler(request) : new Response(null, { status: 404 });
      },
      port: 0,
      hostname: "127.0.0.1",
    }) as Server;
    servers.push(server);
    await withdrawEverywhere(await listen(server), ran);
  });
});
