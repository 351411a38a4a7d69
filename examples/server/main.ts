/**
 * A runnable demo API on Fastify: each bundled catalog under its own prefix,
 * answering in its own wire format (talos: problem+json, stt: binary frames,
 * tracemem: JSON-RPC, aragora: flat, gitclaw: envelope).
 *
 *   npm run demo            (listens on 127.0.0.1:3000; PORT to change)
 *   curl -i localhost:3000/gitclaw/errors/RATE_LIMITED
 *
 * GET  /<catalog>/errors/<NAME>   raises that error with its first example
 * POST /<catalog>/tasks           validates {"task": string}: try a bad body
 * GET  /<catalog>/crash           an unexpected error: INTERNAL_ERROR, nothing leaked
 *
 * and the operations the catalogs declare, each failing with an error it declares:
 * POST /gitclaw/repos/starred/stars (DUPLICATE_STAR; any other repo is starred),
 * DELETE /gitclaw/repos/<id>/stars (NO_EXISTING_STAR), POST
 * /gitclaw/repos/<id>/branches/<b>/push (NON_FAST_FORWARD), POST
 * /gitclaw/repos/<id>/pulls/<n>/merge (MERGE_BLOCKED), POST /aragora/api/debates
 * without a task (MISSING_FIELD).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Fastify, { type FastifyInstance } from "fastify";
import { createErrors } from "../../src/runtime/createErrors.js";
import { errataFastify, recordOnSpan, routeNotFound } from "../../src/server/index.js";
import { loadCatalog } from "../../src/sources/load.js";

const CATALOGS = ["talos", "stt", "tracemem", "aragora", "gitclaw"] as const;

type Errors = ReturnType<typeof createErrors>;

/** Routes of the operations a catalog declares, each failing with one of its declared errors. */
const operationRoutes: Partial<Record<(typeof CATALOGS)[number], (scope: FastifyInstance, errors: Errors) => void>> = {
  gitclaw: (scope, errors) => {
    scope.post<{ Params: { repoId: string } }>("/repos/:repoId/stars", async (req, reply) => {
      if (req.params.repoId !== "starred") return reply.code(201).send({ starred: req.params.repoId });
      throw errors.DUPLICATE_STAR?.({
        agentId: "agent-1",
        repoId: req.params.repoId,
        existingStarAt: "2024-01-10T08:00:00Z",
      });
    });
    scope.delete("/repos/:repoId/stars", async () => {
      throw errors.NO_EXISTING_STAR?.();
    });
    scope.post("/repos/:repoId/branches/:branch/push", async () => {
      throw errors.NON_FAST_FORWARD?.();
    });
    scope.post("/repos/:repoId/pulls/:prId/merge", async () => {
      throw errors.MERGE_BLOCKED?.({ prId: "pr-1", approved: true, ciStatus: "pending" });
    });
  },
  aragora: (scope, errors) => {
    scope.post<{ Body: { task?: unknown } | undefined }>("/api/debates", async (req, reply) => {
      if (typeof req.body?.task !== "string") throw errors.MISSING_FIELD?.({ field: "task" });
      return reply.code(201).send({ debate: "d-1", task: req.body.task });
    });
  },
};
const here = fileURLToPath(new URL(".", import.meta.url));

/** Build the demo app (exported for tests). */
export async function buildDemo(): Promise<FastifyInstance> {
  const app = Fastify({ logger: process.env.DEMO_LOG === "1" });
  for (const name of CATALOGS) {
    const catalog = loadCatalog(join(here, "..", "catalogs", `${name}.yaml`));
    const errors = createErrors(catalog, { stack: false });
    await app.register(
      async (scope) => {
        // The catalog's operation paths sit under the scope's prefix.
        await scope.register(errataFastify, {
          catalog,
          logger: scope.log,
          onError: recordOnSpan,
          basePath: `/${name}`,
          // A rate-limit error carries the headers its catalog promises (X-RateLimit-* or RateLimit).
          rateLimit: (error) => {
            const { limit, retryAfter } = error.details as { limit?: unknown; retryAfter?: unknown };
            if (error.kind !== "rate_limit" || typeof limit !== "number") return undefined;
            const wait = typeof retryAfter === "number" ? retryAfter : 60;
            const reset = catalog.rateLimitHeaders === "legacy" ? Math.floor(Date.now() / 1000) + wait : wait;
            return { limit, remaining: 0, reset, window: wait };
          },
        });
        operationRoutes[name]?.(scope, errors);
        scope.get<{ Params: { name: string } }>("/errors/:name", async (req) => {
          const factory = errors[req.params.name.toUpperCase()];
          if (!factory) throw routeNotFound(catalog, "GET", req.url);
          const example = factory.definition.examples[0];
          throw factory(example?.details, {
            ...(example?.message ? { message: example.message } : {}),
            ...(example?.headers["Retry-After"] ? { retryAfter: Number(example.headers["Retry-After"]) } : {}),
          });
        });
        scope.post(
          "/tasks",
          { schema: { body: { type: "object", required: ["task"], properties: { task: { type: "string" } } } } },
          async (req) => ({ accepted: req.body }),
        );
        scope.get("/crash", async () => {
          throw new Error("connect ECONNREFUSED 10.1.2.3:5432 (password=hunter2)");
        });
      },
      { prefix: `/${name}` },
    );
  }
  return app;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const app = await buildDemo();
  const port = Number(process.env.PORT ?? 3000);
  await app.listen({ port, host: "127.0.0.1" });
  console.log(`errata demo on http://127.0.0.1:${port}  (try: curl -i 127.0.0.1:${port}/gitclaw/errors/RATE_LIMITED)`);
}
