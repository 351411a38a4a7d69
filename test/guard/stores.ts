/**
 * The stores under test: memory, SQLite in a temporary file, Redis when
 * ERRATA_REDIS_URL names a server, and a Redis Cluster when ERRATA_REDIS_CLUSTER
 * lists its nodes' URLs (comma-separated). ERRATA_REQUIRE_REDIS=1 and
 * ERRATA_REQUIRE_REDIS_CLUSTER=1 (set by .ci/run) turn a missing one into a
 * failure instead of a skip.
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

/** The Redis Cluster's node URLs, when one is given. */
export const REDIS_CLUSTER = process.env.ERRATA_REDIS_CLUSTER?.split(",").filter((url) => url !== "");

/** Why Redis Cluster tests skip, or undefined when they run. Throws when the cluster is required but absent. */
export function clusterSkip(): string | undefined {
  if (REDIS_CLUSTER && REDIS_CLUSTER.length > 0) return undefined;
  if (process.env.ERRATA_REQUIRE_REDIS_CLUSTER === "1")
    throw new Error("ERRATA_REQUIRE_REDIS_CLUSTER=1 but ERRATA_REDIS_CLUSTER is not set");
  return "Redis Cluster tests skipped: set ERRATA_REDIS_CLUSTER=redis://127.0.0.1:<port>,… to run them (.ci/run does)";
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
  {
    kind: "redis-cluster",
    ...(clusterSkip() ? { skip: clusterSkip() } : {}),
    make: () =>
      new RedisStore(REDIS_CLUSTER ?? [], { prefix: `errata-test:${process.pid}:${++prefixes}:${Date.now()}:` }),
  },
];
