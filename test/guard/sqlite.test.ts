/** The SQLite store keeps its state in the file: a new process (here, a new store) finds it after a restart. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { SqliteStore } from "../../src/guard/stores/sqlite.js";
import { sqliteFile } from "./stores.js";

test("a stored response, a nonce and a limit survive closing and reopening the file", async () => {
  const file = sqliteFile();
  const now = Date.now();
  const response = { status: 201, headers: { "x-order": "7" }, body: "b2s=" };
  const first = new SqliteStore(file);
  await first.begin("key", "fp", "t1", 30_000, 60_000, now);
  assert.equal(await first.complete("key", "t1", response, 60_000, now), true);
  await first.claimNonce("n-1", "POST /star", 60_000, now);
  await first.take(
    "agent",
    { policies: [{ algorithm: "bucket", limit: 1, windowMs: 60_000 }], cost: 1, blockMs: 0 },
    now,
  );
  await first.close();

  const reopened = new SqliteStore(file);
  try {
    assert.deepEqual(await reopened.begin("key", "fp", "t2", 30_000, 60_000, now + 1), { state: "done", response });
    assert.equal(await reopened.claimNonce("n-1", "DELETE /repo", 60_000, now + 1), "different");
    assert.equal(
      (
        await reopened.take(
          "agent",
          { policies: [{ algorithm: "bucket", limit: 1, windowMs: 60_000 }], cost: 1, blockMs: 0 },
          now + 1,
        )
      ).allowed,
      false,
    );
    await reopened.sweep(now + 120_000);
    assert.equal(await reopened.claimNonce("n-1", "DELETE /repo", 60_000, now + 120_000), "new");
  } finally {
    await reopened.close();
  }
});
