/**
 * errata/client against servers errata did not write, on 127.0.0.1: plain Fastify
 * with @fastify/sensible, Express with http-errors, jayson for JSON-RPC, and a
 * redirecting node:http server. Every test counts what the server saw (requests,
 * headers, bodies): a write must run once, a credential must not travel, and the
 * server's own words must reach the caller.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import sensible from "@fastify/sensible";
import express from "express";
import Fastify, { type FastifyInstance } from "fastify";
import createHttpError from "http-errors";
import jayson from "jayson";
import { createClient, type GiveUpEvent, type RetryEvent } from "../../src/client/index.js";
import { ConflictError, NotFoundError, ValidationError } from "../../src/runtime/classes.js";
import { defineCatalog } from "../../src/sources/defineCatalog.js";
import { rejection } from "./scripted.js";

/** What a server saw. */
interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

class Log {
  readonly seen: Seen[] = [];
  add(s: Seen) {
    this.seen.push(s);
  }
  of(path: string): Seen[] {
    return this.seen.filter((s) => s.path === path);
  }
}

/** A catalog that says its API honours keys: even then, what these servers answer must not be repeated wrongly. */
const keyed = defineCatalog({
  name: "keyed",
  version: "1.0.0",
  idempotency: {},
  errors: { BUSY: { category: "unavailable", message: "Busy" } },
});

