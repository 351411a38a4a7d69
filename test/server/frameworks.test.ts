/** Hono, Express 5 and Fastify 5, each adopted in a few lines and tested over real HTTP on 127.0.0.1. */
import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { serve } from "@hono/node-server";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import { createErrors } from "../../src/runtime/createErrors.js";
import {
  errataFastify,
  expressErrorHandler,
  expressNotFound,
  honoErrorHandler,
  honoMiddleware,
  honoNotFound,
} from "../../src/server/index.js";
import "../../src/frameworks/fastify/index.js";
import { decode } from "../../src/wire/index.js";
import { loadBundled } from "../helpers.js";

const gitclaw = loadBundled("gitclaw");
const aragora = loadBundled("aragora");
const g = createErrors(gitclaw);
const a = createErrors(aragora);

type Json = { error: { code: string; message: string; details?: Record<string, unknown> } } & Record<string, unknown>;

async function call(base: string, path: string, init?: RequestInit) {
  const res = await fetch(base + path, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) as Json };
}

function listening(server: Server): Promise<string> {
  return new Promise((resolve) => {
    const done = () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    if (server.listening) done();
    else server.once("listening", done);
  });
}

async function common(base: string, secretPath: string) {
  const rate = await call(base, "/rate", { headers: { "X-Request-Id": "req-7" } });
  assert.equal(rate.status, 429);
  assert.equal(rate.headers.get("retry-after"), "60");
  assert.equal(rate.headers.get("x-request-id"), "req-7");
  assert.equal(rate.json.error.code, "RATE_LIMITED");
  const back = decode(rate.text, { catalogs: [gitclaw], status: 429, headers: rate.headers });
  assert.ok(back.ok && back.error.name === "RATE_LIMITED" && back.error.requestId === "req-7");

  const crash = await call(base, secretPath);
  assert.equal(crash.status, 500);
  assert.equal(crash.json.error.code, "INTERNAL_ERROR");
  assert.doesNotMatch(crash.text, /hunter2|at .*:\d+/);

  const missing = await call(base, "/nowhere");
  assert.equal(missing.status, 404);
  assert.equal(missing.json.error.code, "ROUTE_NOT_FOUND");
}

