/**
 * JSON-RPC 2.0 errors as independent clients read them: json-rpc-2.0's
 * JSONRPCClient and jayson's HTTP client, against every adapter (Express, Fastify,
 * Hono, node:http) of an API in TraceMem's catalog. Each client matches a response
 * to its request by id: an error that does not echo the id leaves the call
 * unsettled forever (json-rpc-2.0) or unmatched (jayson). Batches get one error per
 * request, none for notifications.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { serve } from "@hono/node-server";
import express from "express";
import Fastify, { type FastifyInstance } from "fastify";
import { Hono } from "hono";
import jayson from "jayson";
import { JSONRPCClient, JSONRPCErrorException, type JSONRPCResponse } from "json-rpc-2.0";
import { createErrors } from "../../src/runtime/createErrors.js";
import type { ErrataError } from "../../src/runtime/ErrataError.js";
import { errataFastify, expressErrorHandler, honoErrorHandler, sendError } from "../../src/server/index.js";
import { defineCatalog } from "../../src/sources/defineCatalog.js";
import { encode } from "../../src/wire/index.js";
import { loadBundled } from "../helpers.js";

const catalog = loadBundled("tracemem");
const t = createErrors(catalog);
const fail = () => {
  throw t.POLICY_NOT_FOUND?.({ policy: "discount_cap_v1" });
};

async function listen(server: Server): Promise<string> {
  if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/rpc`;
}

const servers: Record<string, string> = {};
const closers: (() => unknown)[] = [];

before(async () => {
  const app = express();
  app.post("/rpc", express.json(), () => fail());
  app.use(expressErrorHandler({ catalog }));
  const e = app.listen(0, "127.0.0.1");
  servers.express = await listen(e);
  closers.push(() => e.close());

  const f: FastifyInstance = Fastify();
  await f.register(errataFastify, { catalog });
  f.post("/rpc", async () => fail());
  servers.fastify = `${await f.listen({ port: 0, host: "127.0.0.1" })}/rpc`;
  closers.push(() => f.close());

  const h = new Hono();
  h.onError(honoErrorHandler({ catalog }));
  h.post("/rpc", async (c) => {
    await c.req.json();
    return fail();
  });
  const hs = serve({ fetch: h.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
  servers.hono = await listen(hs);
  closers.push(() => hs.close());

  const n = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => {
      text += chunk;
    });
    req.on("end", () => {
      try {
        (req as { body?: unknown }).body = JSON.parse(text);
      } catch {
        // Unparsable: the error's id is null.
      }
      sendError(res, t.POLICY_NOT_FOUND?.({ policy: "discount_cap_v1" }), req, { catalog });
    });
  }).listen(0, "127.0.0.1");
  servers["node:http"] = await listen(n);
  closers.push(() => n.close());
});
after(() => {
  for (const close of closers) close();
});

async function post(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text === "" ? undefined : JSON.parse(text) };
}

/** A call that must settle within 3 s: an id that is not echoed never does. */
function settled<T>(promise: PromiseLike<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the call never settled")), 3000)),
  ]);
}