function client(baseUrl: string, extra: Parameters<typeof createClient>[0] = {}) {
  const retries: RetryEvent[] = [];
  const giveUps: GiveUpEvent[] = [];
  const api = createClient({
    baseUrl,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    onRetry: (e) => retries.push(e),
    onGiveUp: (e) => giveUps.push(e),
    ...extra,
  });
  return { api, retries, giveUps };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe("plain Fastify with @fastify/sensible", () => {
  const log = new Log();
  let app: FastifyInstance;
  let url: string;
  before(async () => {
    app = Fastify();
    await app.register(sensible);
    app.addHook("preHandler", async (req) => {
      log.add({
        method: req.method,
        path: req.url.split("?")[0] as string,
        headers: req.headers,
        body: typeof req.body === "string" ? req.body : JSON.stringify(req.body ?? ""),
      });
    });
    app.post("/pay", async () => {
      throw app.httpErrors.internalServerError("ledger is down");
    });
    app.patch("/profile", async () => {
      throw app.httpErrors.serviceUnavailable("try later");
    });
    app.get("/repos/:id", async () => {
      throw app.httpErrors.notFound("no repo r-1 here");
    });
    app.get("/limited", async (_req, reply) => {
      reply.header("Retry-After", "3600");
      throw app.httpErrors.tooManyRequests("hourly quota used");
    });
    app.get("/text", async (_req, reply) => reply.type("text/plain").send("hello"));
    app.get("/quota", async (_req, reply) => {
      reply.header("RateLimit", '"hourly";r=0;t=2');
      reply.header("RateLimit-Policy", '"hourly";q=10;w=3600');
      return { ok: true };
    });
    app.get("/legacy-quota", async (_req, reply) => {
      reply.header("X-RateLimit-Remaining", "0");
      reply.header("X-RateLimit-Reset", String(Math.ceil(Date.now() / 1000) + 1));
      return { ok: true };
    });
    app.get("/cut", async (_req, reply) => {
      const raw = reply.raw;
      raw.writeHead(500, { "Content-Type": "application/json", "Content-Length": "200" });
      raw.write('{"statusCode":500,"error":"Internal');
      setTimeout(() => raw.destroy(), 20);
      return reply.hijack();
    });
    url = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  after(() => app.close());

  test("a POST that got a 500 runs once, and its message is the server's", async () => {
    const { api, giveUps } = client(url);
    const error = await rejection(api.json("/pay", { method: "POST", json: { amount: 100 } }));
    assert.equal(error.status, 500);
    assert.equal(error.message, "ledger is down");
    assert.equal(error.details.error, "Internal Server Error");
    assert.equal(log.of("/pay").length, 1);
    assert.equal(log.of("/pay")[0]?.headers["idempotency-key"], undefined);
    assert.equal(giveUps[0]?.reason, "unsafe-method");
    assert.ok(error.raw instanceof Uint8Array, "raw keeps the bytes");
  });

  test("a PATCH that got a 503 runs once", async () => {
    const { api } = client(url);
    const error = await rejection(api.fetch("/profile", { method: "PATCH", body: "{}" }));
    assert.equal(error.status, 503);
    assert.equal(error.message, "try later");
    assert.equal(log.of("/profile").length, 1);
  });

  test("a 404 keeps the server's message and is a NotFoundError", async () => {
    const { api } = client(url);
    const error = await rejection(api.json("/repos/r-1"));
    assert.ok(error instanceof NotFoundError);
    assert.equal(error.message, "no repo r-1 here");
    assert.equal(log.of("/repos/r-1").length, 1);
  });

  test("Retry-After: 3600 gives up at once, retryAfter intact", async () => {
    const { api, giveUps } = client(url);
    const error = await rejection(api.json("/limited"));
    assert.equal(error.retryAfter, 3600);
    assert.equal(error.message, "hourly quota used");
    assert.equal(giveUps[0]?.reason, "retry-after-too-long");
    assert.equal(log.of("/limited").length, 1);
  });

  test("json() on a 2xx text body is RESPONSE_NOT_JSON with the real status, not retried", async () => {
    const { api } = client(url);
    const error = await rejection(api.json("/text"));
    assert.equal(error.name, "RESPONSE_NOT_JSON");
    assert.equal(error.status, 200);
    assert.equal(error.details.status, 200);
    assert.equal(log.of("/text").length, 1);
  });

  test("a body cut after the headers keeps its status (500), with a reason that says so", async () => {
    const { api } = client(url, { retry: false });
    const error = await rejection(api.json("/cut"));
    assert.equal(error.status, 500);
    assert.equal(error.name, "HTTP_500");
    assert.match(String(error.details.reason), /cut off/);
  });

  test("throttle 'fail': after RateLimit says r=0, the next call fails fast with RATE_LIMITED and no request", async () => {
    const { api, giveUps } = client(url, { throttle: "fail" });
    await api.json("/quota");
    const error = await rejection(api.json("/quota"));
    assert.equal(error.name, "RATE_LIMITED");
    assert.equal(error.retryAfter, 2);
    assert.equal(giveUps[0]?.reason, "throttled");
    assert.equal(log.of("/quota").length, 1);
  });

  test("throttle 'wait': the next call waits for the reset (legacy X-RateLimit-Reset as an epoch time)", async () => {
    const { api } = client(url, { throttle: "wait" });
    await api.json("/legacy-quota");
    const first = log.of("/legacy-quota")[0];
    assert.ok(first);
    const started = Date.now();
    await api.json("/legacy-quota");
    assert.ok(Date.now() - started >= 200, "the second call waited");
    assert.equal(log.of("/legacy-quota").length, 2);
  });

  test("no throttle by default: the server decides", async () => {
    const before = log.of("/quota").length;
    const { api } = client(url);
    await api.json("/quota");
    await api.json("/quota");
    assert.equal(log.of("/quota").length, before + 2);
  });
});

describe("Express with http-errors", () => {
  const log = new Log();
  let server: Server;
  let url: string;
  before(async () => {
    const app = express();
    app.use(express.text({ type: "*/*" }));
    app.use((req, _res, next) => {
      log.add({ method: req.method, path: req.path, headers: req.headers, body: String(req.body ?? "") });
      next();
    });
    app.post("/orders", (_req, _res, next) => next(createHttpError(500, "order service failed")));
    app.post("/dup", (_req, _res, next) => next(createHttpError(409, "duplicate order")));
    app.get("/github", (_req, res) => {
      res.status(422).json({
        message: "Validation Failed",
        errors: [{ resource: "Issue", field: "title", code: "missing_field" }],
        documentation_url: "https://docs.github.com/rest",
      });
    });
    app.get("/django", (_req, res) => {
      res.status(403).json({ detail: "You do not have permission to perform this action." });
    });
    app.get("/error-text", (_req, res) => {
      res.status(400).json({ error: "invalid_grant" });
    });
    app.get("/message", (_req, res) => {
      res.status(500).json({ message: "Something broke", code: "E_BROKE" });
    });
    app.get("/error-list", (_req, res) => {
      res.status(400).json({ errors: ["name is required", "age must be a number"] });
    });
    app.get("/problem", (_req, res) => {
      res
        .status(403)
        .type("application/problem+json")
        .send(
          JSON.stringify({
            type: "https://example.com/probs/out-of-credit",
            title: "You do not have enough credit.",
            status: 403,
            detail: "Your current balance is 30, but that costs 50.",
            balance: 30,
          }),
        );
    });
    // Express's own error handler: HTML.
    app.use(
      (err: createHttpError.HttpError, _req: express.Request, res: express.Response, next: express.NextFunction) => {
        if (err.expose && err.status === 409) return next(err);
        res.status(err.status ?? 500).json({ message: err.message });
      },
    );
    server = createServer(app);
    url = await listen(server);
  });
  after(() => close(server));

  test("a POST that failed (500) runs once; it is retried, under one key, only when a catalog says the API honours keys", async () => {
    // The catalog vouches for keys: every attempt carries the same one.
    const { api } = client(url, { catalogs: [keyed] });
    const error = await rejection(api.fetch("/orders", { method: "POST", body: "a" }));
    assert.equal(error.message, "order service failed");
    const seen = log.of("/orders");
    assert.equal(seen.length, 3);
    assert.ok(seen.every((s) => s.headers["idempotency-key"] === seen[0]?.headers["idempotency-key"]));
    // Without that promise, the same POST runs once.
    const plain = client(url);
    await rejection(plain.api.fetch("/orders", { method: "POST", body: "a" }));
    assert.equal(log.of("/orders").length, 4);
  });

  test("Express's own HTML error page is a typed ConflictError with its status", async () => {
    const { api } = client(url);
    const error = await rejection(api.fetch("/dup", { method: "POST", body: "a" }));
    assert.ok(error instanceof ConflictError);
    assert.equal(error.status, 409);
    assert.ok(error.raw instanceof Uint8Array);
    assert.equal(log.of("/dup").length, 1);
  });

  test("GitHub's {message, errors} is not mistaken for JSON:API: its message and field errors are kept", async () => {
    const { api } = client(url);
    const error = await rejection(api.json("/github"));
    assert.ok(error instanceof ValidationError);
    assert.equal(error.message, "Validation Failed");
    assert.deepEqual(error.details.errors, [{ resource: "Issue", field: "title", code: "missing_field" }]);
    assert.equal(error.details.documentation_url, "https://docs.github.com/rest");
  });

  test("Django REST's {detail}, {error: text}, {message, code} and {errors: [text]} keep the server's words", async () => {
    const { api } = client(url, { retry: false });
    const django = await rejection(api.json("/django"));
    assert.equal(django.message, "You do not have permission to perform this action.");
    assert.equal(django.status, 403);
    const text = await rejection(api.json("/error-text"));
    assert.equal(text.message, "invalid_grant");
    assert.equal(text.details.error, "invalid_grant");
    const message = await rejection(api.json("/message"));
    assert.equal(message.message, "Something broke");
    assert.equal(message.details.code, "E_BROKE");
    const list = await rejection(api.json("/error-list"));
    assert.equal(list.message, "name is required; age must be a number");
    assert.deepEqual(list.details.errors, ["name is required", "age must be a number"]);
  });

  test("an RFC 9457 body with an unknown type keeps its type as the code, its detail and its extensions", async () => {
    const { api } = client(url);
    const error = await rejection(api.json("/problem"));
    assert.equal(error.code, "https://example.com/probs/out-of-credit");
    assert.equal(error.message, "Your current balance is 30, but that costs 50.");
    assert.equal(error.status, 403);
    assert.equal(error.details.balance, 30);
    assert.equal(error.details.title, "You do not have enough credit.");
  });
});

describe("jayson (JSON-RPC 2.0)", () => {
  const log = new Log();
  let server: Server;
  let url: string;
  before(async () => {
    const rpc = new jayson.Server({
      charge: (_args: unknown, callback: (error: unknown, result?: unknown) => void) =>
        callback({ code: 1001, message: "Insufficient funds", data: { reason: "limit", retryAfter: 5 } }),
      busy: (_args: unknown, callback: (error: unknown, result?: unknown) => void) =>
        callback({ code: -32001, message: "Worker pool exhausted" }),
      crash: (_args: unknown, callback: (error: unknown, result?: unknown) => void) =>
        callback({ code: -32603, message: "Internal error" }),
      echo: (args: unknown, callback: (error: unknown, result?: unknown) => void) => callback(null, args),
    });
    server = rpc.http();
    server.prependListener("request", (req) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString();
      });
      req.on("end", () => log.add({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body }));
    });
    url = await listen(server);
  });
  after(() => close(server));

  const call = (method: string, params: unknown = {}, id = 1) => ({
    method: "POST",
    json: { jsonrpc: "2.0", id, method, params },
  });

  test("an application error keeps its message and numeric code; foreign data is details, not errata fields", async () => {
    const { api, giveUps } = client(url, { catalogs: [keyed] });
    const error = await rejection(api.json("/", call("charge")));
    assert.equal(error.code, "1001");
    assert.equal(error.name, "JSONRPC_ERROR");
    assert.equal(error.message, "Insufficient funds");
    assert.deepEqual(error.details, { data: { reason: "limit", retryAfter: 5 } });
    assert.equal(error.reason, undefined);
    assert.equal(error.retryAfter, undefined);
    assert.equal(giveUps[0]?.reason, "not-retryable");
    assert.equal(log.seen.length, 1, "an error inside a 200 means the call ran: never retried");
  });

  test("the reserved codes are typed errors with their standard names, never retried", async () => {
    const { api } = client(url, { idempotency: { honoured: true } });
    const before = log.seen.length;
    const missing = await rejection(api.json("/", call("nope")));
    assert.equal(missing.name, "METHOD_NOT_FOUND");
    assert.equal(missing.code, "-32601");
    assert.ok(missing instanceof NotFoundError);
    const internal = await rejection(api.json("/", call("crash")));
    assert.equal(internal.name, "INTERNAL_ERROR");
    assert.equal(internal.code, "-32603");
    const busy = await rejection(api.json("/", call("busy")));
    assert.deepEqual([busy.name, busy.code, busy.message], ["SERVER_ERROR", "-32001", "Worker pool exhausted"]);
    assert.equal(log.seen.length, before + 3);
  });

  test("a result is returned as is", async () => {
    const { api } = client(url);
    assert.deepEqual(await api.json("/", call("echo", { a: 1 })), { jsonrpc: "2.0", id: 1, result: { a: 1 } });
  });
});

