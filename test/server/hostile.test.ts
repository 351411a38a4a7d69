/**
 * Hostile throws, over real HTTP, in every adapter: node:http, Express 5, Fastify 5,
 * Hono, a Fetch handler, Koa 3, NestJS on Express and on Fastify, and the MCP tool wrapper. The thrown values are what real
 * handlers throw: errors errata's client got from another service (a refused
 * connection whose URL holds a key, an internal 401 quoting a token, a JSON-RPC
 * error claiming status 200, a 409 whose details nest 6,000 levels deep, a
 * timeout), a ZodError from internals quoting a secret, forged and broken errata
 * errors, details with BigInt, cycles and a throwing toJSON. Each case checks that
 * the process is alive, that the answer is in the catalog's format with the right
 * status, and that none of the planted secrets is in the body or the headers.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { serve } from "@hono/node-server";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import Koa from "koa";
import { z } from "zod";
import { createClient } from "../../src/client/index.js";
import { errataKoa } from "../../src/frameworks/koa/index.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { ErrataError } from "../../src/runtime/ErrataError.js";
import {
  errataFastify,
  errataTool,
  expressErrorHandler,
  honoErrorHandler,
  honoMiddleware,
  sendError,
  toResponse,
} from "../../src/server/index.js";
import { decode } from "../../src/wire/index.js";
import { loadBundled } from "../helpers.js";
import { serveMcp } from "../mcp/serve.js";
import { nestServer, type Platform } from "./nestApp.js";

const gitclaw = loadBundled("gitclaw");
const g = createErrors(gitclaw, { stack: false });
const SECRETS = ["sk-live-PLANTED", "api_key=PLANTED", "tenant-42.internal", "DATABASE_URL", "hunter2", "10.0.0.9"];

interface Case {
  readonly name: string;
  readonly thrown: () => unknown;
  /** The status the API must answer with, and the code of its error. */
  readonly status: number;
  readonly code: string;
}

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  assert.fail("expected a failure");
}

/** JSON text of details nested `depth` levels deep (JSON.stringify itself cannot write it). */
function nestedText(depth: number): string {
  return `${'{"a":'.repeat(depth)}"sk-live-PLANTED"${"}".repeat(depth)}`;
}

