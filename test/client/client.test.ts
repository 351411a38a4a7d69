/**
 * The client against a real server on 127.0.0.1 that fails in scripted patterns:
 * typed errors from any format, flapping, 429 with Retry-After in both forms, 503,
 * resets, slow answers, deadlines, aborts, idempotency keys, the budget and the breaker.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type CallOptions, createClient, type GiveUpEvent, type RetryEvent } from "../../src/client/index.js";
import { RateLimitedError, UnavailableError } from "../../src/runtime/classes.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { defineCatalog } from "../../src/sources/defineCatalog.js";
import { loadBundled } from "../helpers.js";
import { fail, ok, raw, rejection, reset, type Scripted, scriptedServer, slow } from "./scripted.js";

const gitclaw = loadBundled("gitclaw");
const tracemem = loadBundled("tracemem");
const g = createErrors(gitclaw, { stack: false });
const t = createErrors(tracemem, { stack: false });

const shop = defineCatalog({
  name: "shop",
  version: "1.0.0",
  format: "problem",
  errors: {
    OUT_OF_STOCK: {
      category: "conflict",
      message: "Only {left} left of {sku}",
      details: { sku: "string", left: "integer" },
    },
  },
});

let server: Scripted;
before(async () => {
  server = await scriptedServer();
});
after(() => server.close());

/** A client with short delays, recording its events. */
function client(extra: Parameters<typeof createClient>[0] = {}) {
  const retries: RetryEvent[] = [];
  const giveUps: GiveUpEvent[] = [];
  const api = createClient({
    baseUrl: server.url,
    catalogs: [gitclaw, tracemem, shop],
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    onRetry: (e) => retries.push(e),
    onGiveUp: (e) => giveUps.push(e),
    ...extra,
  });
  return { api, retries, giveUps };
}

function one<T>(factory: T | undefined): T {
  assert.ok(factory);
  return factory;
}

describe("typed errors", () => {
  test("a 429 in GitClaw's envelope is a RateLimitedError with its code, Retry-After, request id and details", async () => {
    server.script(
      "/star",
      fail(one(g.RATE_LIMITED)({ action: "star", limit: 100, window: "1h", retryAfter: 3600 }, { requestId: "req-1" })),
    );
    const { api, giveUps } = client({ retry: false });
    const error = await rejection(api.fetch("/star", { method: "PUT" }));
    assert.ok(error instanceof RateLimitedError);
    assert.equal(error.code, "RATE_LIMITED");
    assert.equal(error.retryAfter, 3600);
    assert.equal(error.requestId, "req-1");
    assert.ok(api.is(error, "RATE_LIMITED"));
    assert.deepEqual(error.details, { action: "star", limit: 100, window: "1h", retryAfter: 3600 });
    assert.equal(giveUps[0]?.reason, "attempts");
  });

  test("every wire format comes back as the same typed error", async () => {
    const { api } = client({ retry: false });
    for (const format of ["problem", "jsonapi", "google", "envelope", "flat", "jsonrpc", "binary"] as const) {
      const path = `/format-${format}`;
      server.script(
        path,
        fail(one(g.RATE_LIMITED)({ action: "star", limit: 100, retryAfter: 30 }, { requestId: "req-f" }), format),
      );
      const error = await rejection(api.fetch(path));
      assert.ok(error instanceof RateLimitedError, format);
      assert.deepEqual(
        [error.code, error.status, error.retryAfter, error.requestId, error.details.limit],
        ["RATE_LIMITED", 429, 30, "req-f", 100],
        format,
      );
    }
  });

  test("details are typed from a defineCatalog catalog through client.is", async () => {
    server.script("/buy", fail(shop.errors.OUT_OF_STOCK({ sku: "A-1", left: 2 }), "problem"));
    const api = createClient({ baseUrl: server.url, catalogs: [gitclaw, shop] });
    const error: unknown = await rejection(api.fetch("/buy"));
    if (!api.is(error, "OUT_OF_STOCK")) assert.fail("not OUT_OF_STOCK");
    const left: number = error.details.left;
    assert.equal(left, 2);
    // @ts-expect-error: OUT_OF_STOCK has no `colour` detail.
    assert.equal(error.details.colour, undefined);
    // @ts-expect-error: no such error in the client's typed catalogs.
    api.is(error, "OUT_OF_STOK");
  });

  test("a foreign body (a proxy's HTML 503) is HTTP_503, an UnavailableError, and is retried", async () => {
    server.script("/html", raw(503, "<html>Service Unavailable</html>", { "Content-Type": "text/html" }));
    const { api, retries } = client();
    const error = await rejection(api.fetch("/html"));
    assert.ok(error instanceof UnavailableError);
    assert.equal(error.name, "HTTP_503");
    assert.match(String(error.details.reason), /no known error format|not JSON/);
    assert.equal(retries.length, 2);
    assert.equal(server.hits("/html").length, 3);
  });

  test("a JSON-RPC error in a 200 is thrown by client.json, resolved against the catalog", async () => {
    server.script("/rpc", fail(one(t.PERMISSION_DENIED)(), "jsonrpc", { "Content-Type": "application/json" }));
    const { api } = client();
    const error = await rejection(api.json("/rpc", { method: "POST", json: { jsonrpc: "2.0", id: 1, method: "x" } }));
    assert.equal(error.name, "PERMISSION_DENIED");
    assert.equal(server.hits("/rpc").length, 1);
  });

  test("an error body over the limit is not downloaded: a typed HTTP error that says so", async () => {
    server.script("/huge", raw(502, "x".repeat(200_000), { "Content-Type": "text/plain" }));
    const { api } = client({ retry: false, maxErrorBytes: 1000 });
    const error = await rejection(api.fetch("/huge"));
    assert.equal(error.name, "HTTP_502");
    assert.match(String(error.details.reason), /larger than 1000 bytes/);
  });
});

