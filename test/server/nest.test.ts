/**
 * errata/nest on NestJS 12, on the Express and the Fastify platform, over real HTTP:
 * a catalog error, Nest's own HttpExceptions by status (the router's 404, a
 * ValidationPipe's 400, any other 4xx, a 5xx) with none of their text sent, a catalog
 * `maps` rule that names a Nest exception, and the guards as the platform's middleware.
 * (The hostile-throw suite runs on both platforms too: hostile.test.ts.)
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  InternalServerErrorException,
  NotFoundException,
} from "@nestjs/common";
import { compileCatalog } from "../../src/catalog/compile.js";
import type { Catalog } from "../../src/catalog/model.js";
import { ErrataExceptionFilter } from "../../src/frameworks/nest/index.js";
import { fastifyGuard, MemoryStore, nodeGuard, rateLimit } from "../../src/guard/index.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { nestServer, type Platform } from "./nestApp.js";

const CLEAN = { causes: ["a cause"], solutions: ["a solution"] };
const catalog = compileCatalog({
  name: "shop",
  version: "1.0.0",
  errors: {
    ORDER_NOT_FOUND: {
      ...CLEAN,
      category: "not_found",
      message: "Order {orderId} not found",
      details: { orderId: "string" },
    },
    ORDER_LOCKED: { ...CLEAN, category: "conflict" },
  },
  maps: [{ match: { name: "ConflictException" }, to: "ORDER_LOCKED" }],
}).catalog as Catalog;
const errors = createErrors(catalog);
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const fail = (error: unknown) => () => {
  throw error;
};

const routes = [
  {
    method: "GET" as const,
    path: "orders/:n",
    handle: (n: string) => fail(errors.ORDER_NOT_FOUND?.({ orderId: n }))(),
  },
  { method: "GET" as const, path: "missing", handle: fail(new NotFoundException("no order 42 for hunter2")) },
  { method: "GET" as const, path: "invalid", handle: fail(new BadRequestException(["email must be an email"])) },
  { method: "GET" as const, path: "forbidden", handle: fail(new ForbiddenException("tenant-42.internal")) },
  { method: "GET" as const, path: "locked", handle: fail(new ConflictException("row locked by hunter2")) },
  { method: "GET" as const, path: "broken", handle: fail(new InternalServerErrorException("db password hunter2")) },
  { method: "POST" as const, path: "limited", handle: () => ({ ok: true }) },
];

async function answers(url: string, paths: string[]) {
  const out: [string, number, string][] = [];
  for (const path of paths) {
    const response = await fetch(`${url}${path}`);
    const text = await response.text();
    assert.doesNotMatch(text, /hunter2|tenant-42/, path);
    assert.equal(response.headers.get("content-type"), "application/problem+json", path);
    out.push([path, response.status, JSON.parse(text).code]);
  }
  return out;
}

for (const platform of ["express", "fastify"] as Platform[]) {
  describe(`NestJS on ${platform}`, () => {
    test("catalog errors, Nest's HttpExceptions by status, and a maps rule, with none of their text sent", async () => {
      const server = await nestServer(platform, routes, { catalog, logger: quiet });
      try {
        const paths = ["/orders/o1", "/missing", "/invalid", "/forbidden", "/locked", "/broken", "/nowhere"];
        assert.deepEqual(await answers(server.url, paths), [
          ["/orders/o1", 404, "ORDER_NOT_FOUND"],
          ["/missing", 404, "REQUEST_REJECTED"],
          ["/invalid", 400, "VALIDATION_ERROR"],
          ["/forbidden", 403, "REQUEST_REJECTED"],
          ["/locked", 409, "ORDER_LOCKED"],
          ["/broken", 500, "INTERNAL_ERROR"],
          ["/nowhere", 404, "ROUTE_NOT_FOUND"],
        ]);
        const invalid = (await (await fetch(`${server.url}/invalid`)).json()) as { details: unknown };
        assert.deepEqual(invalid.details, { violations: [{ field: "(body)", message: "email must be an email" }] });
      } finally {
        await server.close();
      }
    });

    test("the guards as the platform's middleware: a rate limit's refusal in the catalog's format", async () => {
      const limit = rateLimit({ store: new MemoryStore(), catalog, limit: 1, windowMs: 60_000, key: () => "one" });
      const server = await nestServer(platform, routes, { catalog, logger: quiet }, async (app) => {
        if (platform === "express") app.use(nodeGuard(limit));
        else
          await (app.getHttpAdapter().getInstance() as { register(p: unknown): Promise<void> }).register(
            fastifyGuard(limit),
          );
      });
      try {
        assert.equal((await fetch(`${server.url}/limited`, { method: "POST" })).status, 201);
        const refused = await fetch(`${server.url}/limited`, { method: "POST" });
        assert.equal(refused.status, 429);
        assert.ok(refused.headers.get("retry-after"));
        assert.equal(((await refused.json()) as { code: string }).code, "RATE_LIMITED");
      } finally {
        await server.close();
      }
    });
  });
}

test("outside HTTP (a microservice, a websocket) the filter leaves the exception to Nest", () => {
  const filter = new ErrataExceptionFilter({ catalog });
  const thrown = new Error("rpc");
  const host = { getType: () => "rpc", switchToHttp: () => ({ getRequest: () => ({}), getResponse: () => ({}) }) };
  assert.throws(
    () => filter.catch(thrown, host),
    (e: unknown) => e === thrown,
  );
});