describe("Hono", () => {
  let server: Server;
  let base = "";
  before(async () => {
    const app = new Hono();
    app.use(honoMiddleware({ catalog: gitclaw }));
    app.get("/string", () => {
      throw "password=hunter2";
    });
    app.get("/rate", () => {
      throw g.RATE_LIMITED?.({ action: "star", limit: 1, window: "1h", retryAfter: 60 });
    });
    app.get("/crash", () => {
      throw new Error("password=hunter2");
    });
    app.onError(honoErrorHandler({ catalog: gitclaw }));
    app.notFound(honoNotFound({ catalog: gitclaw }));
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
    base = await listening(server);
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("errata errors, unexpected errors and unknown routes", () => common(base, "/crash"));

  test("a thrown non-Error, which Hono rethrows past onError, is caught by the middleware", async () => {
    const res = await call(base, "/string");
    assert.deepEqual([res.status, res.json.error.code], [500, "INTERNAL_ERROR"]);
    assert.doesNotMatch(res.text, /hunter2/);
  });
});

describe("Express 5", () => {
  let server: Server;
  let base = "";
  before(async () => {
    const app = express();
    app.use(express.json({ limit: "64b" }));
    app.post("/items", (req, res) => {
      res.json(req.body);
    });
    app.get("/rate", () => {
      throw g.RATE_LIMITED?.({ action: "star", limit: 1, window: "1h", retryAfter: 60 });
    });
    app.get("/async", async () => {
      throw new Error("password=hunter2");
    });
    app.use(expressNotFound({ catalog: gitclaw }));
    app.use(expressErrorHandler({ catalog: gitclaw }));
    server = app.listen(0, "127.0.0.1");
    base = await listening(server);
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("errata errors, rejected async handlers and unknown routes", () => common(base, "/async"));

  test("a malformed JSON body is INVALID_JSON; an oversized one keeps its 413", async () => {
    const headers = { "Content-Type": "application/json" };
    const bad = await call(base, "/items", { method: "POST", headers, body: '{"task": ' });
    assert.deepEqual([bad.status, bad.json.error.code], [400, "INVALID_JSON"]);
    const big = await call(base, "/items", {
      method: "POST",
      headers,
      body: JSON.stringify({ task: "x".repeat(200) }),
    });
    assert.deepEqual(
      [big.status, big.json.error.code, big.json.error.message],
      [413, "REQUEST_REJECTED", "Request rejected: Content Too Large"],
    );
  });
});

describe("Fastify 5", () => {
  const app = Fastify();
  let base = "";
  before(async () => {
    await app.register(errataFastify, { catalog: aragora, logger: app.log });
    app.post(
      "/debates",
      {
        schema: {
          body: {
            type: "object",
            required: ["task"],
            properties: { task: { type: "string" }, agents: { type: "integer" } },
          },
        },
      },
      async (req) => req.body,
    );
    app.get("/rate", async () => {
      throw a.RATE_LIMITED?.({}, { retryAfter: 60 });
    });
    app.get("/crash", async () => {
      throw new Error("password=hunter2");
    });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  after(() => app.close());

  test("errata errors in the flat format, unexpected errors and unknown routes", async () => {
    const rate = await call(base, "/rate", { headers: { "X-Request-Id": "req-9" } });
    assert.deepEqual([rate.status, rate.json.code, rate.json.trace_id], [429, "RATE_LIMITED", "req-9"]);
    assert.equal(rate.headers.get("retry-after"), "60");
    const crash = await call(base, "/crash");
    assert.deepEqual([crash.status, crash.json.code], [500, "INTERNAL_ERROR"]);
    assert.doesNotMatch(crash.text, /hunter2/);
    const missing = await call(base, "/nowhere");
    assert.deepEqual(
      [missing.status, missing.json.code, missing.json.error],
      [404, "ROUTE_NOT_FOUND", "No route for GET /nowhere"],
    );
  });

  test("schema validation becomes VALIDATION_ERROR with per-field violations; bad JSON is INVALID_JSON", async () => {
    const headers = { "Content-Type": "application/json" };
    const invalid = await call(base, "/debates", { method: "POST", headers, body: JSON.stringify({ agents: "many" }) });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.json.code, "VALIDATION_ERROR");
    const violations = (invalid.json.details as { violations: { field: string }[] }).violations;
    assert.ok(
      violations.some((v) => v.field === "task"),
      JSON.stringify(violations),
    );
    const bad = await call(base, "/debates", { method: "POST", headers, body: '{"task":' });
    assert.deepEqual([bad.status, bad.json.code], [400, "INVALID_JSON"]);
    const problem = await call(base, "/nowhere", { headers: { Accept: "application/problem+json" } });
    assert.equal(problem.status, 404);
    assert.match(problem.headers.get("content-type") ?? "", /^application\/problem\+json(; charset=utf-8)?$/);
  });
});

describe("Fastify 5, one catalog per prefixed scope", () => {
  const app = Fastify();
  let base = "";
  before(async () => {
    for (const [prefix, catalog, errors] of [
      ["/gitclaw", gitclaw, g],
      ["/aragora", aragora, a],
    ] as const) {
      await app.register(
        async (scope) => {
          await scope.register(errataFastify, { catalog });
          scope.get("/rate", async () => {
            throw errors.RATE_LIMITED?.({ action: "star" }, { retryAfter: 5 });
          });
          scope.get("/crash", async () => {
            throw new Error("password=hunter2");
          });
          scope.get("/send", async (_req, reply) => reply.sendError(errors.RATE_LIMITED?.({ action: "star" })));
          // A child context without its own registration answers with its parent scope's options.
          await scope.register(async (child) => {
            child.get("/child/send", async (_req, reply) => reply.sendError(new Error("password=hunter2")));
          });
        },
        { prefix },
      );
    }
    base = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  after(() => app.close());

  test("each scope answers in its own catalog's format, its unknown routes too", async () => {
    const envelope = await call(base, "/gitclaw/rate");
    assert.equal(envelope.json.error.code, "RATE_LIMITED");
    const flat = await call(base, "/aragora/rate");
    assert.equal(flat.json.code, "RATE_LIMITED");
    assert.equal(flat.json.error, "Rate limit exceeded");
    for (const path of ["/gitclaw/crash", "/aragora/crash"]) {
      const crash = await call(base, path);
      assert.equal(crash.status, 500);
      assert.doesNotMatch(crash.text, /hunter2/);
    }
    const missing = await call(base, "/aragora/nowhere");
    assert.deepEqual([missing.status, missing.json.code], [404, "ROUTE_NOT_FOUND"]);
  });

  test("reply.sendError answers without a throw, in the format of the route's own scope", async () => {
    const envelope = await call(base, "/gitclaw/send", { headers: { "X-Request-Id": "req-7" } });
    assert.deepEqual([envelope.status, envelope.json.error.code], [429, "RATE_LIMITED"]);
    assert.equal(envelope.headers.get("x-request-id"), "req-7");
    const flat = await call(base, "/aragora/send");
    assert.deepEqual([flat.status, flat.json.code, flat.json.error], [429, "RATE_LIMITED", "Rate limit exceeded"]);
    for (const [path, shape] of [
      ["/gitclaw/child/send", "envelope"],
      ["/aragora/child/send", "flat"],
    ] as const) {
      const crash = await call(base, path);
      assert.equal(crash.status, 500);
      assert.doesNotMatch(crash.text, /hunter2/);
      assert.equal(shape === "envelope" ? crash.json.error.code : crash.json.code, "INTERNAL_ERROR");
    }
  });
});

test("reply.sendError in a scope that registers errata again uses that scope's catalog", async () => {
  const app = Fastify();
  await app.register(errataFastify, { catalog: gitclaw });
  app.get("/root", async (_req, reply) => reply.sendError(g.RATE_LIMITED?.({ action: "star" })));
  await app.register(
    async (scope) => {
      await scope.register(errataFastify, { catalog: aragora });
      scope.get("/scoped", async (_req, reply) => reply.sendError(a.RATE_LIMITED?.({})));
    },
    { prefix: "/v2" },
  );
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  try {
    const root = await call(base, "/root");
    assert.deepEqual([root.status, root.json.error.code], [429, "RATE_LIMITED"]);
    const scoped = await call(base, "/v2/scoped");
    assert.deepEqual(
      [scoped.status, scoped.json.code, scoped.json.error],
      [429, "RATE_LIMITED", "Rate limit exceeded"],
    );
  } finally {
    await app.close();
  }
});

test("Fastify logs no 'already sent' warning for errata's responses (over real HTTP)", async () => {
  const lines: string[] = [];
  const app = Fastify({ logger: { level: "warn", stream: { write: (line: string) => void lines.push(line) } } });
  await app.register(errataFastify, { catalog: gitclaw });
  app.get("/rate", async () => {
    throw g.RATE_LIMITED?.({ action: "star" }, { stack: false });
  });
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  try {
    for (const path of ["/rate", "/nowhere"]) {
      const res = await fetch(base + path);
      await res.text();
      assert.ok(res.status === 429 || res.status === 404);
    }
  } finally {
    await app.close();
  }
  assert.deepEqual(
    lines.filter((l) => /already sent|FST_ERR_REP_ALREADY_SENT/.test(l)),
    [],
  );
});
