/**
 * What a Redis restart does to idempotency keys in flight, measured on a
 * redis-server of the test's own. Without persistence, the keys are lost: the 20
 * retries sent after the restart run again, and now it shows: the first runs'
 * responses say `Idempotency-Stored: false`, `onConflict` hears of each, and the
 * store logs the restart. With an append-only file written on every command
 * (appendonly yes, appendfsync always), a killed Redis comes back holding every
 * key, and nothing runs twice. The README's advice rests on this test.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { guardFetch, idempotency } from "../../src/guard/index.js";
import { RedisStore } from "../../src/guard/stores/redis.js";

const KEYS = 20;

function redisServerSkip(): string | undefined {
  if (spawnSync("redis-server", ["--version"]).status === 0) return undefined;
  if (process.env.ERRATA_REQUIRE_REDIS === "1") throw new Error("ERRATA_REQUIRE_REDIS=1 but redis-server is missing");
  return "Redis restart tests skipped: no redis-server on PATH (.ci/run installs it)";
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startRedis(port: number, dir: string, aof: boolean): Promise<ChildProcess> {
  const args = ["--bind", "127.0.0.1", "--port", String(port), "--dir", dir, "--save", ""];
  args.push(...(aof ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"]));
  const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Ready to accept connections")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
  child.removeAllListeners("exit");
  return child;
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function scenario(aof: boolean) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "errata-redis-restart-"));
  let redis = await startRedis(port, dir, aof);
  const logged: string[] = [];
  const logger = { error: (_: unknown, m: string) => logged.push(m), warn() {}, info() {} };
  const store = new RedisStore(`redis://127.0.0.1:${port}`, { logger });
  const conflicts: string[] = [];
  let runs = 0;
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const handler = guardFetch(
    idempotency({
      scope: () => "one-caller",
      store,
      leaseMs: 30_000,
      onConflict: ({ key }) => conflicts.push(key),
      logger,
    }),
    async (request) => {
      runs++;
      if (request.headers.get("x-first") === "1") await held;
      return Response.json({ run: runs }, { status: 201 });
    },
  );
  const post = (i: number, first: boolean) =>
    handler(
      new Request("http://x/orders", {
        method: "POST",
        headers: { "Idempotency-Key": `"key-${i}"`, "X-First": first ? "1" : "0" },
        body: `{"order":${i}}`,
      }),
    );
  try {
    await until(async () => (await store.redis.ping()) === "PONG");
    const firsts = Array.from({ length: KEYS }, (_, i) => post(i, true));
    await until(async () => runs === KEYS);
    await kill(redis);
    redis = await startRedis(port, dir, aof);
    await until(async () => (await store.redis.ping()) === "PONG");
    const retries = await Promise.all(Array.from({ length: KEYS }, (_, i) => post(i, false)));
    release();
    const done = await Promise.all(firsts);
    return {
      runs,
      retryStatuses: retries.map((r) => r.status),
      notStored: done.filter((r) => r.headers.get("idempotency-stored") === "false").length,
      conflicts: conflicts.length,
      restartLogged: logged.some((m) => m.includes("restarted without an append-only file")),
      startLogged: logged.some((m) => m.includes("this Redis has no append-only file")),
    };
  } finally {
    await store.close();
    await kill(redis);
  }
}

test("Redis without persistence: keys in flight are lost, their retries run again, and it shows", {
  skip: redisServerSkip(),
}, async () => {
  const r = await scenario(false);
  assert.equal(r.runs, 2 * KEYS);
  assert.deepEqual(new Set(r.retryStatuses), new Set([201]));
  assert.equal(r.notStored, KEYS);
  assert.equal(r.conflicts, KEYS);
  assert.equal(r.restartLogged, true);
  assert.equal(r.startLogged, true, "the missing append-only file is said at start, before anything is lost");
});

test("Redis with appendonly yes, appendfsync always: a killed Redis comes back with every key; nothing runs twice", {
  skip: redisServerSkip(),
}, async () => {
  const r = await scenario(true);
  assert.equal(r.runs, KEYS);
  assert.deepEqual(new Set(r.retryStatuses), new Set([409]));
  assert.equal(r.notStored, 0);
  assert.equal(r.conflicts, 0);
  assert.equal(r.restartLogged, false);
  assert.equal(r.startLogged, false);
});
