/**
 * One Fetch-API app, bundled by esbuild for each runtime the README promises (Bun,
 * Deno, workerd) and served there: errata's Fetch adapter and guards (`/…`) and its
 * Hono adapter and guards (`/hono/…`), on a catalog declared with defineCatalog, so
 * no file is read. `/selfcheck` runs errata/client in the same runtime against the
 * app (through the app's own `fetch`, with no network) and answers what it saw.
 * Guards are made on the first request: a worker may not start timers while its
 * module loads.
 */
import { Hono } from "hono";
import { createClient } from "../../src/client/index.js";
import { guardFetch, honoGuard, idempotency, MemoryStore, rateLimit } from "../../src/guard/index.js";
import { defineCatalog, isErrataError, NotFoundError, RateLimitedError } from "../../src/index.js";
import { honoErrorHandler, honoMiddleware, honoNotFound, toResponse } from "../../src/server/index.js";

export const { catalog, errors } = defineCatalog({
  name: "shop",
  version: "1.0.0",
  docsBaseUrl: "https://docs.example.com/errors",
  errors: {
    ORDER_NOT_FOUND: {
      category: "not_found",
      message: "Order {orderId} not found",
      details: { orderId: "string" },
    },
    RATE_LIMITED: {
      category: "rate_limit",
      message: "Too many orders: {limit} a minute",
      details: { limit: "integer" },
    },
  },
});

const agent = (r: { headers: unknown }) =>
  r.headers instanceof Headers ? (r.headers.get("x-agent-id") ?? undefined) : undefined;

function guards() {
  const store = new MemoryStore();
  return [
    rateLimit({ store, catalog, limit: 1, windowMs: 60_000, key: agent }),
    idempotency({ store, catalog, methods: ["PUT"] }),
  ];
}

/** The plain Fetch handler: errors through toResponse. */
async function plain(request: Request): Promise<Response> {
  const url = new URL(request.url);
  try {
    const order = /^\/orders\/([\w-]+)$/.exec(url.pathname)?.[1];
    if (order && request.method === "GET") throw errors.ORDER_NOT_FOUND({ orderId: order });
    if (url.pathname === "/orders" && request.method === "POST") return Response.json({ id: "ord_1" }, { status: 201 });
    if (url.pathname === "/pay" && request.method === "PUT") {
      const paid = await request.text();
      return Response.json({ paid, at: crypto.randomUUID() }, { status: 201 });
    }
    if (url.pathname === "/crash") throw new Error("connect ECONNREFUSED db.internal:5432 password=hunter2");
    return Response.json({ ok: true });
  } catch (thrown) {
    return toResponse(thrown, { request, catalog, logger: quiet });
  }
}

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

function honoApp() {
  const app = new Hono();
  app.use(honoMiddleware({ catalog, logger: quiet }));
  app.onError(honoErrorHandler({ catalog, logger: quiet }));
  app.notFound(honoNotFound({ catalog, logger: quiet }));
  app.use("/hono/orders", honoGuard(...guards()));
  app.get("/hono/orders/:id", (c) => {
    throw errors.ORDER_NOT_FOUND({ orderId: c.req.param("id") });
  });
  app.post("/hono/orders", (c) => c.json({ id: "ord_1" }, 201));
  return app;
}

let served: ((request: Request, platform?: unknown) => Promise<Response>) | undefined;

/** The app: Hono under /hono, the guarded plain handler elsewhere, /selfcheck. */
async function handle(request: Request, platform?: unknown): Promise<Response> {
  if (!served) {
    const hono = honoApp();
    const fetchApp = guardFetch(guards(), plain);
    served = async (r, p) => (new URL(r.url).pathname.startsWith("/hono/") ? hono.fetch(r) : fetchApp(r, p));
  }
  if (new URL(request.url).pathname === "/selfcheck") return Response.json(await selfCheck());
  return served(request, platform);
}

/** errata/client in this runtime, against the app through its own fetch: what each call came back as. */
async function selfCheck(): Promise<unknown[]> {
  const api = createClient({
    baseUrl: "http://app.local",
    catalogs: [catalog],
    retry: { maxAttempts: 1 },
    // The circuit breaker too: cockatiel, which errata/client loads on the first call.
    breaker: { consecutive: 5 },
    fetch: (input, init) => handle(new Request(input, init)),
  });
  const seen: unknown[] = [];
  // One agent per kind of call: the rate limit (one a minute) refuses the second POST only.
  for (const [method, path] of [
    ["GET", "/orders/ord_42"],
    ["POST", "/orders"],
    ["POST", "/orders"],
    ["GET", "/crash"],
  ] as const) {
    try {
      await api.json(path, { method, headers: { "x-agent-id": `self ${method} ${path}` } });
      seen.push([path, "ok"]);
    } catch (e) {
      if (!isErrataError(e)) throw e;
      seen.push([path, e.name, e.status, e instanceof NotFoundError, e instanceof RateLimitedError, e.details]);
    }
  }
  return seen;
}

export default { fetch: handle };
