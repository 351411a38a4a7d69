/**
 * What the replay guard's refusals say, and how it behaves at its edges: each
 * refusal's details (cut to their bounds), a nonce of 255 characters and one of 256,
 * the signer's quota of new nonces, its setup checks, a caller it cannot tell, and a
 * store that fails, closed by default and open when asked, logged with the guard's
 * name. Written for the mutants a StrykerJS run left alive (docs/testing.md).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Guard } from "../../src/guard/index.js";
import { guardFetch, MemoryStore, replayGuard } from "../../src/guard/index.js";
import { parseTimestamp } from "../../src/guard/replayGuard.js";

const quietLog = () => {
  const lines: string[] = [];
  const log = (_: unknown, message: string) => void lines.push(message);
  return { lines, logger: { info: log, warn: log, error: log } };
};

async function send(guard: Guard, headers: Record<string, string>, method = "POST") {
  const response = await guardFetch(
    guard,
    () => new Response("ran"),
  )(new Request("http://api.local/pay", { method, headers, ...(method === "POST" ? { body: "{}" } : {}) }));
  const text = await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    text,
    body: text === "ran" ? undefined : JSON.parse(text),
  };
}

const signed = (nonce: string, at = Date.now()) => ({ "X-Nonce": nonce, "X-Timestamp": String(at) });

test("each refusal says what it refused, within bounds", async () => {
  const guard = replayGuard({ store: new MemoryStore(), caller: () => "signer" });
  const missing = await send(guard, { "X-Nonce": "n" });
  assert.deepEqual([missing.status, missing.body.details], [401, { headers: "X-Nonce and X-Timestamp" }]);
  const stale = String(Date.now() - 3_600_000);
  const long = `${new Date(Date.now() - 3_600_000).toISOString()}${" ".repeat(100)}x`;
  const expired = await send(guard, signed("n1", Number(stale)));
  assert.deepEqual(expired.body.details, { timestamp: stale, windowSeconds: 300 });
  const cut = await send(guard, { "X-Nonce": "n2", "X-Timestamp": long });
  assert.equal(cut.body.details.timestamp, long.slice(0, 64));
  const nonce = "r".repeat(100);
  assert.equal((await send(guard, signed(nonce))).status, 200);
  const replayed = await send(guard, signed(nonce), "PUT");
  assert.deepEqual([replayed.body.code, replayed.body.details], ["REPLAY_ATTACK", { nonce: nonce.slice(0, 64) }]);
  assert.equal((await send(guard, signed(nonce))).status, 200, "the same request again is not a replay attack");
});

test("a nonce of 255 characters is taken, one of 256 refused", async () => {
  const guard = replayGuard({ store: new MemoryStore(), caller: () => "signer" });
  assert.equal((await send(guard, signed("a".repeat(255)))).status, 200);
  assert.equal((await send(guard, signed("b".repeat(256)))).body.code, "SIGNATURE_HEADERS_MISSING");
});

test("the signer's quota of new nonces: RATE_LIMITED for the nonces' lifetime; setup refuses a quota below 1", async () => {
  const guard = replayGuard({ store: new MemoryStore(), caller: () => "signer", nonceQuota: 2, windowMs: 60_000 });
  assert.equal((await send(guard, signed("q1"))).status, 200);
  assert.equal((await send(guard, signed("q2"))).status, 200);
  const over = await send(guard, signed("q3"));
  assert.deepEqual(
    [over.status, over.retryAfter, over.body.code, over.body.details],
    [429, "120", "RATE_LIMITED", { limit: 2, window: "120s", retryAfter: 120 }],
  );
  for (const nonceQuota of [0, 1.5, -1]) assert.throws(() => replayGuard({ nonceQuota }), RangeError);
  assert.doesNotThrow(() => replayGuard({ nonceQuota: 1 }));
});

test("a caller the guard cannot tell is refused as a setup error, and logged with the guard's name", async () => {
  const { lines, logger } = quietLog();
  const guard = replayGuard({ store: new MemoryStore(), caller: () => undefined, logger });
  const refused = await send(guard, signed("c1"));
  assert.deepEqual(
    [refused.status, refused.body.code, refused.body.details],
    [500, "GUARD_MISCONFIGURED", { guard: "replayGuard" }],
  );
  assert.ok(
    lines.some((l) => l.includes("replayGuard")),
    lines.join("\n"),
  );
});

/** A store whose nonces cannot be claimed: it throws, as a store that lost its connection does. */
class BrokenStore extends MemoryStore {
  override async claimNonce(): Promise<never> {
    throw new Error("connection lost");
  }
}

test("a failing store: closed by default (STORE_UNAVAILABLE), open when asked, each logged with the guard's name", async () => {
  const closed = quietLog();
  const refused = await send(
    replayGuard({ store: new BrokenStore(), caller: () => "s", logger: closed.logger }),
    signed("s1"),
  );
  assert.deepEqual([refused.status, refused.body.code], [503, "STORE_UNAVAILABLE"]);
  assert.ok(
    closed.lines.some((l) => l.includes("replayGuard")),
    closed.lines.join("\n"),
  );
  const open = quietLog();
  const through = await send(
    replayGuard({ store: new BrokenStore(), caller: () => "s", onStoreError: "open", logger: open.logger }),
    signed("s2"),
  );
  assert.equal(through.text, "ran");
  assert.ok(
    open.lines.some((l) => l.includes("replayGuard")),
    open.lines.join("\n"),
  );
});

test("timestamps read: seconds or milliseconds (spaces around allowed), ISO 8601 only as a date and time", () => {
  assert.equal(parseTimestamp(" 1800000000 "), 1_800_000_000_000);
  assert.equal(parseTimestamp("1800000000000"), 1_800_000_000_000);
  assert.equal(parseTimestamp("2027-01-15T08:00:00Z"), Date.parse("2027-01-15T08:00:00Z"));
  for (const none of [
    "x1800000000",
    "1800000000x",
    "12345678901234567",
    "January 15, 2027",
    "2027-01-15",
    "x2027-01-15T08:00:00Z",
    "2027-13-45T99:00:00Z",
  ])
    assert.equal(parseTimestamp(none), undefined, none);
});
