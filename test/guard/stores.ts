/**
 * The stores under test: memory, SQLite in a temporary file, and Redis when
 * ERRATA_REDIS_URL names a server. ERRATA_REQUIRE_REDIS=1 (set by .ci/run) turns
 * a missing Redis into a failure instead of a skip.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GuardStore } from "../../src/guard/stores/contract.js";
import { MemoryStore } from "../../src/guard/stores/memory.js";
import { RedisStore } from "../../src/guard/stores/redis.js";
import { SqliteStore } from "../../src/guard/stores/sqlite.js";

export const REDIS_URL = process.env.ERRATA_REDIS_URL;

/** Why Redis tests skip, or undefined when they run. Throws when Redis is required but absent. */
export function redisSkip(): string | undefined {
  if (REDIS_URL) return undefined;
  if (process.env.ERRATA_REQUIRE_REDIS === "1")
    throw new Error("ERRATA_REQUIRE_REDIS=1 but ERRATA_REDIS_URL is not set");
  return "Redis tests skipped: set ERRATA_REDIS_URL=redis://127.0.0.1:<port> to run them (.ci/run does)";
}

/** A fresh SQLite file in a temporary directory. */
export function sqliteFile(): string {
  return join(mkdtempSync(join(tmpdir(), "errata-guard-")), "guard.db");
}

let prefixes = 0;

export interface StoreCase {
  readonly kind: string;
  readonly skip?: string;
  /** A fresh, empty store. */
  make(): GuardStore;
}

export const STORES: StoreCase[] = [
  { kind: "memory", make: () => new MemoryStore() },
  { kind: "sqlite", make: () => new SqliteStore(sqliteFile()) },
  {
    kind: "redis",
    ...(redisSkip() ? { skip: redisSkip() } : {}),
    make: () => new RedisStore(REDIS_URL ?? "", { prefix: `errata-test:${process.pid}:${++prefixes}:${Date.now()}:` }),
  },
];
