/**
 * 10,000 random thrown values per adapter: never a crash, always a valid body in
 * the API's format, never an unexpected error's message (each carries a marker).
 * Besides random values, the samples draw from what real servers throw: upstream
 * errors, forged brands, odd statuses, details with cycles, BigInt, a throwing
 * toJSON or 6,000 levels of nesting.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { serve } from "@hono/node-server";
import express from "express";
import fc from "fast-check";
import Fastify from "fastify";
import { Hono } from "hono";
import { createErrors } from "../../src/runtime/createErrors.js";
import { ErrataError } from "../../src/runtime/ErrataError.js";
import { markUpstream } from "../../src/runtime/upstream.js";
import {
  errataFastify,
  expressErrorHandler,
  expressNotFound,
  honoErrorHandler,
  honoMiddleware,
  sendError,
  toResponse,
} from "../../src/server/index.js";
import { decode } from "../../src/wire/index.js";
import { loadBundled } from "../helpers.js";

const RUNS = 10_000;
const MARKER = "SECRET-7f3a";
const gitclaw = loadBundled("gitclaw");
const g = createErrors(gitclaw);

const hostileProxy = new Proxy(
  {},
  {
    get() {
      throw new Error(MARKER);
    },
  },
);
const circular: { cause?: unknown; message: string } = new Error(MARKER);
circular.cause = circular;

/** Shapes real servers throw: upstream errors, forged brands, odd statuses, details no encoder can write. */
function nested(depth: number): unknown {
  let value: unknown = MARKER;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}
const selfish: Record<string, unknown> = {
  name: "x",
  big: 10n,
  bad: {
    toJSON: () => {
      throw new Error(MARKER);
    },
  },
};
selfish.self = selfish;
const forged = [
  new Proxy(g.REPO_EXISTS?.({ name: "x" }) as object, {
    get: (t, k) => (k === "message" ? MARKER : Reflect.get(t, k)),
  }),
  Object.assign(Object.create(ErrataError.prototype), { message: MARKER, status: 409 }),
  g.REPO_EXISTS?.(selfish),
  g.REPO_EXISTS?.({ name: "x", deep: nested(6000) }),
];
const upstream = fc.tuple(fc.constantFrom(400, 401, 403, 409, 429, 500, 503, 200), fc.string()).map(([status, s]) =>
  markUpstream(
    new ErrataError({
      name: "UPSTREAM_THING",
      message: `${MARKER} ${s}`,
      status,
      details: { url: `?api_key=${MARKER}` },
    }),
  ),
);
const oddStatus = fc
  .oneof(fc.integer({ min: -10, max: 2000 }), fc.constantFrom(Number.NaN, 1.5, 200, 302, 1000))
  .map((status) => new ErrataError({ name: "ODD", message: "odd", status }));

const thrown = fc.oneof(
  upstream,
  oddStatus,
  fc.constantFrom(...forged),
  fc.anything(),
  fc.string().map((s) => new Error(`${MARKER} ${s}`)),
  fc.string().map((s) => new TypeError(`${MARKER} ${s}`, { cause: new Error(MARKER) })),
  fc.string().map((s) => `${MARKER} ${s}`),
  fc.constantFrom(hostileProxy, circular, null, undefined, 0, Number.NaN),
  fc.record({
    name: fc.constant("ZodError"),
    issues: fc.array(fc.record({ path: fc.array(fc.oneof(fc.string(), fc.nat())), message: fc.string() }), {
      maxLength: 120,
    }),
  }),
  fc.record({ validation: fc.array(fc.anything(), { maxLength: 5 }), message: fc.constant(MARKER) }),
  fc.record({ type: fc.constant("entity.parse.failed"), message: fc.constant(MARKER) }),
  fc
    .tuple(
      fc.constantFrom(...gitclaw.errors.map((d) => d.name)),
      fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
    )
    .map(([name, details]) => g[name]?.(details, { stack: false })),
);
const samples = fc.sample(thrown, { numRuns: RUNS, seed: 20261123 });

function check(status: number, body: string, contentType: string | null) {
  assert.ok(status >= 200 && status <= 599, `status ${status}`);
  assert.ok(!body.includes(MARKER), `leaked: ${body.slice(0, 200)}`);
  const decoded = decode(body, { catalogs: [gitclaw], status, contentType: contentType ?? undefined });
  assert.ok(decoded.ok, `not a valid body: ${body.slice(0, 200)}`);
  assert.equal(decoded.format, "envelope");
}

test(`toResponse: ${RUNS} random thrown values`, async () => {
  for (const value of samples) {
    const res = toResponse(value, { catalog: gitclaw });
    check(res.status, await res.text(), res.headers.get("content-type"));
  }
});

/** Send every sample to `base` + "/<index>", 8 at a time, and check each response. */
async function hammer(base: string) {
  let next = 0;
  const worker = async () => {
    while (next < samples.length) {
      const index = next++;
      const res = await fetch(`${base}/${index}`);
      check(res.status, await res.text(), res.headers.get("content-type"));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function withServer(server: Server, run: (base: string) => Promise<void>) {
  if (!server.listening) await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const indexOf = (url: string) => Number(url.split("/").pop());

test(`sendError (node:http) over real HTTP: ${RUNS} random thrown values`, async () => {
  const server = createServer((req, res) => {
    sendError(res, samples[indexOf(req.url ?? "/0")], req, { catalog: gitclaw });
  });
  server.listen(0, "127.0.0.1");
  await withServer(server, hammer);
});

test(`Hono over real HTTP: ${RUNS} random thrown values`, async () => {
  const app = new Hono();
  app.use(honoMiddleware({ catalog: gitclaw }));
  app.get("/:i", (c) => {
    throw samples[Number(c.req.param("i"))];
  });
  app.onError(honoErrorHandler({ catalog: gitclaw }));
  await withServer(serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server, hammer);
});

test(`Express 5 over real HTTP: ${RUNS} random thrown values`, async () => {
  const app = express();
  app.get("/:i", (req) => {
    throw samples[Number(req.params.i)];
  });
  app.use(expressNotFound({ catalog: gitclaw }));
  app.use(expressErrorHandler({ catalog: gitclaw }));
  await withServer(app.listen(0, "127.0.0.1"), hammer);
});

test(`Fastify 5 over real HTTP: ${RUNS} random thrown values`, async () => {
  const app = Fastify();
  await app.register(errataFastify, { catalog: gitclaw });
  app.get("/:i", async (req) => {
    throw samples[Number((req.params as { i: string }).i)];
  });
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  try {
    await hammer(base);
  } finally {
    await app.close();
  }
});