describe("malformed JSON-RPC in a 200 is a typed error, never a success", () => {
  let server: Server;
  let url: string;
  const bodies: Record<string, unknown> = {
    "/v1": { jsonrpc: "1.0", id: 1, error: { code: -32000, message: "x" } },
    "/string-error": { jsonrpc: "2.0", id: 1, error: "boom" },
    "/float-code": { jsonrpc: "2.0", id: 1, error: { code: 1.5, message: "x" } },
    "/string-code": { jsonrpc: "2.0", id: 1, error: { code: "-32000", message: "x" } },
    "/batch": [
      { jsonrpc: "2.0", id: 1, result: 1 },
      { jsonrpc: "2.0", id: 2, error: { code: -32000, message: "x" } },
    ],
  };
  let hits = 0;
  before(async () => {
    server = createServer((req, res) => {
      hits++;
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(bodies[req.url ?? ""]));
    });
    url = await listen(server);
  });
  after(() => close(server));

  for (const path of Object.keys(bodies)) {
    test(path, async () => {
      const { api } = client(url, { idempotency: { honoured: true } });
      const before = hits;
      const error = await rejection(api.json(path, { method: "POST", json: {} }));
      assert.equal(error.name, "WIRE_DECODE_FAILED");
      assert.equal(error.details.format, "jsonrpc");
      assert.equal(hits, before + 1);
    });
  }
});

