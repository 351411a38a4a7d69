/**
 * errata/orpc against oRPC itself: an oRPC server (@orpc/server, its node RPCHandler)
 * whose procedures declare the catalog's errors with orpcErrors and throw errata's
 * errors, called over HTTP on 127.0.0.1 by oRPC's own client (@orpc/client, RPCLink).
 * The client sees defined, typed errors (isDefinedError, typed data); an unexpected
 * error leaks nothing; fromORPCError gives back the catalog's typed ErrataError.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { createORPCClient, isDefinedError, safe } from "@orpc/client";
import { RPCLink } from "@orpc/client/fetch";
import { os, type RouterClient } from "@orpc/server";
import { RPCHandler } from "@orpc/server/node";
import { errataMiddleware, fromORPCError, orpcErrors } from "../../src/orpc/index.js";
import { ConflictError } from "../../src/runtime/classes.js";
import { defineCatalog } from "../../src/sources/defineCatalog.js";

const shop = defineCatalog({
  name: "shop",
  version: "1.0.0",
  errors: {
    OUT_OF_STOCK: {
      category: "conflict",
      message: "Only {left} left of {sku}",
      details: { sku: "string", left: "integer" },
    },
    RATE_LIMITED: { category: "rate_limit", message: "Slow down", details: { retryAfter: "integer" } },
    CART_EMPTY: { category: "validation", message: "The cart is empty" },
  },
});

const base = os
  .errors(orpcErrors(shop, ["OUT_OF_STOCK", "RATE_LIMITED"]))
  .use(errataMiddleware({ catalog: shop.catalog }));
const router = {
  buy: base.handler(async () => {
    throw shop.errors.OUT_OF_STOCK({ sku: "sku-1", left: 2 });
  }),
  crash: base.handler(async () => {
    throw new Error("connect ECONNREFUSED 10.0.0.5 (password=hunter2)");
  }),
  undeclared: base.handler(async () => {
    throw shop.errors.CART_EMPTY();
  }),
};

let url = "";
const server = createServer(async (req, res) => {
  const { matched } = await new RPCHandler(router).handle(req, res, { prefix: "/rpc" });
  if (!matched) res.writeHead(404).end();
});
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rpc`;
});
after(() => server.close());

function client(): RouterClient<typeof router> {
  return createORPCClient(new RPCLink({ url }));
}

test("oRPC's client gets errata's error as a defined error, its data typed and checked", async () => {
  const [error] = await safe(client().buy());
  assert.ok(isDefinedError(error), "defined");
  assert.equal(error.code, "OUT_OF_STOCK");
  if (error.code === "OUT_OF_STOCK") {
    const left: number = error.data.left;
    // @ts-expect-error: OUT_OF_STOCK's data has no such field
    void error.data.nope;
    assert.equal(left, 2);
  }
  assert.deepEqual([error.status, error.message, error.data], [409, "Only 2 left of sku-1", { sku: "sku-1", left: 2 }]);
});

test("errata reads it back: the catalog's typed ErrataError, its class, status and details", async () => {
  const [thrown] = await safe(client().buy());
  const error = fromORPCError(thrown, [shop]);
  assert.ok(error instanceof ConflictError);
  assert.deepEqual(
    [error.name, error.status, error.details, error.definition?.catalog],
    ["OUT_OF_STOCK", 409, { sku: "sku-1", left: 2 }, "shop"],
  );
  assert.ok(shop.errors.OUT_OF_STOCK.is(error));
});

test("an unexpected error leaves as INTERNAL_ERROR, nothing leaked; an undeclared one is not defined", async () => {
  const [crash] = await safe(client().crash());
  assert.ok(crash && !isDefinedError(crash));
  const json = JSON.stringify(crash);
  assert.doesNotMatch(json + String((crash as Error).message), /hunter2|ECONNREFUSED/);
  assert.deepEqual([(crash as { code?: string }).code, (crash as { status?: number }).status], ["INTERNAL_ERROR", 500]);
  const [undeclared] = await safe(client().undeclared());
  assert.ok(undeclared && !isDefinedError(undeclared));
  assert.equal((undeclared as { code?: string }).code, "CART_EMPTY");
  assert.equal(fromORPCError(undeclared, [shop]).name, "CART_EMPTY");
});

test("the data schema is a Standard Schema that checks each declared field", () => {
  const map = orpcErrors(shop, ["OUT_OF_STOCK"]);
  const validate = map.OUT_OF_STOCK.data["~standard"].validate;
  assert.deepEqual(validate({ sku: "a", left: 1 }), { value: { sku: "a", left: 1 } });
  assert.deepEqual(validate({ sku: "a", left: 1.5 }), {
    issues: [{ message: "left must be integer", path: ["left"] }],
  });
  assert.deepEqual(validate({ left: 1 }), { issues: [{ message: "sku is required", path: ["sku"] }] });
  assert.deepEqual(validate("x"), { issues: [{ message: "details must be an object" }] });
  assert.deepEqual(Object.keys(orpcErrors(shop.catalog)), ["OUT_OF_STOCK", "RATE_LIMITED", "CART_EMPTY"]);
});
