/** The Fetch and node:http adapters: formats, statuses, headers, ids, logging, and no leaks. */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { createErrors } from "../../src/runtime/createErrors.js";
import { routeNotFound, sendError, toResponse } from "../../src/server/index.js";
import { decode } from "../../src/wire/index.js";
import { loadBundled } from "../helpers.js";

const gitclaw = loadBundled("gitclaw");
const g = createErrors(gitclaw);
const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

describe("toResponse (Fetch API)", () => {
  test("an errata error in the catalog's format, with Retry-After, ids and rate-limit headers", async () => {
    const request = new Request("http://127.0.0.1/repos/1/star", {
      headers: { "X-Request-Id": "req-42", traceparent: TRACEPARENT },
    });
    const error = g.RATE_LIMITED?.({ action: "star", limit: 100, window: "1h", retryAfter: 3600 });
    const res = toResponse(error, {
      request,
      catalog: gitclaw,
      rateLimit: () => ({ limit: 100, remaining: 0, reset: 1705320000 }),
    });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.equal(res.headers.get("retry-after"), "3600");
    assert.equal(res.headers.get("x-ratelimit-remaining"), "0");
    assert.equal(res.headers.get("x-request-id"), "req-42");
    assert.equal(res.headers.get("x-trace-id"), "4bf92f3577b34da6a3ce929d0e0e4736");
    const body = (await res.json()) as { error: { code: string }; meta: { requestId: string; traceId: string } };
    assert.equal(body.error.code, "RATE_LIMITED");
    assert.equal(body.meta.requestId, "req-42");
    assert.equal(body.meta.traceId, "4bf92f3577b34da6a3ce929d0e0e4736");
  });

  test("Accept: application/problem+json is honoured", async () => {
    const request = new Request("http://127.0.0.1/", { headers: { Accept: "application/problem+json" } });
    const res = toResponse(g.REPO_NOT_FOUND?.({ repoId: "r1" }), { request, catalog: gitclaw });
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    const body = (await res.json()) as { status: number; code: string; type: string };
    assert.deepEqual(
      [body.status, body.code, body.type],
      [404, "REPO_NOT_FOUND", "https://docs.gitclaw.dev/errors/repo-not-found"],
    );
  });

  test("an unexpected error is logged in full and shown as INTERNAL_ERROR only", async () => {
    const logged: { level: string; object: Record<string, unknown> }[] = [];
    const logger = {
      error: (object: Record<string, unknown>) => logged.push({ level: "error", object }),
      info: (object: Record<string, unknown>) => logged.push({ level: "info", object }),
    };
    const secret = new Error("connect ECONNREFUSED 10.0.0.7:5432 password=hunter2", { cause: new Error("inner") });
    const res = toResponse(secret, { catalog: gitclaw, logger });
    const text = await res.text();
    assert.equal(res.status, 500);
    assert.doesNotMatch(text, /hunter2|ECONNREFUSED|inner|at .*:\d+/);
    const body = JSON.parse(text);
    assert.equal(body.error.code, "INTERNAL_ERROR");
    assert.equal(logged.length, 1);
    assert.equal(logged[0]?.level, "error");
    assert.equal(logged[0]?.object.err, secret, "the server log keeps the thrown error and its cause chain");
    assert.equal(body.meta.requestId, logged[0]?.object.requestId);
  });

  test("4xx errors log at info; a throwing logger or hook breaks nothing", () => {
    const levels: string[] = [];
    toResponse(g.REPO_NOT_FOUND?.({ repoId: "r" }), {
      logger: { error: () => levels.push("error"), info: () => levels.push("info") },
    });
    assert.deepEqual(levels, ["info"]);
    const boom = () => {
      throw new Error("broken hook");
    };
    const res = toResponse(new Error("x"), { logger: { error: boom, info: boom }, onError: boom, rateLimit: boom });
    assert.equal(res.status, 500);
  });

  test("the onError hook sees the error, the thrown value, ids and status", () => {
    const events: unknown[] = [];
    const thrown = new TypeError("undefined is not a function");
    toResponse(thrown, {
      request: new Request("http://127.0.0.1/", { headers: { traceparent: TRACEPARENT } }),
      onError: (e) => events.push(e),
    });
    const [event] = events as {
      error: { name: string };
      thrown: unknown;
      expected: boolean;
      status: number;
      traceId: string;
    }[];
    assert.deepEqual(
      [event?.error.name, event?.thrown, event?.expected, event?.status, event?.traceId],
      ["INTERNAL_ERROR", thrown, false, 500, "4bf92f3577b34da6a3ce929d0e0e4736"],
    );
  });
});

describe("sendError (node:http, over real HTTP)", () => {
  let server: Server;
  let base = "";
  const tracemem = loadBundled("tracemem");
  const t = createErrors(tracemem);
  const routes: Record<string, () => unknown> = {
    "/rate": () => g.RATE_LIMITED?.({ action: "star", limit: 1, window: "1h", retryAfter: 60 }),
    "/crash": () => new Error("secret stack detail"),
    "/string": () => "thrown string",
    "/policy": () => t.POLICY_NOT_FOUND?.({ policy: "discount_cap_v1" }),
    "/auth": () => t.INVALID_API_KEY?.(),
  };

  before(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? "/";
      const route = routes[path.split("?")[0] as string];
      const catalog = path.startsWith("/policy") || path.startsWith("/auth") ? tracemem : gitclaw;
      try {
        if (!route) throw routeNotFound(catalog, req.method ?? "GET", path);
        throw route();
      } catch (err) {
        sendError(res, err, req, { catalog });
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("errata errors, unexpected errors and unknown routes, each in the catalog's format", async () => {
    const rate = await fetch(`${base}/rate`, { headers: { "X-Request-Id": "req-1" } });
    assert.equal(rate.status, 429);
    assert.equal(rate.headers.get("retry-after"), "60");
    const decoded = decode(await rate.text(), { catalogs: [gitclaw], status: rate.status, headers: rate.headers });
    assert.ok(decoded.ok);
    assert.deepEqual(
      [decoded.error.name, decoded.error.requestId, decoded.error.retryAfter],
      ["RATE_LIMITED", "req-1", 60],
    );

    for (const path of ["/crash", "/string"]) {
      const res = await fetch(base + path);
      const text = await res.text();
      assert.equal(res.status, 500);
      assert.doesNotMatch(text, /secret|thrown string|at .*:\d+/);
      assert.equal(JSON.parse(text).error.code, "INTERNAL_ERROR");
    }

    const missing = await fetch(`${base}/nowhere`, { method: "DELETE" });
    assert.equal(missing.status, 404);
    assert.equal(
      ((await missing.json()) as { error: { message: string } }).error.message,
      "No route for DELETE /nowhere",
    );
  });

  test("JSON-RPC errors travel with 200, except 401/403/429, and decode back", async () => {
    const policy = await fetch(`${base}/policy`);
    assert.equal(policy.status, 200);
    const body = (await policy.json()) as { error: { code: number; data: { code: string } } };
    assert.equal(body.error.code, -32603);
    assert.equal(body.error.data.code, "POLICY_NOT_FOUND");
    const auth = await fetch(`${base}/auth`);
    assert.equal(auth.status, 401);
    const back = decode(await auth.text(), { catalogs: [tracemem], status: 401 });
    assert.ok(back.ok && back.error.name === "INVALID_API_KEY");
  });
});
