/**
 * The SQLite store (errata/guard/sqlite): state in a file that survives a restart
 * and is shared by every process that opens it. better-sqlite3 runs each operation
 * as one IMMEDIATE transaction in WAL mode, so processes queue on the write lock
 * (busy timeout) and an operation is never interleaved with another's.
 */
import Database from "better-sqlite3";
import { RateLimiterSQLite } from "rate-limiter-flexible";
import { type LimitState, limitStep } from "./algorithms.js";
import type { BeginResult, GuardStore, LimitPolicy, LimitResult, StoredResponse } from "./contract.js";

export interface SqliteStoreOptions {
  /** Waiting for another process's write lock, in ms, before failing (default 5 s). */
  readonly busyTimeoutMs?: number;
}

interface RunRow {
  fingerprint: string;
  token: string;
  lease_until: number;
  expires_at: number;
  response: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS errata_runs (
  key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, token TEXT NOT NULL,
  lease_until INTEGER NOT NULL, expires_at INTEGER NOT NULL, response TEXT
);
CREATE TABLE IF NOT EXISTS errata_nonces (nonce TEXT PRIMARY KEY, action TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS errata_limits (key TEXT PRIMARY KEY, a REAL NOT NULL, b REAL NOT NULL, c REAL NOT NULL, expires_at INTEGER NOT NULL);
`;

export class SqliteStore implements GuardStore {
  readonly kind = "sqlite";
  readonly db: Database.Database;
  readonly #begin: (key: string, fp: string, token: string, lease: number, ttl: number, now: number) => BeginResult;
  readonly #renew: (key: string, token: string, lease: number, now: number) => boolean;
  readonly #complete: (key: string, token: string, response: string, ttl: number, now: number) => boolean;
  readonly #release: (key: string, token: string) => void;
  readonly #claim: (nonce: string, action: string, ttl: number, now: number) => "new" | "same" | "different";
  readonly #take: (key: string, policy: LimitPolicy, now: number) => LimitResult;

  /** Open (or create) the store in a file; ":memory:" for a private in-memory one. */
  constructor(file: string, options: SqliteStoreOptions = {}) {
    const db = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
    this.db = db;
    if (file !== ":memory:") db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.exec(SCHEMA);

    const getRun = db.prepare<[string], RunRow>(
      "SELECT fingerprint, token, lease_until, expires_at, response FROM errata_runs WHERE key = ?",
    );
    const putRun = db.prepare(
      "INSERT OR REPLACE INTO errata_runs (key, fingerprint, token, lease_until, expires_at, response) VALUES (?, ?, ?, ?, ?, NULL)",
    );
    const takeOver = db.prepare("UPDATE errata_runs SET token = ?, lease_until = ? WHERE key = ?");
    const renew = db.prepare(
      "UPDATE errata_runs SET lease_until = ? WHERE key = ? AND token = ? AND response IS NULL AND expires_at > ?",
    );
    const complete = db.prepare(
      "UPDATE errata_runs SET response = ?, expires_at = ? WHERE key = ? AND token = ? AND response IS NULL AND expires_at > ?",
    );
    const release = db.prepare("DELETE FROM errata_runs WHERE key = ? AND token = ? AND response IS NULL");
    const getNonce = db.prepare<[string], { action: string; expires_at: number }>(
      "SELECT action, expires_at FROM errata_nonces WHERE nonce = ?",
    );
    const putNonce = db.prepare("INSERT OR REPLACE INTO errata_nonces (nonce, action, expires_at) VALUES (?, ?, ?)");
    const getLimit = db.prepare<[string], { a: number; b: number; c: number; expires_at: number }>(
      "SELECT a, b, c, expires_at FROM errata_limits WHERE key = ?",
    );
    const putLimit = db.prepare(
      "INSERT OR REPLACE INTO errata_limits (key, a, b, c, expires_at) VALUES (?, ?, ?, ?, ?)",
    );

    this.#begin = db.transaction(
      (key: string, fp: string, token: string, lease: number, ttl: number, now: number): BeginResult => {
        const run = getRun.get(key);
        if (!run || run.expires_at <= now) {
          putRun.run(key, fp, token, now + lease, now + ttl);
          return { state: "acquired", takeover: false };
        }
        if (run.fingerprint !== fp) return { state: "mismatch" };
        if (run.response !== null) return { state: "done", response: JSON.parse(run.response) as StoredResponse };
        if (run.lease_until > now) return { state: "running" };
        takeOver.run(token, now + lease, key);
        return { state: "acquired", takeover: true };
      },
    ).immediate;
    this.#renew = (key, token, lease, now) => renew.run(now + lease, key, token, now).changes === 1;
    this.#complete = (key, token, response, ttl, now) =>
      complete.run(response, now + ttl, key, token, now).changes === 1;
    this.#release = (key, token) => {
      release.run(key, token);
    };
    this.#claim = db.transaction((nonce: string, action: string, ttl: number, now: number) => {
      const seen = getNonce.get(nonce);
      if (!seen || seen.expires_at <= now) {
        putNonce.run(nonce, action, now + ttl);
        return "new" as const;
      }
      return seen.action === action ? ("same" as const) : ("different" as const);
    }).immediate;
    this.#take = db.transaction((key: string, policy: LimitPolicy, now: number) => {
      const row = getLimit.get(key);
      const state: LimitState | undefined = row && row.expires_at > now ? [row.a, row.b, row.c] : undefined;
      const step = limitStep(state, policy, now);
      putLimit.run(key, step.state[0], step.state[1], step.state[2], now + step.ttlMs);
      return step.result;
    }).immediate;
  }

  async begin(key: string, fingerprint: string, token: string, leaseMs: number, ttlMs: number, now: number) {
    return this.#begin(key, fingerprint, token, leaseMs, ttlMs, now);
  }

  async renew(key: string, token: string, leaseMs: number, now: number) {
    return this.#renew(key, token, leaseMs, now);
  }

  async complete(key: string, token: string, response: StoredResponse, ttlMs: number, now: number) {
    return this.#complete(key, token, JSON.stringify(response), ttlMs, now);
  }

  async release(key: string, token: string) {
    this.#release(key, token);
  }

  async claimNonce(nonce: string, action: string, ttlMs: number, now: number) {
    return this.#claim(nonce, action, ttlMs, now);
  }

  async take(key: string, policy: LimitPolicy, now: number) {
    return this.#take(key, policy, now);
  }

  /** Remove expired rows (run it now and then; reads ignore them anyway). */
  sweep(now = Date.now()): void {
    for (const table of ["errata_runs", "errata_nonces", "errata_limits"]) {
      this.db.prepare(`DELETE FROM ${table} WHERE expires_at <= ?`).run(now);
    }
  }

  fixedWindow(limit: number, windowMs: number, prefix: string): Promise<RateLimiterSQLite> {
    // rate-limiter-flexible creates its table asynchronously and says when through the callback.
    return new Promise((resolve, reject) => {
      const limiter: RateLimiterSQLite = new RateLimiterSQLite(
        {
          storeClient: this.db,
          storeType: "better-sqlite3",
          tableName: "errata_fixed_windows",
          points: limit,
          duration: windowMs / 1000,
          keyPrefix: prefix,
        },
        (error?: Error) => (error ? reject(error) : resolve(limiter)),
      );
    });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
