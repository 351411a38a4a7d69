/** The retry decision: catalog advice (sub-codes, reasons, maybe + when), HTTP semantics, method safety, delays. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { decide, type RetrySettings } from "../../src/client/policy.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { ErrataError } from "../../src/runtime/ErrataError.js";
import { loadBundled } from "../helpers.js";

const g = createErrors(loadBundled("gitclaw"), { stack: false });
const stt = createErrors(loadBundled("stt"), { stack: false });

const settings: RetrySettings = {
  maxAttempts: 3,
  baseMs: 100,
  maxMs: 1000,
  maxRetryAfterMs: 30_000,
  neverStatuses: new Set([400, 401, 403, 404]),
};
const ctx = { attempt: 1, method: "GET", url: "http://127.0.0.1/x", repeatable: true };
const half = () => 0.5;

function raise(factory: ((...args: never[]) => ErrataError) | undefined, ...args: unknown[]): ErrataError {
  assert.ok(factory);
  return (factory as (...a: unknown[]) => ErrataError)(...args);
}

test("Retry-After wins when the server sent one; a longer one than allowed gives up, never shortened", () => {
  const limited = raise(g.RATE_LIMITED, { action: "star" }, { retryAfter: 12 });
  assert.deepEqual(decide(limited, ctx, settings, half), { retry: true, delayMs: 12_000, basis: "retry-after" });
  const long = raise(g.RATE_LIMITED, { action: "star", retryAfter: 3600 });
  assert.deepEqual(decide(long, ctx, settings, half), { retry: false, reason: "retry-after-too-long" });
  assert.equal(long.retryAfter, 3600);
});

test("backoff errors wait a jittered delay that grows with the attempt", () => {
  const db = raise(g.DATABASE_ERROR);
  assert.deepEqual(decide(db, ctx, settings, half), { retry: true, delayMs: 50, basis: "backoff" });
  assert.deepEqual(decide(db, { ...ctx, attempt: 2 }, settings, half), { retry: true, delayMs: 100, basis: "backoff" });
});

test("never-retry advice, the never statuses and the attempt limit stop a call", () => {
  assert.deepEqual(decide(raise(g.REPO_NOT_FOUND, { repoId: "r" }), ctx, settings), {
    retry: false,
    reason: "not-retryable",
  });
  assert.deepEqual(decide(raise(g.ACCESS_DENIED), ctx, settings), { retry: false, reason: "not-retryable" });
  assert.deepEqual(decide(raise(g.DATABASE_ERROR), { ...ctx, attempt: 3 }, settings), {
    retry: false,
    reason: "attempts",
  });
});

test("a sub-code's own advice overrides its error's: STT's NONCE_REUSE is never retried", () => {
  assert.equal(decide(raise(stt.HANDSHAKE_FAILURE), ctx, settings).retry, true);
  assert.deepEqual(decide(raise(stt.HANDSHAKE_FAILURE, {}, { subcode: "NONCE_REUSE" }), ctx, settings), {
    retry: false,
    reason: "not-retryable",
  });
  assert.equal(decide(raise(stt.HANDSHAKE_FAILURE, {}, { subcode: "TIMESTAMP_EXPIRED" }), ctx, settings).retry, true);
});

test("maybe errors follow retry.when: MERGE_BLOCKED waits for pending CI, not for failed CI", () => {
  const pending = raise(g.MERGE_BLOCKED, { prId: "pr-1", approved: true, ciStatus: "pending" });
  const failed = raise(g.MERGE_BLOCKED, { prId: "pr-1", approved: true, ciStatus: "failed" });
  const unapproved = raise(g.MERGE_BLOCKED, { prId: "pr-1", approved: false, ciStatus: "pending" });
  assert.equal(decide(pending, ctx, settings).retry, true);
  assert.equal(decide(failed, ctx, settings).retry, false);
  assert.equal(decide(unapproved, ctx, settings).retry, false);
  // A maybe error without `when` is left to the caller.
  assert.equal(decide(raise(g.NON_FAST_FORWARD), ctx, settings).retry, false);
});

test("the caller's hook decides first, sees the catalog's advice, and a throwing hook changes nothing", () => {
  const seen: unknown[] = [];
  const hook: RetrySettings = {
    ...settings,
    shouldRetry: (error, context) => {
      seen.push(context.advice?.condition);
      return error.name === "NON_FAST_FORWARD";
    },
  };
  assert.equal(decide(raise(g.NON_FAST_FORWARD), ctx, hook).retry, true);
  assert.equal(decide(raise(g.DATABASE_ERROR), ctx, hook).retry, false);
  assert.equal(seen[0], "after pulling the latest changes");
  const throwing: RetrySettings = {
    ...settings,
    shouldRetry: () => {
      throw new Error("bug in a hook");
    },
  };
  assert.equal(decide(raise(g.DATABASE_ERROR), ctx, throwing).retry, true);
});

test("a method that is not safe to repeat is not retried", () => {
  assert.deepEqual(decide(raise(g.DATABASE_ERROR), { ...ctx, method: "POST", repeatable: false }, settings), {
    retry: false,
    reason: "unsafe-method",
  });
});

test("errors no catalog knows follow their status and the server's retryable flag", () => {
  const unknown = (status: number, retryable = false) =>
    new ErrataError({ name: "X", message: "x", status, retryable });
  for (const status of [408, 429, 500, 502, 503, 504]) assert.equal(decide(unknown(status), ctx, settings).retry, true);
  for (const status of [400, 401, 403, 404, 409, 422, 501]) {
    assert.equal(decide(unknown(status), ctx, settings).retry, false, String(status));
  }
  assert.equal(decide(unknown(409, true), ctx, settings).retry, true);
  assert.equal(decide(unknown(404, true), ctx, settings).retry, false);
});
