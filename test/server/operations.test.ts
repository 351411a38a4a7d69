/**
 * Each adapter knows the request's operation (Express's mounted route, Fastify's
 * route, Hono's route path, the JSON-RPC method, the MCP tool): an error the
 * operation does not declare runs onUndeclared, or a warning logged once per pair,
 * and never changes the response, but under `strict` (for tests) becomes
 * OPERATION_ERROR_UNDECLARED.
 */
import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, test } from "node:test";
import { serve } from "@hono/node-server";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import { compileCatalog } from "../../src/catalog/compile.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import {
  type ErrorHandlerOptions,
  errataFastify,
  errataTool,
  expressErrorHandler,
  honoErrorHandler,
  type UndeclaredError,
} from "../../src/server/index.js";
import { loadBundled } from "../helpers.js";

const gitclaw = loadBundled("gitclaw");
const g = createErrors(gitclaw, { stack: false });
const servers: { close(): unknown }[] = [];
after(() => {
  for (const s of servers) s.close();
});

function address(server: Server): Promise<string> {
  return new Promise((resolve) => {
    const done = () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    if (server.listening) done();
    else server.once("listening", done);
  });
}

/** Hooks and a logger that record what the check reports. */
function recorder() {
  const undeclared: string[] = [];
  const warnings: string[] = [];
  const logger = { error() {}, info() {}, warn: (_o: unknown, m?: string) => warnings.push(m ?? "") };
  const onUndeclared = (e: UndeclaredError) => undeclared.push(`${e.operation.id} ${e.error.name}`);
  return { undeclared, warnings, logger, onUndeclared };
}

/** POST /repos/r1/stars answering `error`; returns the status and code of the answer. */
async function star(base: string, prefix = "") {
  const res = await fetch(`${base}${prefix}/repos/r1/stars`, { method: "POST" });
  const body = (await res.json()) as { error: { code: string } };
  return `${res.status} ${body.error.code}`;
}

type Make = (options: ErrorHandlerOptions, thrown: () => unknown) => Promise<string>;

/** Each adapter's own undeclared error: a warning is once per operation and error in the whole process. */
const adapters: [string, Make, string][] = [
  [
    "Express, a router mounted at /repos",
    async (options, thrown) => {
      const app = express();
      const router = express.Router();
      router.post("/:repoId/stars", () => {
        throw thrown();
      });
      app.use("/repos", router);
      app.use(expressErrorHandler(options));
      const server = app.listen(0, "127.0.0.1");
      servers.push(server);
      return address(server);
    },
    "PR_NOT_FOUND",
  ],
  [
    "Fastify",
    async (options, thrown) => {
      const app = Fastify();
      await app.register(errataFastify, options);
      app.post("/repos/:repoId/stars", async () => {
        throw thrown();
      });
      await app.listen({ port: 0, host: "127.0.0.1" });
      servers.push(app.server);
      return address(app.server);
    },
    "AGENT_NAME_EXISTS",
  ],
  [
    "Hono",
    async (options, thrown) => {
      const app = new Hono();
      app.post("/repos/:repoId/stars", () => {
        throw thrown();
      });
      app.onError(honoErrorHandler(options));
      const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
      servers.push(server);
      return address(server);
    },
    "REPO_EXISTS",
  ],
];

for (const [name, make, other] of adapters) {
  describe(name, () => {
    test("a declared error passes; an undeclared one runs onUndeclared and is sent as it is", async () => {
      const r = recorder();
      let next: () => unknown = () => g.DUPLICATE_STAR?.({ repoId: "r1" });
      const base = await make({ catalog: gitclaw, onUndeclared: r.onUndeclared }, () => next());
      assert.equal(await star(base), "409 DUPLICATE_STAR");
      next = () => g.MERGE_CONFLICTS?.({});
      assert.equal(await star(base), "409 MERGE_CONFLICTS");
      assert.deepEqual(r.undeclared, ["starRepo MERGE_CONFLICTS"]);
    });

    test("by default a warning, once per operation and error; strict answers OPERATION_ERROR_UNDECLARED", async () => {
      const r = recorder();
      const base = await make({ catalog: gitclaw, logger: r.logger }, () => g[other]?.({ repoId: "r1", name: "n" }));
      const sent = await star(base);
      assert.match(sent, new RegExp(` ${other}$`));
      assert.equal(await star(base), sent);
      assert.deepEqual(r.warnings, [
        `errata: operation starRepo sent ${other}, which the catalog does not declare for it`,
      ]);
      const strict = await make({ catalog: gitclaw, strict: true, logger: r.logger }, () => g.BRANCH_NOT_FOUND?.({}));
      assert.equal(await star(strict), "500 OPERATION_ERROR_UNDECLARED");
    });
  });
}

test("basePath: operations under a prefix (a Fastify scope, /v1) are recognised, and only under it", async () => {
  const r = recorder();
  const app = Fastify();
  await app.register(
    async (scope) => {
      await scope.register(errataFastify, { catalog: gitclaw, onUndeclared: r.onUndeclared, basePath: "/v1" });
      scope.post("/repos/:repoId/stars", async () => {
        throw g.MERGE_BLOCKED?.({ prId: "p", approved: true, ciStatus: "pending" });
      });
    },
    { prefix: "/v1" },
  );
  const res = await app.inject({ method: "POST", url: "/v1/repos/r1/stars" });
  assert.equal(res.statusCode, 409);
  assert.deepEqual(r.undeclared, ["starRepo MERGE_BLOCKED"]);
  await app.close();
});

describe("JSON-RPC and MCP", () => {
  const { catalog: rpc } = compileCatalog({
    name: "rpc",
    version: "1.0.0",
    format: "jsonrpc",
    errors: { NOT_FOUND: { category: "not_found" }, DENIED: { category: "authorization" } },
    operations: { "repos.get": { jsonrpc: "repos.get", errors: ["NOT_FOUND"] } },
  });
  assert.ok(rpc);
  const e = createErrors(rpc, { stack: false });

  test("a JSON-RPC method is the operation its request body names", async () => {
    const r = recorder();
    const app = express();
    app.post("/rpc", express.json(), () => {
      throw e.DENIED?.();
    });
    app.use(expressErrorHandler({ catalog: rpc, onUndeclared: r.onUndeclared }));
    const server = app.listen(0, "127.0.0.1");
    servers.push(server);
    const base = await address(server);
    await fetch(`${base}/rpc`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "repos.get" }),
    });
    assert.deepEqual(r.undeclared, ["repos.get DENIED"]);
  });

  test("an MCP tool names itself to errataTool", async () => {
    const tracemem = loadBundled("tracemem");
    const t = createErrors(tracemem, { stack: false });
    const r = recorder();
    const tool = errataTool(
      async () => {
        throw t.DATA_PRODUCT_NOT_FOUND?.({ product: "orders" });
      },
      { catalog: tracemem, tool: "decision_get", onUndeclared: r.onUndeclared },
    );
    const result = (await tool()) as { isError: boolean };
    assert.equal(result.isError, true);
    assert.deepEqual(r.undeclared, ["decision_get DATA_PRODUCT_NOT_FOUND"]);
    const declared = errataTool(
      async () => {
        throw t.INVALID_PARAMS?.();
      },
      { catalog: tracemem, tool: "decision_get", onUndeclared: r.onUndeclared },
    );
    await declared();
    assert.equal(r.undeclared.length, 1);
  });
});
