/** Reading rate-limit headers (throttle.ts) and telling a failure that never sent the request (neverSent.ts). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { neverSent } from "../../src/client/neverSent.js";
import { exhaustedFor, Throttle } from "../../src/client/throttle.js";

const h = (init: Record<string, string>) => new Headers(init);

test("the IETF RateLimit field: r=0 with t is a wait; several policies wait for the longest exhausted one", () => {
  assert.equal(exhaustedFor(h({ RateLimit: '"default";r=0;t=30' })), 30);
  assert.equal(exhaustedFor(h({ RateLimit: '"default";r=5;t=30' })), undefined);
  assert.equal(exhaustedFor(h({ RateLimit: '"second";r=0;t=1, "day";r=0;t=3600' })), 3600);
  assert.equal(exhaustedFor(h({ RateLimit: '"second";r=3;t=1, "day";r=0;t=60' })), 60);
});

test("the earlier drafts' fields and the legacy X-RateLimit-* ones, a reset as a delay or an epoch time", () => {
  assert.equal(exhaustedFor(h({ RateLimit: "limit=100, remaining=0, reset=30" })), 30);
  assert.equal(exhaustedFor(h({ "RateLimit-Remaining": "0", "RateLimit-Reset": "12" })), 12);
  assert.equal(exhaustedFor(h({ "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "7" })), 7);
  const now = 1_800_000_000_000;
  assert.equal(exhaustedFor(h({ "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1800000042" }), now), 42);
  assert.equal(exhaustedFor(h({ "X-RateLimit-Remaining": "3", "X-RateLimit-Reset": "7" })), undefined);
});

test("garbage is no signal: nothing waits on it", () => {
  for (const value of ['"x";r=zero;t=5', '"x";r=0;t=-5', "", "remaining=0"])
    assert.equal(exhaustedFor(h({ RateLimit: value })), undefined, value);
  assert.equal(exhaustedFor(h({ "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "soon" })), undefined);
});

test("the throttle remembers each origin apart, and forgets once the window passed or room is reported", () => {
  const t = new Throttle();
  t.observe("http://a", h({ RateLimit: '"d";r=0;t=2' }), 1000);
  assert.equal(t.delayFor("http://a", 1500), 1500);
  assert.equal(t.delayFor("http://b", 1500), 0);
  assert.equal(t.delayFor("http://a", 3000), 0);
  t.observe("http://a", h({ RateLimit: '"d";r=0;t=2' }), 4000);
  t.observe("http://a", h({ RateLimit: '"d";r=9;t=2' }), 4100);
  assert.equal(t.delayFor("http://a", 4200), 0);
});

test("never sent: refused, unreachable, unresolved and TLS handshake failures; a reset or an opaque failure is not", () => {
  const failed = (code: string) =>
    Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });
  for (const code of ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "CERT_HAS_EXPIRED", "ERR_TLS_CERT_ALTNAME_INVALID"])
    assert.equal(neverSent(failed(code)), true, code);
  for (const code of ["ECONNRESET", "UND_ERR_SOCKET", "EPIPE", "UND_ERR_HEADERS_TIMEOUT"])
    assert.equal(neverSent(failed(code)), false, code);
  assert.equal(neverSent(new TypeError("Failed to fetch")), false);
  assert.equal(neverSent("weird"), false);
  // Happy eyeballs: every address must have been refused.
  const all = Object.assign(new AggregateError([{ code: "ECONNREFUSED" }, { code: "ECONNREFUSED" }]), {
    code: "ECONNREFUSED",
  });
  const some = Object.assign(new AggregateError([{ code: "ECONNREFUSED" }, { code: "ECONNRESET" }]), {
    code: "ECONNREFUSED",
  });
  assert.equal(neverSent(new TypeError("fetch failed", { cause: all })), true);
  assert.equal(neverSent(new TypeError("fetch failed", { cause: some })), false);
});
