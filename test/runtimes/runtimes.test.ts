/**
 * The same request/response suite on every runtime the README promises, against
 * test/runtimes/app.ts served there (serve.ts): an error in the catalog's format and
 * its negotiation, a crash that leaks nothing, Hono's adapter, a guard's refusal and
 * an idempotent replay, errata/client from Node against it, and errata/client inside
 * the runtime (`/selfcheck`). Each response is compared with the one the same app
 * gives in this Node process for the same request: status, the app's headers and
 * body, random ids aside. Each runtime is required in CI (.ci/run); elsewhere one
 * whose package cannot start here is skipped with the reason.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createClient } from "../../src/client/index.js";
import { isErrataError } from "../../src/index.js";
import app, { catalog } from "./app.js";
import { type Runtime, type Served, serveOn } from "./serve.js";

const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b[0-9a-f]{32}\b/g;
/** Headers a server or runtime adds by itself, not the app. */
const TRANSPORT = new Set(["date", "content-length", "connection", "keep-alive", "transfer-encoding", "server"]);

interface Seen {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

async function seen(response: Response): Promise<Seen> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!TRANSPORT.has(name)) headers[name] = value.replace(ID, "<id>");
  });
  return { status: response.status, headers, body: (await response.text()).replace(ID, "<id>") };
}

/** The runtime's answer to a request, and this process's answer (the same app, in Node) to the same request. */
async function both(served: Served, path: string, init: RequestInit = {}): Promise<{ got: Seen; want: Seen }> {
  const got = await seen(await fetch(new URL(path, served.url), init));
  const want = await seen(await app.fetch(new Request(new URL(path, "http://127.0.0.1/"), init)));
  return { got, want };
}

/** The runtime answers as Node does: status, every header the app set, body. */
function same({ got, want }: { got: Seen; want: Seen }): Seen {
  assert.equal(got.status, want.status, got.body);
  for (const [name, value] of Object.entries(want.headers)) assert.equal(got.headers[name], value, name);
  assert.equal(got.body, want.body);
  return got;
}

function suite(runtime: Runtime) {
  let served: Served;
  const agent = (what: string) => ({ "x-agent-id": `${runtime} ${what}` });
  before(async () => {
    served = await serveOn(runtime);
  });
  after(() => served?.close());

  test("a declared error: the catalog's problem+json, as Node sends it; Accept negotiates application/json", async () => {
    const headers = { ...agent("get"), "x-request-id": `req-${runtime}` };
    const got = same(await both(served, "/orders/ord_42", { headers }));
    assert.equal(got.status, 404);
    assert.equal(got.headers["content-type"], "application/problem+json");
    assert.equal(got.headers["x-request-id"], `req-${runtime}`);
    assert.equal(JSON.parse(got.body).detail, "Order ord_42 not found");
    const json = { ...agent("json"), accept: "application/problem+json;q=0, application/json" };
    assert.equal(
      same(await both(served, "/orders/ord_42", { headers: json })).headers["content-type"],
      "application/json",
    );
  });

  test("a crash is INTERNAL_ERROR with nothing of it sent", async () => {
    const got = same(await both(served, "/crash", { headers: agent("crash") }));
    assert.equal(got.status, 500);
    assert.doesNotMatch(got.body, /hunter2|ECONNREFUSED|db\.internal/);
  });

  test("Hono's adapter: a thrown error and an unknown route", async () => {
    assert.equal(same(await both(served, "/hono/orders/ord_7", { headers: agent("hono get") })).status, 404);
    const missing = same(await both(served, "/hono/nothing", { headers: agent("hono none") }));
    assert.match(missing.body, /ROUTE_NOT_FOUND/);
  });

  test("the rate-limit guard refuses the second call, with Retry-After and RateLimit headers (Fetch and Hono)", async () => {
    for (const path of ["/orders", "/hono/orders"]) {
      const init = { method: "POST", headers: agent(`post ${path}`) };
      // The app's own 201: its status only (Bun's Response.json adds a charset, Node's does not).
      assert.equal((await both(served, path, init)).got.status, 201);
      const refused = same(await both(served, path, init));
      assert.equal(refused.status, 429, path);
      assert.ok(refused.headers["retry-after"], path);
      assert.match(refused.body, /RATE_LIMITED/);
    }
  });

  test("the idempotency guard replays a key's response, and refuses the key with another body", async () => {
    // An agent per call, so that the rate limit (one a minute) never answers first.
    const headers = (n: number) => ({
      ...agent(`pay ${n}`),
      authorization: `Bearer ${runtime}`,
      "idempotency-key": "k1",
    });
    let n = 0;
    const pay = (body: string) => fetch(new URL("/pay", served.url), { method: "PUT", headers: headers(n++), body });
    const first = await pay("10");
    const firstBody = await first.text();
    assert.equal(first.status, 201);
    const again = await pay("10");
    assert.deepEqual(
      [again.status, again.headers.get("idempotent-replayed"), await again.text()],
      [201, "true", firstBody],
    );
    const reused = await pay("11");
    assert.equal(reused.status, 422);
    assert.match(await reused.text(), /IDEMPOTENCY_KEY_REUSED/);
  });

  test("errata/client from Node: the runtime's failure comes back as the catalog's typed error", async () => {
    const api = createClient({ baseUrl: served.url.href, catalogs: [catalog], retry: { maxAttempts: 1 } });
    const error = await api.json("/orders/ord_9", { headers: agent("client") }).catch((e: unknown) => e);
    assert.ok(isErrataError(error));
    assert.deepEqual([error.name, error.status, error.details], ["ORDER_NOT_FOUND", 404, { orderId: "ord_9" }]);
  });

  test("errata/client inside the runtime: each failure typed, instanceof its kind class", async () => {
    const response = await fetch(new URL("/selfcheck", served.url));
    assert.equal(response.status, 200);
    assert.deepEqual(JSON.parse((await response.text()).replace(ID, "<id>")), [
      ["/orders/ord_42", "ORDER_NOT_FOUND", 404, true, false, { orderId: "ord_42" }],
      ["/orders", "ok"],
      ["/orders", "RATE_LIMITED", 429, false, true, { limit: 1, window: "1m", retryAfter: 60 }],
      ["/crash", "INTERNAL_ERROR", 500, false, false, { traceId: "<id>" }],
    ]);
  });
}

/** Why a runtime cannot run here, or undefined when it can; in CI none may be missing. */
async function unavailable(runtime: Runtime): Promise<string | undefined> {
  try {
    await (await serveOn(runtime)).close();
    return undefined;
  } catch (error) {
    const why = `${runtime} cannot start on this machine: ${String(error).slice(0, 500)}`;
    if (process.env.CI) throw new Error(`${why} (required in CI)`);
    return why;
  }
}

const RUNTIMES = ["bun", "deno", "workerd"] as const;
// Every runtime is tried before any suite is declared: node:test starts a suite as soon as it is declared.
const reasons = await Promise.all(RUNTIMES.map(unavailable));
RUNTIMES.forEach((runtime, i) => {
  describe(`on ${runtime}`, { skip: reasons[i] }, () => suite(runtime));
});