for (const name of ["express", "fastify", "hono", "node:http"]) {
  describe(`${name}: JSON-RPC clients`, () => {
    test("json-rpc-2.0's client gets the error of its own request (the id is echoed)", async () => {
      const url = servers[name] as string;
      const client: JSONRPCClient = new JSONRPCClient(async (request) => {
        const { json } = await post(url, request);
        client.receive(json as JSONRPCResponse);
      });
      const call = client.request("policy_get", { policy_id: "discount_cap_v1" });
      await assert.rejects(settled(call), (error: unknown) => {
        assert.ok(error instanceof JSONRPCErrorException);
        assert.equal(error.code, -32603);
        assert.equal(error.message, "Internal error");
        assert.equal((error.data as { code?: string }).code, "POLICY_NOT_FOUND");
        return true;
      });
    });

    test("jayson's client: the response carries the request's id", async () => {
      const url = new URL(servers[name] as string);
      const client = jayson.client.http({ host: url.hostname, port: Number(url.port), path: url.pathname });
      const response = await new Promise<{ id: unknown; error?: { code: number } }>((resolve, reject) => {
        client.request("policy_get", { policy_id: "x" }, "call-7", (err: unknown, res: unknown) =>
          err ? reject(err) : resolve(res as { id: unknown; error?: { code: number } }),
        );
      });
      assert.equal(response.id, "call-7");
      assert.equal(response.error?.code, -32603);
    });

    test("a batch: one error per request, by id; none for a notification; an unreadable id is null", async () => {
      const url = servers[name] as string;
      const { status, json } = await post(url, [
        { jsonrpc: "2.0", method: "a", id: 1 },
        { jsonrpc: "2.0", method: "b" },
        { jsonrpc: "2.0", method: "c", id: "three" },
        { jsonrpc: "2.0", method: "d", id: { bad: true } },
      ]);
      assert.equal(status, 200);
      assert.ok(Array.isArray(json));
      assert.deepEqual(
        (json as { id: unknown }[]).map((r) => r.id),
        [1, "three", null],
      );
      const notified = await post(url, [{ jsonrpc: "2.0", method: "b" }]);
      assert.deepEqual([notified.status, notified.json], [204, undefined]);
    });

    test("a batch from each client library: json-rpc-2.0's requestAdvanced and jayson's batch match every error by id", async () => {
      const url = servers[name] as string;
      const client: JSONRPCClient = new JSONRPCClient(async (payload) => {
        const { json } = await post(url, payload);
        client.receive(json as JSONRPCResponse | JSONRPCResponse[]);
      });
      const answered = await settled(
        client.requestAdvanced([
          { jsonrpc: "2.0", method: "policy_get", params: { policy_id: "a" }, id: 1 },
          { jsonrpc: "2.0", method: "policy_get", params: { policy_id: "b" }, id: 2 },
        ]),
      );
      assert.deepEqual(
        answered.map((r) => [r.id, r.error?.code, (r.error?.data as { code?: string })?.code]),
        [
          [1, -32603, "POLICY_NOT_FOUND"],
          [2, -32603, "POLICY_NOT_FOUND"],
        ],
      );
      const at = new URL(url);
      const jay = jayson.client.http({ host: at.hostname, port: Number(at.port), path: at.pathname });
      const batch = [
        jay.request("policy_get", { policy_id: "a" }, "j1"),
        jay.request("policy_get", { policy_id: "b" }, "j2"),
      ];
      const errors = await new Promise<{ id: unknown; error: { code: number } }[]>((resolve, reject) =>
        jay.request(batch, (err: unknown, failed: unknown) =>
          err ? reject(err) : resolve(failed as { id: unknown; error: { code: number } }[]),
        ),
      );
      assert.deepEqual(
        errors.map((e) => [e.id, e.error.code]),
        [
          ["j1", -32603],
          ["j2", -32603],
        ],
      );
    });

    test("a single notification gets no reply; an object that is no Request is answered with id null", async () => {
      const url = servers[name] as string;
      const notified = await post(url, { jsonrpc: "2.0", method: "b", params: [1] });
      assert.deepEqual([notified.status, notified.json], [204, undefined]);
      // JSON-RPC 2.0 §7's batch example: {"foo": "boo"} is an invalid Request, answered with id null.
      const { json } = await post(url, [{ foo: "boo" }, 1, { jsonrpc: "2.0", method: "n" }]);
      assert.deepEqual(
        (json as { id: unknown }[]).map((r) => r.id),
        [null, null],
      );
      // json-rpc-2.0's client sends a notification and expects nothing back.
      const client = new JSONRPCClient(async (request) => {
        const r = await post(url, request);
        assert.equal(r.status, 204);
      });
      await client.notify("b", [1]);
    });
  });
}