function nested(depth: number): unknown {
  let value: unknown = "sk-live-PLANTED";
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** The other service the handlers call, and the thrown values they end up with. */
let upstream: Server;
const thrown = new Map<string, unknown>();

async function makeThrownValues(): Promise<void> {
  upstream = createServer((req, res) => {
    const path = req.url ?? "";
    if (path.startsWith("/401")) {
      res.writeHead(401, { "Content-Type": "text/plain", "WWW-Authenticate": "Bearer realm=tenant-42.internal" });
      res.end("token sk-live-PLANTED is not valid for tenant-42.internal");
    } else if (path.startsWith("/rpc")) {
      res.writeHead(200, { "Content-Type": "application/json" }).end(
        JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          error: {
            code: -32000,
            message: "db at 10.0.0.9 refused hunter2",
            data: { code: "DB_DOWN", message: "db at 10.0.0.9 refused hunter2", status: 200 },
          },
        }),
      );
    } else if (path.startsWith("/deep")) {
      res.writeHead(409, { "Content-Type": "application/json" });
      res.end(`{"error":{"code":"REPO_EXISTS","message":"exists","details":${nestedText(6000)}}}`);
    } else if (path.startsWith("/slow")) {
      // never answers: the client's attempt timeout fires
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const api = createClient({ catalogs: [gitclaw], retry: false, timeout: 200 });
  thrown.set("refused", await caught(() => api.json("http://127.0.0.1:1/v1/charge?api_key=PLANTED")));
  thrown.set("internal401", await caught(() => api.json(`${base}/401?api_key=PLANTED`)));
  thrown.set("rpc200", await caught(() => api.json(`${base}/rpc`, { method: "POST", json: {} })));
  thrown.set("deep409", await caught(() => api.json(`${base}/deep`)));
  thrown.set("timeout", await caught(() => api.json(`${base}/slow?api_key=PLANTED`)));
}

const zodFromInternals = () => {
  const result = z.object({ DATABASE_URL: z.string().startsWith("postgres:", "bad token sk-live-PLANTED") }).safeParse({
    DATABASE_URL: "mysql://hunter2@10.0.0.9",
  });
  assert.ok(!result.success);
  return result.error;
};

const cases: readonly Case[] = [
  {
    name: "a refused connection (URL with a key) from the client",
    thrown: () => thrown.get("refused"),
    status: 502,
    code: "UPSTREAM_FAILED",
  },
  {
    name: "an internal service's 401 quoting a token",
    thrown: () => thrown.get("internal401"),
    status: 502,
    code: "UPSTREAM_FAILED",
  },
  {
    name: "an upstream JSON-RPC error claiming status 200",
    thrown: () => thrown.get("rpc200"),
    status: 502,
    code: "UPSTREAM_FAILED",
  },
  {
    name: "an upstream 409 with details 6,000 levels deep",
    thrown: () => thrown.get("deep409"),
    status: 502,
    code: "UPSTREAM_FAILED",
  },
  { name: "an upstream timeout", thrown: () => thrown.get("timeout"), status: 504, code: "UPSTREAM_TIMEOUT" },
  { name: "a ZodError from internals", thrown: zodFromInternals, status: 500, code: "INTERNAL_ERROR" },
  {
    name: "an ErrataError with status 1000",
    thrown: () => new ErrataError({ name: "WEIRD", message: "hunter2", status: 1000 }),
    status: 500,
    code: "INTERNAL_ERROR",
  },
  {
    name: "an ErrataError with status 200 that is no outcome",
    thrown: () => new ErrataError({ name: "WEIRD", message: "hunter2", status: 200, kind: "conflict" }),
    status: 500,
    code: "INTERNAL_ERROR",
  },
  {
    name: "a Proxy carrying the brand",
    thrown: () =>
      new Proxy(g.REPO_EXISTS?.({ name: "x" }) as object, {
        get: (target, key) => (key === "message" ? "hunter2" : Reflect.get(target, key)),
      }),
    status: 500,
    code: "INTERNAL_ERROR",
  },
  {
    name: "Object.create(ErrataError.prototype)",
    thrown: () => Object.assign(Object.create(ErrataError.prototype), { message: "hunter2", status: 409 }),
    status: 500,
    code: "INTERNAL_ERROR",
  },
  {
    name: "a real error with BigInt, circular and throwing-toJSON details, and a throwing toJSON of its own",
    thrown: () => {
      const details: Record<string, unknown> = {
        name: "x",
        big: 10n,
        bad: {
          toJSON: () => {
            throw new Error("hunter2");
          },
        },
      };
      details.self = details;
      const error = g.REPO_EXISTS?.(details) as ErrataError;
      Object.defineProperty(error, "toJSON", {
        value: () => {
          throw new Error("hunter2");
        },
      });
      return error;
    },
    status: 409,
    code: "REPO_EXISTS",
  },
  {
    name: "a real error whose details nest 6,000 levels deep",
    thrown: () => g.REPO_EXISTS?.({ name: "x", deep: nested(6000) }),
    status: 409,
    code: "REPO_EXISTS",
  },
  {
    name: "a plain Error quoting a password",
    thrown: () => new Error("connect 10.0.0.9 password=hunter2"),
    status: 500,
    code: "INTERNAL_ERROR",
  },
  {
    // Octokit's RequestError when the server's own GitHub token is bad: not the caller's 401.
    name: "an SDK's 401 about the server's own token (Octokit-shaped)",
    thrown: () =>
      Object.assign(new Error("Bad credentials sk-live-PLANTED"), {
        name: "HttpError",
        status: 401,
        response: { headers: { "www-authenticate": "Bearer" } },
      }),
    status: 502,
    code: "UPSTREAM_FAILED",
  },
  {
    name: "an SDK's 429 about the server's own quota (OpenAI-shaped)",
    thrown: () =>
      Object.assign(new Error("429 You exceeded your current quota, tenant-42.internal"), {
        status: 429,
        headers: { "retry-after": "20" },
      }),
    status: 502,
    code: "UPSTREAM_FAILED",
  },
  ...[402, 403, 404].map((status) => ({
    name: `an SDK's ${status}`,
    thrown: () => Object.assign(new Error(`upstream said ${status}: api_key=PLANTED`), { status }),
    status: 502,
    code: "UPSTREAM_FAILED",
  })),
];

const options = { catalog: gitclaw };

/** The adapters, each a server on 127.0.0.1 throwing the case named in the path. */
const adapters: Record<string, () => Promise<{ url: string; close: () => Promise<void> }>> = {
  "node:http": async () => {
    const server = createServer((req, res) => {
      if (req.url === "/health") return void res.end("ok");
      const c = cases[Number(req.url?.slice(1))];
      try {
        throw c?.thrown();
      } catch (error) {
        sendError(res, error, req, options);
      }
    });
    return nodeServer(server);
  },
  "Express 5": async () => {
    const app = express();
    app.get("/health", (_req, res) => void res.send("ok"));
    app.get("/:n", async (req) => {
      throw cases[Number(req.params.n)]?.thrown();
    });
    app.use(expressErrorHandler(options));
    return nodeServer(createServer(app));
  },
  "Fastify 5": async () => {
    const app = Fastify();
    await app.register(errataFastify, options);
    app.get("/health", async () => "ok");
    app.get<{ Params: { n: string } }>("/:n", async (req) => {
      throw cases[Number(req.params.n)]?.thrown();
    });
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    return { url, close: () => app.close() };
  },
  Hono: async () => {
    const app = new Hono();
    app.use(honoMiddleware(options));
    app.onError(honoErrorHandler(options));
    app.get("/health", (c) => c.text("ok"));
    app.get("/:n", (c) => {
      throw cases[Number(c.req.param("n"))]?.thrown();
    });
    return fetchServer(app.fetch);
  },
  "Koa 3": async () => {
    const app = new Koa();
    app.use(errataKoa(options));
    app.use(async (ctx) => {
      if (ctx.path === "/health") ctx.body = "ok";
      else throw cases[Number(ctx.path.slice(1))]?.thrown();
    });
    return nodeServer(createServer(app.callback()));
  },
  ...Object.fromEntries(
    (["express", "fastify"] as Platform[]).map((platform) => [
      `NestJS (${platform})`,
      () =>
        nestServer(
          platform,
          [
            { method: "GET", path: "health", handle: () => "ok" },
            {
              method: "GET",
              path: ":n",
              handle: (n) => {
                throw cases[Number(n)]?.thrown();
              },
            },
          ],
          options,
        ),
    ]),
  ),
  Fetch: async () =>
    fetchServer(async (request) => {
      const path = new URL(request.url).pathname;
      if (path === "/health") return new Response("ok");
      try {
        throw cases[Number(path.slice(1))]?.thrown();
      } catch (error) {
        return toResponse(error, { ...options, request });
      }
    }),
};

async function nodeServer(server: Server) {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function fetchServer(fetchHandler: (request: Request) => Response | Promise<Response>) {
  const server = serve({ fetch: fetchHandler, port: 0, hostname: "127.0.0.1" }) as Server;
  if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
  return nodeServer(server);
}

function assertNoSecret(text: string, where: string) {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${where} leaks ${secret}: ${text.slice(0, 300)}`);
}

before(makeThrownValues);
after(async () => {
  upstream.closeAllConnections();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

for (const [adapter, start] of Object.entries(adapters)) {
  describe(`hostile throws: ${adapter}`, () => {
    let server: { url: string; close: () => Promise<void> };
    before(async () => {
      server = await start();
    });
    after(() => server.close());

    cases.forEach((c, n) => {
      test(c.name, async () => {
        const res = await fetch(`${server.url}/${n}`, { headers: { Accept: "application/json" } });
        const text = await res.text();
        assert.equal(res.status, c.status, text.slice(0, 300));
        const headers = JSON.stringify([...res.headers]);
        assertNoSecret(text, "the body");
        assertNoSecret(headers, "the headers");
        const decoded = decode(text, { catalogs: [gitclaw], status: res.status });
        assert.ok(decoded.ok, "the body is in the catalog's format");
        assert.equal(decoded.format, gitclaw.format);
        assert.equal(decoded.error.code, c.code);
        assert.equal(res.headers.get("content-type"), "application/json");
        if (c.status !== 401)
          assert.equal(res.headers.get("www-authenticate"), null, "no challenge of another service");
        if (c.code === "UPSTREAM_FAILED") assert.equal(res.headers.get("retry-after"), null);
        const health = await fetch(`${server.url}/health`);
        assert.equal(health.status, 200, "the process is alive and serving");
        await health.text();
      });
    });
  });
}

describe("hostile throws: the MCP tool wrapper", () => {
  let mcp: Awaited<ReturnType<typeof serveMcp>>;
  before(async () => {
    mcp = await serveMcp(() => {
      const server = new McpServer({ name: "hostile", version: "1.0.0" });
      server.registerTool(
        "run",
        { description: "Throw case n", inputSchema: { n: z.number() } },
        errataTool(async ({ n }: { n: number }) => {
          throw cases[n]?.thrown();
        }, options),
      );
      return server;
    });
  });
  after(() => mcp.close());

  cases.forEach((c, n) => {
    test(c.name, async () => {
      const result = (await mcp.client.callTool({ name: "run", arguments: { n } })) as {
        isError?: boolean;
        _meta?: { "errata/error"?: { code?: string } };
      };
      assert.equal(result.isError, true);
      assert.equal(result._meta?.["errata/error"]?.code, c.code);
      assertNoSecret(JSON.stringify(result), "the tool result");
    });
  });
});
