/**
 * Hostile and broken responses over real HTTP: any status, headers and body (random
 * bytes, random JSON, near-miss error shapes) leave the client with a 2xx Response
 * or a typed ErrataError, never anything else, never a hang.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { createClient } from "../../src/client/index.js";
import { isErrataError } from "../../src/runtime/ErrataError.js";
import { loadBundled } from "../helpers.js";
import { type Scripted, scriptedServer } from "./scripted.js";

let server: Scripted;
before(async () => {
  server = await scriptedServer();
});
after(() => server.close());

const token = fc.string({ unit: fc.constantFrom(..."abcXYZ019-_.:;, =/\"'"), maxLength: 40 });
const headerValue = fc.oneof(
  token,
  fc.constantFrom("0", "1", "-1", "99999999999999999999", "Wed, 21 Oct 2015 07:28:00 GMT", "soon", ""),
);
const contentType = fc.constantFrom(
  "application/json",
  "application/problem+json",
  "application/vnd.api+json",
  "application/vnd.errata.frame",
  "text/html",
  "application/octet-stream",
);
const errorish = fc.oneof(
  fc.record({ error: fc.record({ code: fc.oneof(fc.string(), fc.integer()), message: fc.anything() }) }),
  fc.record({ type: fc.string(), title: fc.anything(), status: fc.anything(), detail: fc.anything() }),
  fc.record({ errors: fc.array(fc.anything()) }),
  fc.record({ jsonrpc: fc.constant("2.0"), error: fc.record({ code: fc.integer(), message: fc.anything() }) }),
  fc.record({ code: fc.string(), error: fc.string(), details: fc.anything() }),
  fc.json().map((j) => JSON.parse(j) as unknown),
);
const body = fc.oneof(
  errorish.map((v) => Buffer.from(JSON.stringify(v) ?? "null")),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  fc.constant(Buffer.alloc(0)),
);
const response = fc.record({
  status: fc.oneof(fc.integer({ min: 200, max: 599 }), fc.constantFrom(429, 503, 500, 404, 401)),
  contentType,
  retryAfter: fc.option(headerValue),
  requestId: fc.option(headerValue),
  body,
});

test("any response becomes a 2xx Response or a typed error (400 random responses)", async () => {
  const api = createClient({
    baseUrl: server.url,
    catalogs: [loadBundled("gitclaw"), loadBundled("tracemem"), loadBundled("stt")],
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 5 },
    timeout: 2000,
  });
  await fc.assert(
    fc.asyncProperty(response, fc.constantFrom("GET", "POST"), async (r, method) => {
      server.script("/fuzz", (_req, res) => {
        const headers: Record<string, string> = { "Content-Type": r.contentType };
        if (r.retryAfter !== null) headers["Retry-After"] = r.retryAfter;
        if (r.requestId !== null) headers["X-Request-Id"] = r.requestId;
        res.writeHead(r.status, headers).end(r.body);
      });
      try {
        const res = await api.fetch("/fuzz", { method });
        await res.arrayBuffer();
        assert.ok(res.status >= 200 && res.status < 300);
      } catch (error) {
        assert.ok(isErrataError(error), `rejected with ${String(error)}`);
        assert.equal(typeof error.name, "string");
        assert.ok(Number.isInteger(error.status));
        assert.ok(r.status >= 300, `a ${r.status} was refused`);
        if (error.retryAfter !== undefined) assert.ok(Number.isFinite(error.retryAfter) && error.retryAfter >= 0);
      }
    }),
    { numRuns: 400 },
  );
});
