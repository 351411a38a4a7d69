/**
 * Error maps (catalog `maps:`): a foreign thrown value becomes the catalog's error by
 * its constructor name or `name`, `code` and `status`, with the detail fields the
 * rule copies and never its message unless a rule names it. Shapes are the real
 * ones: Prisma's PrismaClientKnownRequestError, node-postgres' DatabaseError
 * (SQLSTATE 23505), and a real fetch aborted by AbortSignal.timeout. Build and lint
 * check each rule's target, its fields and its message's parameters.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import express from "express";
import { compileCatalog } from "../../src/catalog/compile.js";
import { lintCatalog } from "../../src/catalog/lint.js";
import type { Catalog } from "../../src/catalog/model.js";
import { expressErrorHandler, toResponse } from "../../src/server/index.js";
import { loadBundled, REPO } from "../helpers.js";

const CLEAN = { causes: ["a cause"], solutions: ["a solution"] };
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

function shop(maps: unknown[]) {
  return compileCatalog({
    name: "shop",
    version: "1.0.0",
    format: "problem",
    errors: {
      EMAIL_TAKEN: { ...CLEAN, category: "conflict", details: { fields: { type: "array", items: "string" } } },
      DUPLICATE_SKU: {
        ...CLEAN,
        category: "conflict",
        message: "SKU taken ({constraint})",
        details: { constraint: "string" },
      },
      ORDER_NOT_FOUND: { ...CLEAN, category: "not_found" },
      PAYMENTS_TIMEOUT: { ...CLEAN, category: "gateway", status: 504, details: { reason: "string" } },
    },
    maps,
  });
}

/** Prisma's error, as @prisma/client throws it (code, meta, clientVersion). */
class PrismaClientKnownRequestError extends Error {
  override name = "PrismaClientKnownRequestError";
  constructor(
    message: string,
    readonly code: string,
    readonly meta: Record<string, unknown>,
    readonly clientVersion = "6.19.0",
  ) {
    super(message);
  }
}

/** node-postgres' DatabaseError: SQLSTATE in code, the constraint and a detail quoting the row. */
class DatabaseError extends Error {
  override name = "error";
  readonly code = "23505";
  readonly constraint = "products_sku_key";
  readonly detail = "Key (sku)=(secret-sku-42) already exists.";
}

const RULES = [
  {
    match: { name: "PrismaClientKnownRequestError", code: "P2002" },
    to: "EMAIL_TAKEN",
    details: { fields: "meta.target" },
  },
  { match: { name: "PrismaClientKnownRequestError", code: "P2025" }, to: "ORDER_NOT_FOUND" },
  { match: { code: "23505" }, to: "DUPLICATE_SKU", details: { constraint: "constraint" } },
  { match: { name: "TimeoutError" }, to: "PAYMENTS_TIMEOUT", details: { reason: "message" } },
];

async function sent(thrown: unknown, catalog: Catalog) {
  const response = toResponse(thrown, { catalog, logger: quiet });
  return { status: response.status, body: await response.text() };
}

test("Prisma's P2002 and P2025 and a Postgres unique violation become the catalog's errors, messages left out", async () => {
  const catalog = shop(RULES).catalog as Catalog;
  const taken = await sent(
    new PrismaClientKnownRequestError("Unique constraint failed on email hunter2@x", "P2002", { target: ["email"] }),
    catalog,
  );
  assert.equal(taken.status, 409);
  assert.deepEqual(JSON.parse(taken.body).details, { fields: ["email"] });
  assert.doesNotMatch(taken.body, /hunter2/);
  const missing = await sent(new PrismaClientKnownRequestError("No record: password=x", "P2025", {}), catalog);
  assert.deepEqual([missing.status, JSON.parse(missing.body).code], [404, "ORDER_NOT_FOUND"]);
  const sku = await sent(new DatabaseError("duplicate key value violates unique constraint"), catalog);
  assert.equal(sku.status, 409);
  assert.equal(JSON.parse(sku.body).detail, "SKU taken (products_sku_key)");
  assert.doesNotMatch(sku.body, /secret-sku-42|duplicate key/);
});

