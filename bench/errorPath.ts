/**
 * The error path measured in process, so that it holds still: no sockets and no load
 * generator sharing the two cores. Fastify through its own `inject`, Express through
 * light-my-request (the same injector), Hono through `app.request`. Each case answers
 * RATE_LIMITED; the baseline of each framework is a hand-written reply of the same
 * body and headers, built per request (checked before timing: the same status, headers
 * and body but for the request id). Rounds are interleaved (the order alternates), each case runs
 * 2,000 sequential requests per round, and the ratio is requests/s against the
 * baseline of the same round. Three runs of 5 rounds each; they must agree within
 * ±5% or the table says so.
 * Goals (issue 31): reply.sendError ≥ 0.95× the hand-written reply; a thrown error
 * ≥ 0.95× a hand-written reply from setErrorHandler; the other adapters ≥ 0.90×
 * their hand-written baselines.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import { Hono } from "hono";
import inject from "light-my-request";
import { createErrors } from "../src/runtime/createErrors.js";
import { loadCatalog } from "../src/sources/load.js";
import "../src/frameworks/fastify/index.js";
import { errataFastify, expressErrorHandler, honoErrorHandler } from "../src/server/index.js";
import { median } from "./compare.js";

const catalog = loadCatalog(
  join(fileURLToPath(new URL("..", import.meta.url)), "examples", "catalogs", "gitclaw.yaml"),
);
const errors = createErrors(catalog);
const details = { action: "star", limit: 100, window: "1h", retryAfter: 3600 };
/**
 * The hand-written reply: the same body as errata's, built per request as a handler
 * would build it (the request id is new each time), and the same headers.
 */
function handBody(requestId: string): string {
  return JSON.stringify({
    error: { code: "RATE_LIMITED", message: `Rate limit exceeded for action: ${details.action}`, details },
    meta: {
      requestId,
      status: 429,
      retryable: true,
      retryAfter: 3600,
      docs: "https://docs.gitclaw.dev/errors/rate-limited",
      suggestion: "Wait for `Retry-After` duration",
    },
  });
}
const HEADERS = ["content-type", "retry-after", "vary", "x-request-id"];
const rateLimited = () => errors.RATE_LIMITED?.(details, { stack: false });
const N = 2000;

/** What a case answered, as the check of equal responses reads it. */
interface Reply {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
}
type Case = { name: string; framework: string; baseline?: true; call: () => Promise<Reply> };

function fastifyReply(reply: FastifyReply) {
  const requestId = crypto.randomUUID();
  return (
    reply
      .code(429)
      .header("Retry-After", "3600")
      .header("X-Request-Id", requestId)
      .header("Vary", "Accept")
      .header("Content-Type", "application/json")
      // A string would get "; charset=utf-8" from Fastify: the same bytes as errata's need a Buffer, as errata sends.
      .send(Buffer.from(handBody(requestId)))
  );
}

async function fastifyCases(): Promise<Case[]> {
  const hand = Fastify();
  hand.get("/r", async (_q, reply) => fastifyReply(reply));
  const handThrown = Fastify();
  handThrown.setErrorHandler(async (_e, _q, reply) => fastifyReply(reply));
  handThrown.get("/r", async () => {
    throw rateLimited();
  });
  const direct = Fastify();
  await direct.register(errataFastify, { catalog });
  direct.get("/r", async (_q, reply) => reply.sendError(rateLimited()));
  const thrown = Fastify();
  await thrown.register(errataFastify, { catalog });
  thrown.get("/r", async () => {
    throw rateLimited();
  });
  const apps: FastifyInstance[] = [hand, handThrown, direct, thrown];
  await Promise.all(apps.map((a) => a.ready()));
  const call = (app: FastifyInstance) => async () => {
    const r = await app.inject({ method: "GET", url: "/r" });
    return { status: r.statusCode, headers: r.headers, body: r.body };
  };
  return [
    { name: "Fastify: hand-written reply", framework: "fastify", baseline: true, call: call(hand) },
    { name: "Fastify: errata reply.sendError", framework: "fastify", call: call(direct) },
    {
      name: "Fastify: hand-written reply from setErrorHandler",
      framework: "fastify-thrown",
      baseline: true,
      call: call(handThrown),
    },
    { name: "Fastify: errata plugin, thrown", framework: "fastify-thrown", call: call(thrown) },
  ];
}