describe("retries", () => {
  test("flapping: two 503s then a success; the caller sees only the success", async () => {
    server.script("/flap", fail(one(g.DATABASE_ERROR)()), raw(503, ""), ok({ n: 1 }));
    const { api, retries } = client();
    assert.deepEqual(await api.json("/flap"), { n: 1 });
    assert.deepEqual(
      retries.map((r) => [r.attempt, r.error.name, r.basis]),
      [
        [1, "DATABASE_ERROR", "backoff"],
        [2, "HTTP_503", "backoff"],
      ],
    );
    assert.ok(retries.every((r) => r.delayMs >= 0 && r.delayMs <= 20));
  });

  test("an upstream error that shares a name with the client's own (REQUEST_ABORTED, category client) is the upstream's, and is retried", async () => {
    const lookalike = defineCatalog({
      name: "upstream",
      version: "1.0.0",
      format: "problem",
      categories: { client: { kind: "unavailable", status: 503 } },
      errors: { REQUEST_ABORTED: { category: "client", message: "The upstream gave up", retry: "backoff" } },
    });
    const errors = createErrors(lookalike.catalog, { stack: false });
    server.script("/lookalike", fail(one(errors.REQUEST_ABORTED)(), "problem"), ok({ n: 2 }));
    const { api, retries, giveUps } = client({ catalogs: [lookalike] });
    assert.deepEqual(await api.json("/lookalike"), { n: 2 });
    assert.deepEqual(
      retries.map((r) => [r.attempt, r.error.name, r.error.status]),
      [[1, "REQUEST_ABORTED", 503]],
    );
    assert.equal(giveUps.length, 0);
  });

  test("429 with Retry-After in seconds waits that long", async () => {
    server.script("/after-seconds", raw(429, "", { "Retry-After": "1" }), ok());
    const { api, retries } = client();
    const started = Date.now();
    await api.fetch("/after-seconds");
    const [first, second] = server.hits("/after-seconds");
    assert.ok(first && second);
    assert.ok(second.at - first.at >= 950, `waited ${second.at - first.at} ms`);
    assert.deepEqual([retries[0]?.delayMs, retries[0]?.basis], [1000, "retry-after"]);
    assert.ok(Date.now() - started < 5000);
  });

  test("503 with Retry-After as an HTTP-date waits until then", async () => {
    const at = new Date(Math.ceil((Date.now() + 1500) / 1000) * 1000);
    server.script("/after-date", raw(503, "", { "Retry-After": at.toUTCString() }), ok());
    const { api, retries } = client();
    await api.fetch("/after-date");
    const [first, second] = server.hits("/after-date");
    assert.ok(first && second);
    assert.ok(second.at >= at.getTime() - 1000, "retried before the date");
    assert.equal(retries[0]?.basis, "retry-after");
  });

  test("a Retry-After longer than maxRetryAfterMs gives up at once, its retryAfter intact (GitClaw's 3600 s)", async () => {
    server.script("/long", fail(one(g.RATE_LIMITED)({ action: "star", retryAfter: 3600 })), ok());
    const { api, retries, giveUps } = client({ retry: { maxRetryAfterMs: 60_000, baseDelayMs: 5 } });
    const started = Date.now();
    const error = await rejection(api.fetch("/long"));
    assert.ok(Date.now() - started < 1000);
    assert.equal(error.name, "RATE_LIMITED");
    assert.equal(error.retryAfter, 3600);
    assert.equal(giveUps[0]?.reason, "retry-after-too-long");
    assert.equal(retries.length, 0);
    assert.equal(server.hits("/long").length, 1);
  });

  test("a Retry-After below 0, garbage or non-finite is treated as absent", async () => {
    for (const value of ["-5", "soon", "1e999", "Infinity", "NaN", "12abc"]) {
      server.script("/odd-after", raw(503, "", { "Retry-After": value }), ok());
      const { api, retries } = client();
      await api.fetch("/odd-after");
      assert.equal(retries[0]?.basis, "backoff", value);
      assert.ok((retries[0]?.delayMs ?? 1e9) <= 20, value);
    }
    // As JSON text: 1e999 parses as Infinity.
    for (const retryAfter of ["-5", "1e999", '"x"']) {
      server.script(
        "/odd-body",
        raw(503, `{"error":{"code":"SERVICE_UNAVAILABLE","message":"down"},"meta":{"retryAfter":${retryAfter}}}`, {
          "Content-Type": "application/json",
        }),
        ok(),
      );
      const { api, retries } = client();
      await api.fetch("/odd-body");
      assert.equal(retries[0]?.error.retryAfter, undefined, String(retryAfter));
      assert.equal(retries[0]?.basis, "backoff", String(retryAfter));
    }
  });

  test("a Retry-After beyond the deadline gives up at once with the server's error", async () => {
    server.script("/too-late", fail(one(g.RATE_LIMITED)({ action: "star", retryAfter: 120 })), ok());
    const { api, giveUps } = client({ deadline: 5000, retry: { maxRetryAfterMs: 300_000 } });
    const started = Date.now();
    const error = await rejection(api.fetch("/too-late"));
    assert.ok(Date.now() - started < 1000);
    assert.equal(error.name, "RATE_LIMITED");
    assert.equal(giveUps[0]?.reason, "deadline");
    assert.equal(server.hits("/too-late").length, 1);
  });

  test("400, 401, 403 and 404 are never retried; neither is what the catalog marks never", async () => {
    for (const status of [400, 401, 403, 404]) {
      server.script(`/s${status}`, raw(status, "{}", { "Content-Type": "application/json" }));
      const { api, giveUps } = client();
      const error = await rejection(api.fetch(`/s${status}`));
      assert.equal(error.status, status);
      assert.equal(giveUps[0]?.reason, "not-retryable");
      assert.equal(server.hits(`/s${status}`).length, 1);
    }
    server.script("/conflict", fail(one(g.REPO_EXISTS)({ name: "x" })));
    const { api } = client();
    await rejection(api.fetch("/conflict"));
    assert.equal(server.hits("/conflict").length, 1);
  });

  test("maybe: MERGE_BLOCKED is retried while CI is pending, not once it failed", async () => {
    const blocked = (ciStatus: string) => fail(one(g.MERGE_BLOCKED)({ prId: "pr-1", approved: true, ciStatus }));
    server.script("/merge", blocked("pending"), blocked("running"), ok({ merged: true }));
    const { api } = client({ retry: { baseDelayMs: 5, maxAttempts: 5 } });
    assert.deepEqual(await api.json("/merge", { method: "PUT" }), { merged: true });
    server.script("/merge-failed", blocked("failed"), ok());
    await rejection(api.fetch("/merge-failed", { method: "PUT" }));
    assert.equal(server.hits("/merge-failed").length, 1);
  });

  test("connection resets become NETWORK_ERROR and are retried", async () => {
    server.script("/reset", reset, reset, ok({ back: true }));
    const { api, retries } = client();
    assert.deepEqual(await api.json("/reset"), { back: true });
    assert.deepEqual(
      retries.map((r) => r.error.name),
      ["NETWORK_ERROR", "NETWORK_ERROR"],
    );
  });

  test("a closed port is a NETWORK_ERROR naming the cause", async () => {
    const gone = await scriptedServer();
    const url = gone.url;
    await gone.close();
    const { api } = client({ baseUrl: url, retry: false });
    const error = await rejection(api.fetch("/"));
    assert.equal(error.name, "NETWORK_ERROR");
    assert.equal(error.details.reason, "ECONNREFUSED");
  });
});

