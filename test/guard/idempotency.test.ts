/**
 * Idempotency that cannot replay the wrong response, over real HTTP: the query
 * string and the body bytes are part of the fingerprint, keys belong to the caller,
 * Set-Cookie is never replayed, a body the guard cannot see is a setup error, a
 * hung handler does not hold its key forever, and a run that lost its key says so.
 */
import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { serve } from "@hono/node-server";
import express from "express";
import { Hono } from "hono";
import { honoGuard, idempotency, nodeGuard } from "../../src/guard/index.js";
import { MemoryStore } from "../../src/guard/stores/memory.js";

async function listening(server: Server): Promise<string> {
  if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const post = (key: string, body: string, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: {
    "Content-Type": "application/json",
    Authorization: "Bearer one-caller",
    "Idempotency-Key": key,
    ...headers,
  },
  body,
});

async function call(url: string, init: RequestInit) {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe("idempotency: what makes two requests the same, and whose they are (Hono)", () => {
  let server: Server;
  let base = "";
  let runs = 0;
  const conflicts: string[] = [];
  let release: () => void = () => {};
  before(async () => {
    const app = new Hono();
    const store = new MemoryStore();
    app.use("/transfer", honoGuard(idempotency({ store })));
    app.use("/login", honoGuard(idempotency({ store })));
    app.use("/login-kept", honoGuard(idempotency({ store, keepSetCookie: true })));
    app.use(
      "/hang",
      honoGuard(idempotency({ store, leaseMs: 150, maxRunMs: 150, onConflict: (e) => conflicts.push(e.phase) })),
    );
    app.post("/transfer", (c) => {
      runs++;
      return c.json({ run: runs, amount: c.req.query("amount") }, 201);
    });
    for (const path of ["/login", "/login-kept"]) {
      app.post(path, (c) => {
        runs++;
        return c.json({ run: runs }, 200, { "Set-Cookie": `session=s${runs}; HttpOnly` });
      });
    }
    let hangs = 0;
    app.post("/hang", async (c) => {
      const run = ++hangs;
      // The first run hangs until the test releases it; the retry answers at once.
      if (run === 1) await new Promise<void>((resolve) => (release = resolve));
      return c.json({ run });
    });
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
    base = await listening(server);
  });
  after(() => {
    release();
    server.close();
  });

  test("the query string is part of the request: ?amount=1000000 with the key of ?amount=1 is 422", async () => {
    const first = await call(`${base}/transfer?amount=1`, post("k-q", "{}"));
    assert.equal(first.status, 201);
    const other = await call(`${base}/transfer?amount=1000000`, post("k-q", "{}"));
    assert.equal(other.status, 422);
    assert.match(other.text, /IDEMPOTENCY_KEY_REUSED/);
    const again = await call(`${base}/transfer?amount=1`, post("k-q", "{}"));
    assert.equal(again.text, first.text);
  });

  test("keys belong to the caller: another credential with the same key and body runs its own request", async () => {
    const before = runs;
    const alice = await call(`${base}/transfer`, post("k-s", "{}", { Authorization: "Bearer alice" }));
    const bob = await call(`${base}/transfer`, post("k-s", "{}", { Authorization: "Bearer bob" }));
    assert.equal(runs, before + 2);
    assert.notEqual(bob.text, alice.text);
    const aliceAgain = await call(`${base}/transfer`, post("k-s", "{}", { Authorization: "Bearer alice" }));
    assert.equal(aliceAgain.text, alice.text);
    assert.equal(runs, before + 2);
  });

  test("a replay never carries Set-Cookie, unless keepSetCookie", async () => {
    const first = await call(`${base}/login`, post("k-c", "{}"));
    assert.match(String(first.headers.get("set-cookie")), /session=/);
    const replay = await call(`${base}/login`, post("k-c", "{}"));
    assert.equal(replay.headers.get("idempotent-replayed"), "true");
    assert.equal(replay.headers.get("set-cookie"), null);
    await call(`${base}/login-kept`, post("k-c2", "{}"));
    const kept = await call(`${base}/login-kept`, post("k-c2", "{}"));
    assert.match(String(kept.headers.get("set-cookie")), /session=/);
  });

  test("a handler that never answers holds its key for maxRunMs only; the run that lost it says so", async () => {
    const hung = call(`${base}/hang`, post("k-h", "{}"));
    await new Promise((r) => setTimeout(r, 50));
    const early = await call(`${base}/hang`, post("k-h", "{}"));
    assert.equal(early.status, 409, "while the lease lives, a duplicate waits");
    // maxRunMs (150) + the lease (150): then a retry takes the key over and runs.
    await new Promise((r) => setTimeout(r, 450));
    const retry = await call(`${base}/hang`, post("k-h", "{}"));
    assert.equal(retry.status, 200);
    release();
    const late = await hung;
    assert.equal(late.status, 200);
    assert.equal(late.headers.get("idempotency-stored"), "false");
    assert.deepEqual(conflicts, ["complete"]);
    // The retry's result is the one stored.
    const replay = await call(`${base}/hang`, post("k-h", "{}"));
    assert.equal(replay.text, retry.text);
  });
});

describe("idempotency under Express: the guard sees the body's bytes, or refuses", () => {
  let server: Server;
  let base = "";
  let runs = 0;
  before(async () => {
    const app = express();
    app.use("/json-only", express.json(), nodeGuard(idempotency()));
    app.use("/text", express.json(), express.text(), nodeGuard(idempotency()));
    for (const path of ["/json-only", "/text"])
      app.post(path, (_req, res) => {
        runs++;
        res.status(201).json({ run: runs });
      });
    server = app.listen(0, "127.0.0.1");
    base = await listening(server);
  });
  after(() => server.close());

  const text = (key: string, body: string): RequestInit => ({
    method: "POST",
    headers: { "Content-Type": "text/plain", Authorization: "Bearer one-caller", "Idempotency-Key": key },
    body,
  });

  test("a text/plain body no parser read is a setup error, never a replay of another amount", async () => {
    const before = runs;
    const first = await call(`${base}/json-only`, text("k-t", "amount=1"));
    assert.equal(first.status, 500);
    assert.match(first.text, /GUARD_MISCONFIGURED/);
    assert.equal(runs, before);
  });

  test("with a parser for it, amount=1 and amount=999999 under one key are told apart", async () => {
    const first = await call(`${base}/text`, text("k-t2", "amount=1"));
    assert.equal(first.status, 201);
    const other = await call(`${base}/text`, text("k-t2", "amount=999999"));
    assert.equal(other.status, 422);
  });
});