describe("redirects", () => {
  const home = new Log();
  const other = new Log();
  let a: Server;
  let b: Server;
  let aUrl: string;
  let bUrl: string;
  const record = (log: Log) => (req: import("node:http").IncomingMessage, body: string) =>
    log.add({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
  before(async () => {
    b = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString();
      });
      req.on("end", () => {
        record(other)(req, body);
        res.writeHead(200, { "Content-Type": "application/json" }).end('{"at":"b"}');
      });
    });
    bUrl = await listen(b);
    a = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString();
      });
      req.on("end", () => {
        record(home)(req, body);
        const path = req.url ?? "";
        const go = (status: number, location: string) => res.writeHead(status, { Location: location }).end();
        if (path.startsWith("/away/")) return go(Number(path.slice(6)), `${bUrl}/landed`);
        if (path.startsWith("/here/")) return go(Number(path.slice(6)), "/result");
        if (path === "/loop") return go(302, "/loop");
        if (path === "/js") return go(302, "javascript:alert(1)");
        res.writeHead(200, { "Content-Type": "application/json" }).end('{"at":"a"}');
      });
    });
    aUrl = await listen(a);
  });
  after(async () => {
    await close(a);
    await close(b);
  });

  const secrets = { "X-Api-Key": "sk-secret", Authorization: "Bearer t0ken" };

  test("a redirect to another origin is refused by default, for every redirect status; nothing reaches it", async () => {
    for (const status of [301, 302, 303, 307, 308]) {
      const { api } = client(aUrl, { headers: secrets });
      const error = await rejection(api.fetch(`/away/${status}`));
      assert.equal(error.name, "REDIRECT_REFUSED", String(status));
      assert.match(String(error.details.reason), /another origin/);
    }
    assert.equal(other.seen.length, 0);
  });

  test("allowed, a cross-origin redirect drops every header the caller set", async () => {
    const { api } = client(aUrl, { headers: { ...secrets, "X-Custom": "1" }, redirects: { crossOrigin: true } });
    assert.deepEqual(await api.json("/away/302"), { at: "b" });
    const landed = other.of("/landed").at(-1);
    assert.ok(landed);
    for (const name of ["x-api-key", "authorization", "x-custom", "idempotency-key"])
      assert.equal(landed.headers[name], undefined, name);
  });

  test("even allowed, a 307/308 of a POST to another origin is refused: the body would be sent again", async () => {
    const before = other.seen.length;
    const { api } = client(aUrl, { redirects: { crossOrigin: true }, catalogs: [keyed] });
    for (const status of [307, 308]) {
      const error = await rejection(api.fetch(`/away/${status}`, { method: "POST", body: "pay=1" }));
      assert.equal(error.name, "REDIRECT_REFUSED");
    }
    assert.equal(other.seen.length, before);
  });

  test("same origin: a POST answered 303 (or 301/302) is followed as a GET without its body and key", async () => {
    for (const status of [301, 302, 303]) {
      const { api } = client(aUrl, { catalogs: [keyed] });
      assert.deepEqual(await api.json(`/here/${status}`, { method: "POST", json: { pay: 1 } }), { at: "a" });
      const result = home.of("/result").at(-1);
      assert.equal(result?.method, "GET", String(status));
      assert.equal(result?.body, "");
      assert.equal(result?.headers["idempotency-key"], undefined);
      assert.equal(result?.headers["content-type"], undefined);
    }
  });

  test("same origin: a 307/308 of a POST or PATCH is refused; of a GET or PUT it is followed", async () => {
    const before = home.of("/result").length;
    const { api } = client(aUrl);
    for (const status of [307, 308]) {
      for (const method of ["POST", "PATCH"]) {
        const error = await rejection(api.fetch(`/here/${status}`, { method, body: "x" }));
        assert.equal(error.name, "REDIRECT_REFUSED");
        assert.match(String(error.details.reason), /again/);
      }
    }
    assert.equal(home.of("/result").length, before);
    await api.fetch("/here/307");
    await api.fetch("/here/308", { method: "PUT", body: "x" });
    assert.equal(home.of("/result").at(-1)?.body, "x");
    assert.equal(home.of("/result").length, before + 2);
  });

  test("a redirect loop and a non-http Location are refused", async () => {
    const { api } = client(aUrl);
    const loop = await rejection(api.fetch("/loop"));
    assert.match(String(loop.details.reason), /more than 5 redirects/);
    const js = await rejection(api.fetch("/js"));
    assert.match(String(js.details.reason), /only http and https/);
  });
});