describe("time limits", () => {
  test("a slow attempt times out (ATTEMPT_TIMEOUT) and the retry succeeds", async () => {
    server.script("/slow", slow(2000, ok()), ok({ fast: true }));
    const { api, retries } = client({ timeout: 100 });
    const started = Date.now();
    assert.deepEqual(await api.json("/slow"), { fast: true });
    assert.equal(retries[0]?.error.name, "ATTEMPT_TIMEOUT");
    assert.ok(Date.now() - started < 1500);
  });

  test("the deadline bounds the whole call: DEADLINE_EXCEEDED with the attempts made", async () => {
    server.script("/stuck", slow(5000, ok()));
    // Attempts time out at about 150, 305 and 460 ms: the 400 ms deadline falls inside the third.
    const { api, giveUps } = client({ timeout: 150, deadline: 400, retry: { baseDelayMs: 5, maxAttempts: 5 } });
    const started = Date.now();
    const error = await rejection(api.fetch("/stuck"));
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 390 && elapsed < 1000, `took ${elapsed} ms`);
    assert.equal(error.name, "DEADLINE_EXCEEDED");
    assert.equal(error.details.deadlineMs, 400);
    assert.ok(Number(error.details.attempts) >= 2, `attempts: ${error.details.attempts}`);
    assert.equal(giveUps[0]?.reason, "deadline");
  });

  test("timeout: false sends no AbortSignal unless a deadline or the caller's signal needs one", async () => {
    server.script("/plain", ok(), ok(), ok(), ok(), ok());
    const signals: (AbortSignal | null | undefined)[] = [];
    const spy: typeof fetch = (input, init) => {
      signals.push(init?.signal);
      return fetch(input, init);
    };
    const { api } = client({ fetch: spy, timeout: false });
    await api.fetch("/plain");
    assert.equal(signals[0], undefined, "no limit, no signal");
    await api.fetch("/plain", { timeout: 5000 });
    assert.ok(signals[1] instanceof AbortSignal, "a call's own timeout brings one back");
    await api.fetch("/plain", { deadline: 5000 });
    assert.ok(signals[2] instanceof AbortSignal, "a deadline needs one");
    const mine = new AbortController();
    await api.fetch("/plain", { signal: mine.signal });
    assert.equal(signals[3], mine.signal, "the caller's own, as it is");
    await client({ fetch: spy }).api.fetch("/plain");
    assert.ok(signals[4] instanceof AbortSignal, "the default has a timeout, so a signal");
  });

  test("timeout: false on a call turns the client's timeout off for it alone", async () => {
    server.script("/slowish", slow(300, ok({ late: true })));
    const { api, retries } = client({ timeout: 100, retry: false });
    assert.deepEqual(await api.json("/slowish", { timeout: false }), { late: true });
    assert.equal(retries.length, 0);
    server.script("/slowish", slow(300, ok({ late: true })));
    assert.equal((await rejection(api.json("/slowish"))).name, "ATTEMPT_TIMEOUT");
  });

  test("the caller's AbortSignal stops a call during its wait: REQUEST_ABORTED", async () => {
    server.script("/abort", raw(503, "", { "Retry-After": "30" }));
    const { api, giveUps } = client();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await rejection(api.fetch("/abort", { signal: controller.signal }));
    assert.equal(error.name, "REQUEST_ABORTED");
    assert.equal(giveUps[0]?.reason, "aborted");
    assert.ok(Date.now() - started < 1000);
  });
});

