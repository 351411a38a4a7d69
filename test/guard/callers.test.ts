/**
 * Who a caller is, for the guards' counts and scopes: IPv6 addresses by their /64,
 * so that one host's many addresses share one limit.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compileCatalog } from "../../src/catalog/compile.js";
import { callerNet } from "../../src/guard/callers.js";
import { guardFetch, idempotency, rateLimit, replayGuard, setDefaultLogger } from "../../src/guard/index.js";
import type { GuardStore } from "../../src/guard/stores/contract.js";
import { MemoryStore } from "../../src/guard/stores/memory.js";
import type { Admission, GuardRequest } from "../../src/guard/types.js";

const request = (ip: string): GuardRequest => ({ method: "GET", path: "/", headers: {}, ip });

async function passed(guard: ReturnType<typeof rateLimit>, ips: readonly string[]): Promise<number> {
  let n = 0;
  for (const ip of ips) {
    const admission = (await guard.admit?.(request(ip))) as Admission;
    if (!("refusal" in admission)) n++;
  }
  return n;
}

test("1,000 addresses from one IPv6 /64 share one limit of 5; other /64s and IPv4 hosts have their own", async () => {
  const guard = rateLimit({ limit: 5, windowMs: 60_000 });
  const one64 = Array.from({ length: 1000 }, (_, i) => `2001:db8:1:2:${(i + 1).toString(16)}::${i.toString(16)}`);
  assert.equal(await passed(guard, one64), 5);
  assert.equal(await passed(guard, ["2001:db8:1:3::1"]), 1, "the next /64 is another caller");
  assert.equal(await passed(guard, ["192.0.2.1", "192.0.2.2"]), 2, "IPv4 addresses are counted apart");
  assert.equal(await passed(guard, ["::ffff:192.0.2.3"]), 1, "an IPv4-mapped address is its IPv4 address");
});

test("the prefix is configurable: 128 counts each address apart, 48 a whole site", async () => {
  const each = rateLimit({ limit: 1, windowMs: 60_000, ipv6Prefix: 128 });
  assert.equal(await passed(each, ["2001:db8::1", "2001:db8::2", "2001:db8::1"]), 2);
  const site = rateLimit({ limit: 1, windowMs: 60_000, ipv6Prefix: 48 });
  assert.equal(await passed(site, ["2001:db8:1:1::1", "2001:db8:1:ffff::1"]), 1);
  assert.throws(() => rateLimit({ limit: 1, windowMs: 1, ipv6Prefix: 0 }), RangeError);
});

test("callerNet", () => {
  assert.equal(callerNet("2001:db8:1:2:aaaa:bbbb:cccc:dddd", 64), "2001:db8:1:2::/64");
  assert.equal(callerNet("fe80::1%eth0", 64), "fe80::/64");
  assert.equal(callerNet("::ffff:10.0.0.1", 64), "10.0.0.1");
  assert.equal(callerNet("10.0.0.1", 64), "10.0.0.1");
  assert.equal(callerNet("not:an:address", 64), "not:an:address");
  assert.equal(callerNet(undefined, 64), undefined);
});

test("a request that costs more than the limit holds is refused at once with COST_OVER_LIMIT, without Retry-After", async () => {
  const guard = rateLimit({
    policies: [
      { name: "burst", limit: 100, windowMs: 1000 },
      { name: "daily", limit: 5, windowMs: 86_400_000, algorithm: "sliding" },
    ],
    cost: (r) => Number(r.query ?? 1),
  });
  const admission = (await guard.admit?.({ ...request("192.0.2.9"), query: "6" })) as Admission;
  assert.ok("refusal" in admission);
  const { status, headers, body } = admission.refusal;
  assert.equal(status, 400);
  assert.equal(headers["Retry-After"] ?? headers["retry-after"], undefined);
  const problem = JSON.parse(new TextDecoder().decode(body)) as { code: string; details: unknown; retryable: boolean };
  assert.equal(problem.code, "COST_OVER_LIMIT");
  assert.deepEqual(problem.details, { cost: 6, limit: 5, policy: "daily" });
  assert.equal(problem.retryable, false);
  // Nothing was counted: a request that fits still has the whole limit.
  assert.equal(await passed(guard, Array(5).fill("192.0.2.9")), 5);
});

describe("idempotency: whose keys", () => {
  const call = (handler: (r: Request) => Promise<Response>, headers: Record<string, string>) =>
    handler(
      new Request("http://api.test/orders", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": "k-1", ...headers },
        body: '{"amount":5}',
      }),
    );

  test("callers errata cannot tell apart are refused (GUARD_MISCONFIGURED, logged), never merged", async () => {
    let runs = 0;
    const logged: string[] = [];
    const handler = guardFetch(
      idempotency({ logger: { error: (_e, m) => logged.push(String(m)), info: () => {} } }),
      async () => {
        runs++;
        return Response.json({ ok: true }, { status: 201 });
      },
    );
    for (const headers of [{}, { Cookie: "sid=alice" }, { Cookie: "sid=bob" }] as Record<string, string>[]) {
      const res = await call(handler, headers);
      assert.equal(res.status, 500);
      assert.match(await res.text(), /GUARD_MISCONFIGURED/);
    }
    assert.equal(runs, 0);
    assert.match(logged[0] ?? "", /sessionCookie.*scope/);
  });

  test("with a named session cookie, two sessions with the same key and body each run", async () => {
    let runs = 0;
    const handler = guardFetch(idempotency({ sessionCookie: "sid" }), async () =>
      Response.json({ run: ++runs }, { status: 201 }),
    );
    assert.deepEqual(await (await call(handler, { Cookie: "theme=dark; sid=alice" })).json(), { run: 1 });
    assert.deepEqual(await (await call(handler, { Cookie: "sid=bob" })).json(), { run: 2 });
    const replay = await call(handler, { Cookie: "sid=alice" });
    assert.equal(replay.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(await replay.json(), { run: 1 });
    assert.equal((await call(handler, {})).status, 500, "no session: refused");
  });

  test("a named scope accepts anonymous callers, on the application's word", async () => {
    let runs = 0;
    const handler = guardFetch(idempotency({ scope: () => "public" }), async () =>
      Response.json({ run: ++runs }, { status: 201 }),
    );
    assert.equal((await call(handler, {})).status, 201);
    assert.equal((await call(handler, {})).headers.get("idempotent-replayed"), "true");
    assert.equal(runs, 1);
  });
});

describe("replayGuard: nonces belong to their signer, and each signer has a quota", () => {
  const signed = (handler: (r: Request) => Promise<Response>, agent: string, nonce: string, path = "/pay") =>
    handler(
      new Request(`http://api.test${path}`, {
        method: "POST",
        headers: { "X-Nonce": nonce, "X-Timestamp": String(Date.now()), "X-Api-Key": agent },
        body: "{}",
      }),
    );

  test("claiming a victim's nonce in advance does not make the victim's request a REPLAY_ATTACK", async () => {
    const handler = guardFetch(replayGuard(), async () => Response.json({ ok: true }));
    assert.equal((await signed(handler, "attacker", "n-1", "/anything")).status, 200);
    assert.equal((await signed(handler, "victim", "n-1", "/pay")).status, 200);
    const again = await signed(handler, "victim", "n-1", "/other");
    assert.equal(again.status, 401);
    assert.match(await again.text(), /REPLAY_ATTACK/);
  });

  test("one signer's flood of nonces stops at its quota; the others are untouched", async () => {
    const store = new MemoryStore({ maxEntries: 1000 });
    const handler = guardFetch(replayGuard({ store, nonceQuota: 100 }), async () => Response.json({ ok: true }));
    const statuses = new Map<number, number>();
    for (let i = 0; i < 2000; i++) {
      const { status } = await signed(handler, "flooder", `f-${i}`);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    assert.deepEqual(
      [...statuses],
      [
        [200, 100],
        [429, 1900],
      ],
    );
    for (let i = 0; i < 50; i++) assert.equal((await signed(handler, `agent-${i}`, `n-${i}`)).status, 200);
  });
});

describe("protective limits choose their store-failure mode", () => {
  const { catalog } = compileCatalog({
    name: "payments",
    version: "1.0.0",
    rateLimits: { payouts: { protective: true, description: "Protects the bank's API, billed per call." } },
    errors: {},
  });
  assert.ok(catalog);
  /** A store that has lost its connection (a dead cluster master). */
  const dead = (): GuardStore =>
    Object.assign(new MemoryStore(), {
      kind: "dead",
      inProcess: false,
      takeNow: undefined,
      take: () => Promise.reject(new Error("connection lost")),
    }) as unknown as GuardStore;

  test("a policy the catalog marks protective cannot be built without onStoreError", () => {
    assert.throws(
      () => rateLimit({ catalog, policy: "payouts", limit: 3, windowMs: 600_000 }),
      /policy "payouts" is protective in the catalog payments: say onStoreError/,
    );
    // @ts-expect-error: a protective limit must say what happens when its store is down
    assert.throws(() => rateLimit({ protective: true, limit: 3, windowMs: 600_000 }), /this limit is protective/);
    assert.doesNotThrow(() => rateLimit({ catalog, policy: "other", limit: 3, windowMs: 600_000 }));
  });

  test("closed: a dead store refuses every request (93 of 93); open: all pass, and each is counted", async () => {
    const closed = rateLimit({
      catalog,
      policy: "payouts",
      limit: 3,
      windowMs: 600_000,
      store: dead(),
      onStoreError: "closed",
    });
    assert.equal(await passed(closed, Array(93).fill("192.0.2.1")), 0);
    assert.equal(closed.failedOpen, 0);
    const logged: unknown[] = [];
    const open = rateLimit({
      protective: true,
      onStoreError: "open",
      limit: 3,
      windowMs: 600_000,
      store: dead(),
      logger: { error: (entry) => logged.push(entry), info: () => {} },
    });
    assert.equal(await passed(open, Array(93).fill("192.0.2.1")), 93);
    assert.equal(open.failedOpen, 93);
    assert.equal(logged.length, 93, "every open-failed request is logged");
  });
});