test("a real fetch aborted by AbortSignal.timeout is the catalog's timeout, its message copied because the rule asks", async () => {
  const catalog = shop(RULES).catalog as Catalog;
  const silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
  const thrown = await fetch(url, { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
  silent.closeAllConnections();
  silent.close();
  assert.equal((thrown as Error).name, "TimeoutError");
  const answer = await sent(thrown, catalog);
  assert.equal(answer.status, 504);
  assert.deepEqual(JSON.parse(answer.body).details, { reason: (thrown as Error).message });
});

test("a rule matches only when every field it names matches; the first match wins; no rule, no change", async () => {
  const catalog = shop([
    { match: { name: "PrismaClientKnownRequestError", code: "P2002" }, to: "EMAIL_TAKEN" },
    { match: { code: "P2002" }, to: "ORDER_NOT_FOUND" },
    { match: { status: 404 }, to: "ORDER_NOT_FOUND" },
  ]).catalog as Catalog;
  const other = Object.assign(new Error("x"), { code: "P2002" });
  assert.equal((await sent(other, catalog)).status, 404, "code alone: the second rule");
  assert.equal((await sent(new PrismaClientKnownRequestError("x", "P2002", {}), catalog)).status, 409);
  assert.equal((await sent(Object.assign(new Error("x"), { statusCode: 404 }), catalog)).status, 404);
  assert.equal((await sent(new Error("x"), catalog)).status, 500);
});

test("through Express over HTTP: gitclaw's shipped rules", async () => {
  const gitclaw = loadBundled("gitclaw");
  const app = express();
  const throws: Record<string, () => Error> = {
    star: () => new PrismaClientKnownRequestError("Record to delete does not exist.", "P2025", { modelName: "Star" }),
    repo: () => new PrismaClientKnownRequestError("Unique constraint failed", "P2002", { target: ["name"] }),
    agent: () => new DatabaseError("duplicate key"),
  };
  app.get("/:what", (req) => {
    throw throws[req.params.what as string]?.();
  });
  app.use(expressErrorHandler({ catalog: gitclaw, logger: quiet }));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const codes = [];
    for (const what of Object.keys(throws)) {
      const response = await fetch(`${base}/${what}`);
      codes.push([response.status, ((await response.json()) as { error: { code: string } }).error.code]);
    }
    assert.deepEqual(codes, [
      [404, "NO_EXISTING_STAR"],
      [409, "REPO_EXISTS"],
      [409, "AGENT_NAME_EXISTS"],
    ]);
  } finally {
    server.close();
  }
});

test("build refuses a rule that matches nothing, an unknown target and a field the target lacks; lint warns of a placeholder", () => {
  const { problems } = shop([
    { match: {}, to: "EMAIL_TAKEN" },
    { match: { code: "X" }, to: "EMAIL_TAKN" },
    { match: { code: "Y" }, to: "DUPLICATE_SKU", details: { constrant: "constraint" } },
  ]);
  assert.deepEqual(
    problems.map((p) => [p.rule, p.path.join("."), p.suggestion]),
    [
      ["map-match", "maps.0.match", undefined],
      ["unknown-error", "maps.1.to", "EMAIL_TAKEN"],
      ["map-detail", "maps.2.details.constrant", "constraint"],
    ],
  );
  const catalog = shop([{ match: { code: "23505" }, to: "DUPLICATE_SKU" }]).catalog as Catalog;
  const warned = lintCatalog(catalog).filter((p) => p.rule === "map-message");
  assert.deepEqual(
    warned.map((p) => [p.severity, p.path.join(".")]),
    [["warning", "maps.0.details"]],
  );
});

test("the rules docs/catalog.md shows are gitclaw's, as the catalog ships them", () => {
  const page = readFileSync(join(REPO, "docs", "catalog.md"), "utf8");
  const block = /# Error maps[\s\S]*?```yaml\n([\s\S]*?)```/.exec(page)?.[1] ?? "";
  assert.ok(block.startsWith("maps:\n"));
  assert.ok(readFileSync(join(REPO, "examples", "catalogs", "gitclaw.yaml"), "utf8").includes(block));
});
