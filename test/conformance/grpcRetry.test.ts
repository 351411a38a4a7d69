/**
 * The generated gRPC service config, applied by grpc-js's own client to errata/grpc's
 * server on loopback: a method config per gRPC operation of the catalog, so a
 * read-only method is retried after INTERNAL, a write only after codes that say it
 * did not run, and a method whose errors are not retryable never. Every server
 * handler counts its runs: a write must run exactly as often as the client's
 * policy allows.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { compileCatalog } from "../../src/catalog/compile.js";
import type { Catalog } from "../../src/catalog/model.js";
import { grpcServiceConfig } from "../../src/codegen/grpcServiceConfig.js";
import { errataService, fromGrpcError } from "../../src/grpc/index.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { jsonMethod } from "./grpcJson.js";

const CLEAN = { causes: ["a cause"], solutions: ["a solution"] };
const built = compileCatalog({
  name: "shop",
  version: "1.0.0",
  errors: {
    THROTTLED: { ...CLEAN, category: "rate_limit" },
    BACKEND_DOWN: { ...CLEAN, category: "unavailable" },
    CRASHED: { ...CLEAN, category: "server" },
    DUPLICATE_ORDER: { ...CLEAN, category: "conflict" },
  },
  commonErrors: ["THROTTLED", "CRASHED"],
  operations: {
    getOrder: { grpc: "shop.v1.Orders/GetOrder", readOnly: true, errors: ["BACKEND_DOWN"] },
    createOrder: { grpc: "shop.v1.Orders/CreateOrder", errors: ["DUPLICATE_ORDER", "BACKEND_DOWN"] },
    refund: { grpc: "shop.v1.Orders/Refund", commonErrors: false, errors: ["CRASHED", "DUPLICATE_ORDER"] },
  },
});
const catalog = built.catalog as Catalog;
const errors = createErrors(catalog);

const definition = Object.fromEntries(
  ["GetOrder", "CreateOrder", "Refund"].map((name) => [name, jsonMethod(`/shop.v1.Orders/${name}`, false)]),
) as grpc.ServiceDefinition;

/** Per method: the errors its next runs throw, in order, then success; and how often it ran. */
const script: Record<string, string[]> = {};
const runs: Record<string, number> = {};
const handler = (method: string) => async () => {
  runs[method] = (runs[method] ?? 0) + 1;
  const next = script[method]?.shift();
  if (next) throw errors[next]?.({});
  return { ok: method, run: runs[method] };
};

const quiet = { info: () => {}, error: () => {}, warn: () => {} };
let server: grpc.Server;
let client: grpc.Client & Record<string, (...args: unknown[]) => unknown>;

before(async () => {
  assert.deepEqual(built.problems, []);
  server = new grpc.Server();
  const implementation = Object.fromEntries(Object.keys(definition).map((m) => [m, handler(m)]));
  server.addService(definition, errataService(definition, implementation, { catalog, logger: quiet }));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  const Client = grpc.makeGenericClientConstructor(definition, "Orders");
  const config = JSON.stringify(grpcServiceConfig(catalog));
  client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    "grpc.service_config": config,
  }) as typeof client;
});

after(() => {
  client?.close();
  server?.forceShutdown();
});

/** Call `method` after scripting its failures; resolves with its reply or its error, and its runs. */
function call(method: string, failures: string[]) {
  script[method] = [...failures];
  runs[method] = 0;
  return new Promise<{ reply?: unknown; error?: grpc.ServiceError; runs: number }>((resolve) =>
    client[method]?.({}, (error: grpc.ServiceError | null, reply: unknown) =>
      resolve({ ...(error ? { error } : { reply }), runs: runs[method] ?? 0 }),
    ),
  );
}

test("the service config names each gRPC operation, and every other method falls back to the catalog's", () => {
  const configs = grpcServiceConfig(catalog).methodConfig as {
    name: { service?: string; method?: string }[];
    retryPolicy?: { retryableStatusCodes: string[] };
  }[];
  assert.deepEqual(
    configs.map((c) => [c.name[0]?.method ?? "*", c.retryPolicy?.retryableStatusCodes ?? []]),
    [
      ["GetOrder", ["INTERNAL", "RESOURCE_EXHAUSTED", "UNAVAILABLE"]],
      ["CreateOrder", ["RESOURCE_EXHAUSTED", "UNAVAILABLE"]],
      ["Refund", []],
      ["*", ["RESOURCE_EXHAUSTED", "UNAVAILABLE"]],
    ],
  );
});

test("a read-only method is retried by grpc-js after INTERNAL and UNAVAILABLE, and answers", async () => {
  const { reply, runs: n } = await call("GetOrder", ["CRASHED", "BACKEND_DOWN"]);
  assert.deepEqual(reply, { ok: "GetOrder", run: 3 });
  assert.equal(n, 3);
});

test("a write is retried after RESOURCE_EXHAUSTED, but runs once after INTERNAL: the crash reaches the caller", async () => {
  assert.deepEqual((await call("CreateOrder", ["THROTTLED", "THROTTLED"])).reply, { ok: "CreateOrder", run: 3 });
  const crashed = await call("CreateOrder", ["CRASHED"]);
  assert.equal(crashed.runs, 1, "a write that may have run is not run again");
  assert.equal(crashed.error?.code, grpc.status.INTERNAL);
  assert.equal(fromGrpcError(crashed.error as grpc.ServiceError, { catalogs: [catalog] }).name, "CRASHED");
});

test("a method whose own config has no retryable code is never retried, even by a code the fallback retries", async () => {
  const { error, runs: n } = await call("Refund", ["THROTTLED"]);
  assert.equal(error?.code, grpc.status.RESOURCE_EXHAUSTED);
  assert.equal(n, 1);
});

test("an async handler that returns its reply answers, as one that calls back does", async () => {
  assert.deepEqual((await call("Refund", [])).reply, { ok: "Refund", run: 1 });
});