describe("one logger for every part", () => {
  const misconfigured = () =>
    guardFetch(idempotency({}), async () => Response.json({}))(
      new Request("http://api.test/orders", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": "k" },
        body: "{}",
      }),
    );

  test("a guard with no logger of its own logs to the shared default, saying what to set", async () => {
    const logged: string[] = [];
    setDefaultLogger({ error: (_e, m) => logged.push(String(m)), info: (_e, m) => logged.push(String(m)) });
    try {
      assert.equal((await misconfigured()).status, 500);
    } finally {
      setDefaultLogger(undefined);
    }
    assert.ok(
      logged.some((m) => /setup: .*set `sessionCookie`, or a `scope` function/.test(m)),
      logged.join("\n"),
    );
  });

  test("with no logger at all, a setup problem still reaches stderr, once", async () => {
    const written: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void written.push(args.join(" "));
    // A problem no other test of this process has met: a rate limit with no address and no key.
    const limited = guardFetch(rateLimit({ limit: 1, windowMs: 1000 }), () => Response.json({}));
    try {
      assert.equal((await limited(new Request("http://api.test/"))).status, 500);
      assert.equal((await limited(new Request("http://api.test/"))).status, 500);
    } finally {
      console.error = original;
    }
    assert.equal(written.filter((w) => w.includes("errata rateLimit guard: setup")).length, 1, written.join("\n"));
    assert.match(written[0] ?? "", /setDefaultLogger/);
  });
});