describe("writes: repeated only when a repeat cannot run them twice", () => {
  const keyed = defineCatalog({
    name: "keyed",
    version: "1.0.0",
    idempotency: { lifetime: 3600 },
    errors: { BUSY: { category: "unavailable", message: "Busy" } },
  });

  test("a plain API (no catalog says it honours keys): a POST that got a 500 or 503 runs once, with no key", async () => {
    for (const method of ["POST", "PATCH"]) {
      server.script("/pay", raw(500, ""), raw(503, ""), ok({ id: 1 }, 201));
      const { api, giveUps } = client();
      const error = await rejection(api.json("/pay", { method, json: { amount: 1 } }));
      assert.equal(error.status, 500);
      assert.equal(giveUps[0]?.reason, "unsafe-method");
      assert.equal(server.hits("/pay").length, 1, method);
      assert.equal(server.hits("/pay")[0]?.headers["idempotency-key"], undefined, "no key goes to a plain API");
    }
  });

  test("a catalog that declares idempotency: one quoted key (RFC 8941 sf-string), the same on every attempt", async () => {
    server.script("/orders", raw(503, ""), reset, ok({ id: 1 }, 201));
    const { api } = client({ catalogs: [keyed] });
    await api.json("/orders", { method: "POST", json: { sku: "A-1" } });
    const keys = server.hits("/orders").map((h) => h.headers["idempotency-key"]);
    assert.equal(keys.length, 3);
    assert.match(String(keys[0]), /^"[0-9a-f-]{36}"$/);
    assert.ok(keys.every((k) => k === keys[0]));
    assert.ok(server.hits("/orders").every((h) => h.body === '{"sku":"A-1"}'));
    // A new logical call gets a new key.
    server.script("/orders", ok({ id: 2 }, 201));
    await api.json("/orders", { method: "POST", json: { sku: "A-1" } });
    assert.notEqual(server.hits("/orders")[0]?.headers["idempotency-key"], keys[0]);
  });

  test("the catalog's header is used; the caller opts in with honoured: true", async () => {
    const custom = defineCatalog({
      name: "custom",
      version: "1.0.0",
      idempotency: { header: "X-Request-Key" },
      errors: { BUSY: { category: "unavailable", message: "Busy" } },
    });
    server.script("/h", raw(503, ""), ok());
    await client({ catalogs: [custom] }).api.fetch("/h", { method: "POST" });
    assert.equal(server.hits("/h").length, 2);
    assert.match(String(server.hits("/h")[0]?.headers["x-request-key"]), /^"/);
    server.script("/opt-in", raw(503, ""), ok());
    await client({ idempotency: { honoured: true } }).api.fetch("/opt-in", { method: "POST" });
    assert.equal(server.hits("/opt-in").length, 2);
    assert.match(String(server.hits("/opt-in")[0]?.headers["idempotency-key"]), /^"[0-9a-f-]{36}"$/);
  });

  test("the caller's own key vouches for the call: reused on every attempt, quoted when given as an option", async () => {
    server.script("/mine", raw(503, ""), ok());
    const { api } = client();
    await api.fetch("/mine", { method: "POST", headers: { "Idempotency-Key": "order-42" } });
    assert.deepEqual(
      server.hits("/mine").map((h) => h.headers["idempotency-key"]),
      ["order-42", "order-42"],
    );
    server.script("/mine2", raw(503, ""), ok());
    await api.fetch("/mine2", { method: "POST", idempotencyKey: 'say "hi"' });
    assert.deepEqual(
      server.hits("/mine2").map((h) => h.headers["idempotency-key"]),
      ['"say \\"hi\\""', '"say \\"hi\\""'],
    );
  });

  test("idempotency: false sends no key even when the catalog declares them, and the POST runs once", async () => {
    server.script("/nokey", raw(503, ""), ok());
    const { api: keyless, giveUps } = client({ catalogs: [keyed], idempotency: false });
    await rejection(keyless.fetch("/nokey", { method: "POST" }));
    assert.equal(server.hits("/nokey").length, 1);
    assert.equal(server.hits("/nokey")[0]?.headers["idempotency-key"], undefined);
    assert.equal(giveUps[0]?.reason, "unsafe-method");
  });

  test("GET carries no key; PUT and DELETE are retried without one", async () => {
    server.script("/get", raw(503, ""), ok());
    const { api } = client({ catalogs: [keyed] });
    await api.fetch("/get");
    assert.equal(server.hits("/get").length, 2);
    assert.equal(server.hits("/get")[0]?.headers["idempotency-key"], undefined);
    server.script("/put", raw(503, ""), ok());
    await api.fetch("/put", { method: "PUT" });
    assert.equal(server.hits("/put").length, 2);
  });

  test("a write that provably never reached the server (connection refused) is retried, keyless", async () => {
    const closed = await scriptedServer();
    const url = closed.url;
    await closed.close();
    const { api, retries, giveUps } = client({ baseUrl: url, retry: { baseDelayMs: 5, maxDelayMs: 10 } });
    const error = await rejection(api.fetch("/pay", { method: "POST", body: "x" }));
    assert.equal(error.name, "NETWORK_ERROR");
    assert.equal(error.details.reason, "ECONNREFUSED");
    assert.equal(retries.length, 2);
    assert.equal(giveUps[0]?.reason, "attempts");
  });

  test("a write whose TLS handshake failed (https to a plain-HTTP port) is retried: no request reached the server", async () => {
    server.script("/tls", ok());
    const { api, retries } = client({
      baseUrl: server.url.replace("http:", "https:"),
      retry: { baseDelayMs: 5, maxDelayMs: 10, maxAttempts: 2 },
    });
    const error = await rejection(api.fetch("/tls", { method: "POST", body: "x" }));
    assert.equal(error.details.reason, "ERR_SSL_WRONG_VERSION_NUMBER");
    assert.equal(retries.length, 1);
    assert.equal(server.hits("/tls").length, 0);
  });

  test("a write whose name does not resolve is retried; a reset one (it may have run) is not", async () => {
    const { api, retries } = client({
      baseUrl: "http://errata-test.invalid",
      retry: { baseDelayMs: 5, maxDelayMs: 10, maxAttempts: 2 },
    });
    const error = await rejection(api.fetch("/pay", { method: "POST", body: "x" }));
    assert.equal(error.name, "NETWORK_ERROR");
    assert.match(String(error.details.reason), /^E(NOTFOUND|AI_AGAIN)$/);
    assert.equal(retries.length, 1);
    server.script("/reset-pay", reset, ok());
    const { api: plain, giveUps } = client();
    await rejection(plain.fetch("/reset-pay", { method: "POST", body: "x" }));
    assert.equal(server.hits("/reset-pay").length, 1);
    assert.equal(giveUps[0]?.reason, "unsafe-method");
  });
});

describe("budget and breaker", () => {
  test("the retry budget caps the retries of all calls when the server is down", async () => {
    server.script("/down", raw(503, ""));
    const { api, giveUps } = client({ budget: { capacity: 3, ratio: 0.1 } });
    for (let i = 0; i < 10; i++) await rejection(api.fetch("/down"));
    assert.equal(server.hits("/down").length, 13);
    assert.equal(giveUps.filter((g) => g.reason === "budget").length, 9);
  });

  test("successes earn retries back", async () => {
    server.script("/fine", ok());
    const { api } = client({ budget: { capacity: 1, ratio: 0.5 } });
    server.script("/down2", raw(503, ""));
    await rejection(api.fetch("/down2"));
    assert.equal(api.budget?.tryRetry(), false);
    await api.fetch("/fine");
    await api.fetch("/fine");
    assert.equal(api.budget?.tryRetry(), true);
  });

  test("an open circuit fails fast with CIRCUIT_OPEN and no request; it closes when a probe succeeds", async () => {
    server.script("/cb", raw(503, ""));
    const changes: string[] = [];
    const { api, giveUps } = client({
      retry: false,
      breaker: { consecutive: 3, halfOpenAfter: 200 },
      onBreakerStateChange: (c) => changes.push(c.state),
    });
    for (let i = 0; i < 3; i++) await rejection(api.fetch("/cb"));
    assert.equal(api.circuit?.state, "open");
    const open = await rejection(api.fetch("/cb"));
    assert.equal(open.name, "CIRCUIT_OPEN");
    assert.ok(open.retryAfter !== undefined && open.retryAfter <= 1);
    assert.equal(server.hits("/cb").length, 3);
    assert.equal(giveUps.at(-1)?.reason, "circuit-open");
    server.script("/cb", ok());
    await new Promise((r) => setTimeout(r, 250));
    await api.fetch("/cb");
    assert.equal(api.circuit?.state, "closed");
    assert.deepEqual(changes, ["open", "half-open", "closed"]);
  });

  test("a budget whose store fails neither fails a success nor turns a failure into anything but a typed error", async () => {
    const broken = {
      tryRetry: () => Promise.reject(new Error("ECONNREFUSED redis")),
      onSuccess: () => {
        throw new Error("ECONNREFUSED redis");
      },
    };
    const { api, giveUps } = client({ budget: broken });
    server.script("/budget-ok", ok({ fine: true }));
    assert.deepEqual(await api.json("/budget-ok"), { fine: true });
    assert.equal(server.hits("/budget-ok").length, 1);
    server.script("/budget-down", raw(503, ""));
    const error = await rejection(api.fetch("/budget-down"));
    assert.equal(error.name, "HTTP_503");
    assert.equal(giveUps[0]?.reason, "budget");
  });

  test("hooks that throw change nothing", async () => {
    server.script("/hooks", raw(503, ""), ok());
    server.script("/hooks-give-up", raw(400, ""));
    const called: string[] = [];
    const boom = (hook: string) => () => {
      called.push(hook);
      throw new Error("hook bug");
    };
    const api = createClient({
      baseUrl: server.url,
      retry: { baseDelayMs: 5 },
      onRetry: boom("onRetry"),
      onGiveUp: boom("onGiveUp"),
    });
    await api.fetch("/hooks");
    assert.equal(server.hits("/hooks").length, 2);
    await assert.rejects(api.fetch("/hooks-give-up"));
    assert.deepEqual(called, ["onRetry", "onGiveUp"], "each hook ran, threw, and the calls went on");
  });
});

test("call options are checked: a bad timeout is a RangeError before any request", async () => {
  const { api } = client();
  const bad: CallOptions = { timeout: -1 };
  server.script("/x", ok());
  await assert.rejects(api.fetch("/x", bad), RangeError);
  assert.equal(server.hits("/x").length, 0);
  assert.throws(() => createClient({ deadline: Number.NaN }), RangeError);
});
