/**
 * errata/koa on Koa 3 with @koa/router and @koa/bodyparser, over real HTTP: a thrown
 * catalog error and an unanswered request in the catalog's format, and the guards as
 * Koa middleware (a rate limit's refusal with its headers, an idempotent replay, the
 * query string and the caller's X-Api-Key in the key's scope).
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { bodyParser } from "@koa/bodyparser";
import Router from "@koa/router";
import Koa from "koa";
import { errataKoa, koaGuard } from "../../src/frameworks/koa/index.js";
import { idempotency, MemoryStore, rateLimit } from "../../src/guard/index.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { loadBundled } from "../helpers.js";

const catalog = loadBundled("gitclaw");
const errors = createErrors(catalog);
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
let server: Server;
let base = "";
let runs = 0;

before(async () => {
  const app = new Koa();
  const store = new MemoryStore();
  const router = new Router();
  router.get("/repos/:id", (ctx) => {
    throw errors.REPO_NOT_FOUND?.({ repoId: ctx.params.id });
  });
  router.post("/limited", (ctx) => {
    ctx.body = { ok: true };
  });
  router.post("/transfer", (ctx) => {
    runs++;
    ctx.status = 201;
    ctx.body = { run: runs, amount: ctx.query.amount, to: (ctx.request.body as { to?: string }).to };
  });
  app.use(errataKoa({ catalog, logger: quiet }));
  app.use(bodyParser());
  app.use(async (ctx, next) => {
    const limited = ctx.path === "/limited";
    const guard = limited
      ? koaGuard(rateLimit({ store, catalog, limit: 1, windowMs: 60_000, key: () => "one caller" }))
      : koaGuard(idempotency({ store, catalog }));
    return guard(ctx, next);
  });
  app.use(router.routes());
  server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

test("a thrown catalog error and an unanswered request, in the catalog's format", async () => {
  const missing = await fetch(`${base}/repos/octo`, { headers: { "x-request-id": "req-koa" } });
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get("x-request-id"), "req-koa");
  const body = (await missing.json()) as { error: { code: string; message: string } };
  assert.deepEqual(body.error, {
    code: "REPO_NOT_FOUND",
    message: "Repository not found: octo",
    details: { repoId: "octo" },
  });
  const none = await fetch(`${base}/nothing/here`);
  assert.equal(none.status, 404);
  assert.equal(((await none.json()) as { error: { code: string } }).error.code, "ROUTE_NOT_FOUND");
});

test("koaGuard: the rate limit answers the second call with 429 and its headers", async () => {
  const first = await fetch(`${base}/limited`, { method: "POST" });
  assert.equal(first.status, 200);
  assert.ok(first.headers.get("x-ratelimit-limit"), "the gate's headers on the answer");
  const second = await fetch(`${base}/limited`, { method: "POST" });
  assert.equal(second.status, 429);
  assert.ok(second.headers.get("retry-after"));
  assert.equal(((await second.json()) as { error: { code: string } }).error.code, "RATE_LIMITED");
});

test("koaGuard: a key's response is replayed; another query string or another caller's key is not that request", async () => {
  const post = (path: string, key: string, caller: string, to = "acct_1") =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: { "idempotency-key": key, "x-api-key": caller, "content-type": "application/json" },
      body: JSON.stringify({ to }),
    });
  runs = 0;
  const first = await post("/transfer?amount=1", "k1", "alice");
  const firstBody = await first.text();
  assert.deepEqual([first.status, JSON.parse(firstBody)], [201, { run: 1, amount: "1", to: "acct_1" }]);
  const again = await post("/transfer?amount=1", "k1", "alice");
  assert.deepEqual(
    [again.status, again.headers.get("idempotent-replayed"), await again.text()],
    [201, "true", firstBody],
  );
  const bigger = await post("/transfer?amount=1000000", "k1", "alice");
  assert.equal(bigger.status, 422, "the query string is part of the fingerprint");
  const otherBody = await post("/transfer?amount=1", "k1", "alice", "acct_2");
  assert.equal(otherBody.status, 422, "so is the body");
  const bob = await post("/transfer?amount=1", "k1", "bob");
  assert.deepEqual([bob.status, bob.headers.get("idempotent-replayed")], [201, null], "keys are scoped to X-Api-Key");
  assert.equal(runs, 2);
});
