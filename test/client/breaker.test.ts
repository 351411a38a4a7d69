/** The circuit breaker, on a mocked clock: consecutive and ratio based, fail-fast, half-open probes. */
import assert from "node:assert/strict";
import { afterEach, beforeEach, mock, test } from "node:test";
import { Breaker, type BreakerStateChange } from "../../src/client/breaker.js";
import { ownErrors } from "../../src/own/catalog.js";
import { ErrataError, isErrataError } from "../../src/runtime/ErrataError.js";

const down = () => Promise.reject(new ErrataError({ name: "SERVICE_UNAVAILABLE", message: "down", status: 503 }));
const notFound = () => Promise.reject(new ErrataError({ name: "NOT_FOUND", message: "no", status: 404 }));
const up = () => Promise.resolve("ok");
const network = () =>
  Promise.reject(ownErrors.NETWORK_ERROR({ method: "GET", url: "http://127.0.0.1/", reason: "ECONNREFUSED" }));

async function outcome(breaker: Breaker, fn: () => Promise<string>): Promise<string> {
  try {
    return await breaker.execute(fn);
  } catch (error) {
    assert.ok(isErrataError(error));
    return error.name;
  }
}

beforeEach(() => mock.timers.enable({ apis: ["Date"], now: Date.parse("2026-01-01T00:00:00Z") }));
afterEach(() => mock.timers.reset());

test("opens after N consecutive failures and fails fast with CIRCUIT_OPEN saying when it probes", async () => {
  const changes: BreakerStateChange[] = [];
  const breaker = new Breaker("https://api.test", { consecutive: 3, halfOpenAfter: 10_000 }, (c) => changes.push(c));
  assert.equal(await outcome(breaker, down), "SERVICE_UNAVAILABLE");
  assert.equal(await outcome(breaker, up), "ok");
  for (let i = 0; i < 3; i++) assert.equal(await outcome(breaker, network), "NETWORK_ERROR");
  assert.equal(breaker.state, "open");
  let called = false;
  mock.timers.tick(4000);
  try {
    await breaker.execute(async () => {
      called = true;
      return "x";
    });
    assert.fail("the circuit should be open");
  } catch (error) {
    assert.ok(isErrataError(error));
    assert.equal(error.name, "CIRCUIT_OPEN");
    assert.equal(error.status, 503);
    assert.equal(error.retryAfter, 6);
    assert.deepEqual(error.details, {
      target: "https://api.test",
      openedAt: "2026-01-01T00:00:00.000Z",
      probeAt: "2026-01-01T00:00:10.000Z",
    });
  }
  assert.equal(called, false);
  assert.deepEqual(changes, [{ state: "open", target: "https://api.test", probeAt: new Date("2026-01-01T00:00:10Z") }]);
});

test("after the break one probe goes through: success closes, failure opens again", async () => {
  const changes: string[] = [];
  const breaker = new Breaker("t", { consecutive: 2, halfOpenAfter: 5000 }, (c) => changes.push(c.state));
  await outcome(breaker, down);
  await outcome(breaker, down);
  mock.timers.tick(5000);
  assert.equal(await outcome(breaker, down), "SERVICE_UNAVAILABLE");
  assert.equal(breaker.state, "open");
  assert.equal(await outcome(breaker, up), "CIRCUIT_OPEN");
  mock.timers.tick(5000);
  assert.equal(await outcome(breaker, up), "ok");
  assert.equal(breaker.state, "closed");
  assert.equal(breaker.probeAt, undefined);
  assert.deepEqual(changes, ["open", "half-open", "open", "half-open", "closed"]);
});

test("answers that show a healthy server (4xx, 501) never open the circuit; a 4xx probe closes it", async () => {
  const breaker = new Breaker("t", { consecutive: 2, halfOpenAfter: 1000 });
  for (let i = 0; i < 10; i++) await outcome(breaker, notFound);
  assert.equal(breaker.state, "closed");
  await outcome(breaker, down);
  await outcome(breaker, down);
  mock.timers.tick(1000);
  assert.equal(await outcome(breaker, notFound), "NOT_FOUND");
  assert.equal(breaker.state, "closed");
});

test("ratio based: opens when the share of failures in the window passes the threshold", async () => {
  const breaker = new Breaker("t", { ratio: 0.5, windowMs: 10_000, minimumRps: 1, halfOpenAfter: 1000 });
  // 20 calls in 2 s, 30% failing: stays closed.
  for (let i = 0; i < 20; i++) {
    await outcome(breaker, i % 10 < 3 ? down : up);
    mock.timers.tick(100);
  }
  assert.equal(breaker.state, "closed");
  // Then 60% failures, never more than two in a row (a consecutive breaker would stay closed): opens.
  for (let i = 0; i < 60 && breaker.state === "closed"; i++) {
    await outcome(breaker, [0, 2, 3].includes(i % 5) ? down : up);
    mock.timers.tick(100);
  }
  assert.equal(breaker.state, "open");
});

test("a failing state listener does not break the circuit", async () => {
  const breaker = new Breaker("t", { consecutive: 1, halfOpenAfter: 1000 }, () => {
    throw new Error("listener bug");
  });
  assert.equal(await outcome(breaker, down), "SERVICE_UNAVAILABLE");
  assert.equal(await outcome(breaker, up), "CIRCUIT_OPEN");
});