test("a hostile batch of 50,000 requests: 50,000 errors, each with its own id, from one encode", async () => {
  const { errorResponse } = await import("../../src/server/respond.js");
  const body = Array.from({ length: 50_000 }, (_, i) => ({
    jsonrpc: "2.0",
    method: "m",
    id: i % 7 === 0 ? `s${i}` : i,
  }));
  const r = errorResponse(t.POLICY_NOT_FOUND?.({ policy: "p" }), {}, { catalog }, { body });
  const parsed = JSON.parse(r.body as string) as { id: unknown; error: { code: number } }[];
  assert.equal(parsed.length, 50_000);
  assert.deepEqual(
    parsed.slice(0, 3).map((p) => p.id),
    ["s0", 1, 2],
  );
  assert.ok(parsed.every((p, i) => p.id === body[i]?.id && p.error.code === -32603));
});

describe("HTTP statuses over JSON-RPC", () => {
  // An API whose catalog has no statuses table: JSON-RPC over HTTP answers 200.
  const plain = defineCatalog({
    name: "plain",
    version: "1.0.0",
    format: "jsonrpc",
    errors: { BAD_KEY: { category: "authentication", message: "The API key is not valid" } },
  });
  let url = "";
  before(async () => {
    const app = express();
    app.post("/rpc", express.json(), () => {
      throw plain.errors.BAD_KEY();
    });
    app.use(expressErrorHandler({ catalog: plain.catalog }));
    const server = app.listen(0, "127.0.0.1");
    closers.push(() => server.close());
    url = await listen(server);
  });

  test("a 401-kind error goes with 200 by default, and both clients get its error object", async () => {
    assert.equal((await post(url, { jsonrpc: "2.0", method: "m", id: 1 })).status, 200);
    const client: JSONRPCClient = new JSONRPCClient(async (request) => {
      client.receive((await post(url, request)).json as JSONRPCResponse);
    });
    await assert.rejects(settled(client.request("m", {})), (error: unknown) => {
      assert.ok(error instanceof JSONRPCErrorException);
      assert.equal((error.data as { code?: string }).code, "BAD_KEY");
      return true;
    });
    const at = new URL(url);
    const jay = jayson.client.http({ host: at.hostname, port: Number(at.port), path: at.pathname });
    const response = await new Promise<{ error?: { code: number; data?: { code?: string } } }>((resolve, reject) =>
      jay.request("m", {}, 2, (err: unknown, res: unknown) => (err ? reject(err) : resolve(res as never))),
    );
    assert.equal(response.error?.data?.code, "BAD_KEY");
  });

  test("TraceMem's statuses table keeps its 401, 403 and 429; its other errors go with 200", () => {
    const tracemem = loadBundled("tracemem");
    const kept = tracemem.errors.filter((d) => d.jsonrpcStatus !== undefined).map((d) => d.jsonrpcStatus);
    assert.deepEqual([...new Set(kept)].sort(), [401, 403, 429]);
    const key = createErrors(tracemem).INVALID_API_KEY?.({});
    assert.ok(key);
    assert.equal(encode(key, "jsonrpc", { id: 1 }).status, 401);
    assert.equal(encode(t.POLICY_NOT_FOUND?.({ policy: "p" }) as ErrataError, "jsonrpc", { id: 1 }).status, 200);
  });
});

test("node:http without a parsed body: the id is null, and the need for req.body is said once", async () => {
  const said: string[] = [];
  const quiet = () => {};
  const options = {
    catalog,
    logger: { info: quiet, error: quiet, warn: (_: object, message: string) => void said.push(message) },
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => sendError(res, t.POLICY_NOT_FOUND?.({ policy: "p" }), req, options));
  }).listen(0, "127.0.0.1");
  try {
    const url = await listen(server);
    for (let i = 0; i < 3; i++) {
      const { json } = await post(url, { jsonrpc: "2.0", method: "m", id: i + 1 });
      assert.equal((json as { id: unknown }).id, null);
    }
    assert.equal(said.length, 1);
    assert.match(said[0] as string, /req\.body/);
  } finally {
    server.close();
  }
});