function expressCases(): Case[] {
  const hand = express();
  hand.get("/r", (_q, res) => {
    const requestId = crypto.randomUUID();
    // res.set and res.send would add "; charset=utf-8" to the type: the plain Node calls send errata's bytes.
    res.statusCode = 429;
    res.setHeader("Retry-After", "3600");
    res.setHeader("X-Request-Id", requestId);
    res.setHeader("Vary", "Accept");
    res.setHeader("Content-Type", "application/json");
    res.end(handBody(requestId));
  });
  const errata = express();
  errata.get("/r", () => {
    throw rateLimited();
  });
  errata.use(expressErrorHandler({ catalog }));
  const call = (app: express.Express) => async () => {
    const r = await inject(app, { method: "GET", url: "/r" });
    return { status: r.statusCode, headers: r.headers, body: r.body };
  };
  return [
    { name: "Express: hand-written reply", framework: "express", baseline: true, call: call(hand) },
    { name: "Express: errata error handler, thrown", framework: "express", call: call(errata) },
  ];
}

function honoCases(): Case[] {
  const hand = new Hono();
  hand.get("/r", (c) => {
    const requestId = crypto.randomUUID();
    return c.body(handBody(requestId), 429, {
      "Content-Type": "application/json",
      "Retry-After": "3600",
      "X-Request-Id": requestId,
      Vary: "Accept",
    });
  });
  const errata = new Hono();
  errata.get("/r", () => {
    throw rateLimited();
  });
  errata.onError(honoErrorHandler({ catalog }));
  const call = (app: Hono) => async () => {
    const r = await app.request("/r");
    return { status: r.status, headers: Object.fromEntries(r.headers), body: await r.text() };
  };
  return [
    { name: "Hono: hand-written reply", framework: "hono", baseline: true, call: call(hand) },
    { name: "Hono: errata onError, thrown", framework: "hono", call: call(errata) },
  ];
}

async function timeOf(c: Case): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < N; i++) await c.call();
  return N / ((performance.now() - start) / 1000);
}

/** One run: `rounds` interleaved rounds; each case's median ratio to its framework's baseline. */
async function oneRun(cases: readonly Case[], rounds: number): Promise<Map<string, number>> {
  const ratios = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (const c of cases) await timeOf(c); // warm-up
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? cases : [...cases].reverse();
    const rps = new Map<string, number>();
    for (const c of order) rps.set(c.name, await timeOf(c));
    for (const c of cases) {
      const base = cases.find((b) => b.baseline && b.framework === c.framework) as Case;
      ratios.get(c.name)?.push((rps.get(c.name) ?? 0) / (rps.get(base.name) ?? 1));
    }
  }
  return new Map([...ratios].map(([name, r]) => [name, median(r)]));
}

const GOALS: Record<string, number> = {
  "Fastify: errata reply.sendError": 0.95,
  "Fastify: errata plugin, thrown": 0.95,
  "Express: errata error handler, thrown": 0.9,
  "Hono: errata onError, thrown": 0.9,
};

/** A reply as it should be the same across a framework's cases: the request id taken out. */
async function shape(c: Case): Promise<string> {
  const r = await c.call();
  const id = String(r.headers["x-request-id"]);
  const headers = HEADERS.map((h) => `${h}: ${h === "x-request-id" ? "" : String(r.headers[h])}`);
  return JSON.stringify([r.status, headers, r.body.replaceAll(id, "")]);
}

/** Each errata case answers exactly what its hand-written baseline answers, or the comparison is void. */
async function checkSameReplies(cases: readonly Case[]): Promise<void> {
  for (const c of cases) {
    const base = cases.find((b) => b.baseline && b.framework === c.framework) as Case;
    const [mine, theirs] = [await shape(c), await shape(base)];
    if (mine !== theirs) throw new Error(`${c.name} answers ${mine}, its baseline ${theirs}`);
  }
}

export async function run(): Promise<void> {
  const cases = [...(await fastifyCases()), ...expressCases(), ...honoCases()];
  await checkSameReplies(cases);
  const runs: Map<string, number>[] = [];
  for (let r = 0; r < 3; r++) runs.push(await oneRun(cases, 5));
  console.log(
    `\n## errorPath: the error path in process (${N} requests a case a round, 5 interleaved rounds, 3 runs)\n`,
  );
  console.log("| case | vs its hand-written baseline: run 1 / 2 / 3 | spread | goal |\n|---|---:|---:|---|");
  for (const c of cases) {
    if (c.baseline) continue;
    const values = runs.map((m) => m.get(c.name) ?? Number.NaN);
    const spread = (Math.max(...values) - Math.min(...values)) / median(values);
    const goal = GOALS[c.name] ?? 0;
    const met = values.every((v) => v >= goal) ? "met" : values.some((v) => v >= goal) ? "met in some runs" : "MISSED";
    const agree = spread <= 0.1 ? "" : " (runs disagree by more than ±5%)";
    console.log(
      `| ${c.name} | ${values.map((v) => v.toFixed(2)).join(" / ")} | ±${((spread / 2) * 100).toFixed(1)}%${agree} | ≥ ${goal.toFixed(2)}×: ${met} |`,
    );
  }
}
