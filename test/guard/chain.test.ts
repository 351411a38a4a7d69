/**
 * Several gates in one guard list (a rate limit and the replay guard, say) decide in
 * order: the first refusal answers, and a request they all let through carries every
 * gate's headers, a later gate's winning a name both set. Written for the mutants a
 * StrykerJS run found uncovered (docs/testing.md).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { type Guard, guardFetch, MemoryStore, rateLimit, replayGuard } from "../../src/guard/index.js";

/** A gate that lets everything through with these headers. */
const stamping = (headers: Record<string, string>): Guard => ({
  name: "stamp",
  admit: () => ({ headers }),
  handle: (_r, next) => next(),
});

test("gates in order: the first refusal answers; through all, every gate's headers, the later's winning", async () => {
  const store = new MemoryStore();
  const limited = rateLimit({ store, limit: 1, windowMs: 60_000, key: () => "one" });
  const replay = replayGuard({ store, caller: () => "signer" });
  const handle = guardFetch(
    [stamping({ "X-First": "1", "X-Both": "first" }), limited, stamping({ "X-Both": "last" }), replay],
    () => new Response("ran"),
  );
  const signed = (nonce: string) =>
    new Request("http://api.local/", { headers: { "X-Nonce": nonce, "X-Timestamp": String(Date.now()) } });
  const through = await handle(signed("n1"));
  assert.equal(await through.text(), "ran");
  assert.deepEqual([through.headers.get("x-first"), through.headers.get("x-both")], ["1", "last"]);
  assert.ok(
    through.headers.get("ratelimit-policy") ?? through.headers.get("ratelimit"),
    "the rate limit's headers too",
  );
  const limitedOut = await handle(signed("n2"));
  assert.equal(limitedOut.status, 429, "the rate limit refuses before the replay guard is asked");
  const noHeaders = guardFetch([limited, replay], () => new Response("ran"));
  const unsigned = await noHeaders(new Request("http://api.local/"));
  assert.equal(unsigned.status, 429, "a refusal by the first gate, whatever the later ones would say");
});
