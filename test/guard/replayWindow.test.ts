/**
 * The replay guard's window: a timestamp within 5 minutes of now, before or after,
 * is accepted in each form a client sends (epoch seconds, epoch milliseconds, ISO
 * 8601); one 6 minutes away on either side is SIGNATURE_EXPIRED. A guard that
 * accepted any future time, or refused every ISO timestamp, fails here.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { guardFetch, MemoryStore, replayGuard } from "../../src/guard/index.js";

const MINUTE = 60_000;
const FORMS: Record<string, (ms: number) => string> = {
  seconds: (ms) => String(Math.floor(ms / 1000)),
  milliseconds: (ms) => String(ms),
  "ISO 8601": (ms) => new Date(ms).toISOString(),
};

test("within 5 minutes either way is accepted, 6 minutes either way is expired, in every form", async () => {
  const handle = guardFetch(
    replayGuard({ store: new MemoryStore(), caller: () => "one signer" }),
    () => new Response("ok"),
  );
  let n = 0;
  const send = async (stamp: string) => {
    const response = await handle(
      new Request("http://api.local/pay", { headers: { "X-Nonce": `n${n++}`, "X-Timestamp": stamp } }),
    );
    const text = await response.text();
    return response.status === 200
      ? "accepted"
      : /SIGNATURE_EXPIRED/.test(text)
        ? "expired"
        : `${response.status} ${text}`;
  };
  const seen: Record<string, string[]> = {};
  for (const [form, write] of Object.entries(FORMS)) {
    const now = Date.now();
    seen[form] = [];
    for (const offset of [-6, -4, 0, 4, 6]) seen[form]?.push(await send(write(now + offset * MINUTE)));
  }
  const expected = ["expired", "accepted", "accepted", "accepted", "expired"];
  assert.deepEqual(seen, { seconds: expected, milliseconds: expected, "ISO 8601": expected });
  assert.equal(await send("yesterday"), "expired", "a timestamp that is none is refused too");
});

test("windowMs sets the bound", async () => {
  const handle = guardFetch(
    replayGuard({ store: new MemoryStore(), caller: () => "one signer", windowMs: MINUTE }),
    () => new Response("ok"),
  );
  const stamp = (ms: number) =>
    new Request("http://api.local/", { headers: { "X-Nonce": String(ms), "X-Timestamp": String(ms) } });
  assert.equal((await handle(stamp(Date.now() - 30_000))).status, 200);
  assert.equal((await handle(stamp(Date.now() - 90_000))).status, 401);
});
