/**
 * Fastify error-path throughput with autocannon, in one run on 127.0.0.1: the errata
 * plugin vs a hand-written reply.code(...).send(...) of the same body (the limit),
 * @fastify/sensible and http-errors. Servers take turns over interleaved rounds.
 * Goal: errata ≥ 0.9× the hand-written path and ≥ 1.0× the peers. The hand-written
 * path replies without a throw, so it is set against errata's reply.sendError; the
 * thrown path is shown too, against a hand-written reply from setErrorHandler.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sensible from "@fastify/sensible";
import autocannon from "autocannon";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import createHttpError from "http-errors";
import { createErrors } from "../src/runtime/createErrors.js";
import { loadCatalog } from "../src/sources/load.js";
import "../src/frameworks/fastify/index.js";
import { errataFastify } from "../src/server/index.js";

const catalog = loadCatalog(
  join(fileURLToPath(new URL("..", import.meta.url)), "examples", "catalogs", "gitclaw.yaml"),
);
const errors = createErrors(catalog);
const details = { action: "star", limit: 100, window: "1h", retryAfter: 3600 };
const MESSAGE = "Rate limit exceeded for action: star";

type Case = { name: string; build: () => Promise<FastifyInstance> };

/** The hand-written answer: the status, headers and an envelope body, set by hand. */
function handWritten(reply: FastifyReply) {
  return reply
    .code(429)
    .header("Retry-After", "3600")
    .header("X-Request-Id", crypto.randomUUID())
    .type("application/json")
    .send({ error: { code: "RATE_LIMITED", message: MESSAGE, details }, meta: { status: 429, retryable: true } });
}

/** An app whose route throws RATE_LIMITED, answered by the errata plugin. */
function errataCase(name: string, options: { hints?: boolean }, stack: boolean): Case {
  return {
    name,
    build: async () => {
      const app = Fastify();
      await app.register(errataFastify, { catalog, ...options });
      app.get("/rate", async () => {
        throw errors.RATE_LIMITED?.(details, { stack });
      });
      return app;
    },
  };
}

const cases: Case[] = [
  {
    name: "hand-written reply (the limit)",
    build: async () => {
      const app = Fastify();
      app.get("/rate", async (_req, reply) => handWritten(reply));
      return app;
    },
  },
  {
    name: "hand-written reply from setErrorHandler (a throw's own cost)",
    build: async () => {
      const app = Fastify();
      app.setErrorHandler(async (_error, _req, reply) => handWritten(reply));
      app.get("/rate", async () => {
        throw errors.RATE_LIMITED?.(details, { stack: false });
      });
      return app;
    },
  },
  errataCase("errata plugin (stack off)", {}, false),
  {
    name: "errata reply.sendError (stack off)",
    build: async () => {
      const app = Fastify();
      await app.register(errataFastify, { catalog });
      app.get("/rate", async (_req, reply) => reply.sendError(errors.RATE_LIMITED?.(details, { stack: false })));
      return app;
    },
  },
  errataCase("errata plugin (stack off, hints off)", { hints: false }, false),
  errataCase("errata plugin (stack on)", {}, true),
  {
    name: "@fastify/sensible",
    build: async () => {
      const app = Fastify();
      await app.register(sensible);
      app.get("/rate", async () => {
        throw app.httpErrors.tooManyRequests(MESSAGE);
      });
      return app;
    },
  },
  {
    name: "http-errors",
    build: async () => {
      const app = Fastify();
      app.get("/rate", async () => {
        throw createHttpError(429, MESSAGE);
      });
      return app;
    },
  },
];

async function measure(app: FastifyInstance, seconds: number): Promise<number> {
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  try {
    const result = await autocannon({ url: `${url}/rate`, connections: 16, duration: seconds });
    if (result.non2xx !== result.requests.total || result.errors > 0) throw new Error("unexpected responses");
    return result.requests.average;
  } finally {
    await app.close();
  }
}

export async function run(): Promise<void> {
  const rounds = 3;
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (const c of cases) await measure(await c.build(), 1); // warm-up
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? cases : [...cases].reverse();
    for (const c of order) samples.get(c.name)?.push(await measure(await c.build(), 3));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;
  const limit = median(samples.get(cases[0]?.name ?? "") ?? []);
  console.log("\n## server: Fastify error path, requests/s (autocannon, 16 connections, 3 rounds of 3 s)\n");
  console.log("| case | req/s (median) | vs hand-written |\n|---|---:|---:|");
  for (const c of cases) {
    const rps = median(samples.get(c.name) ?? []);
    console.log(`| ${c.name} | ${Math.round(rps).toLocaleString("en-US")} | ${(rps / limit).toFixed(2)}× |`);
  }
  const direct = median(samples.get("errata reply.sendError (stack off)") ?? []);
  const errata = median(samples.get("errata plugin (stack off)") ?? []);
  const throwLimit = median(samples.get(cases[1]?.name ?? "") ?? []);
  const peers = ["@fastify/sensible", "http-errors"].map((n) => median(samples.get(n) ?? []));
  console.log(
    `\ngoal: errata ≥ 0.90× hand-written → reply.sendError ${(direct / limit).toFixed(2)}× ${direct / limit >= 0.9 ? "met" : "MISSED"}`,
  );
  console.log(`      thrown: ${(errata / throwLimit).toFixed(2)}× a hand-written reply from setErrorHandler`);
  const worstPeer = Math.max(...peers);
  console.log(
    `goal: errata ≥ 1.00× the peers → ${(errata / worstPeer).toFixed(2)}× the faster peer ${errata >= worstPeer ? "met" : "MISSED"}`,
  );
}
