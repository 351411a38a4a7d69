/**
 * The SQLite store (errata/guard/sqlite): state in a file that survives a restart
 * and is shared by every process that opens it. better-sqlite3 runs each operation
 * as one IMMEDIATE transaction in WAL mode, so an operation is never interleaved
 * with another's.
 *
 * better-sqlite3 is synchronous: while it waits for another process's write lock,
 * the whole event loop waits. So the store never lets SQLite wait: its busy
 * timeout is zero, and a busy database is tried again later, on a timer, with
 * growing pauses, until `waitMs`; then the operation fails (the guard answers
 * STORE_UNAVAILABLE). The server keeps answering every other request.
 */
import Database from "better-sqlite3";
import { type LimitState, limitStep } from "./algorithms.js";
import type {
  BeginResult,
  GuardStore,
  Limits,
  NonceClaim,
  NonceQuota,
  StoredResponse,
  TakeResult,
} from "./contract.js";

export interface SqliteStoreOptions {
  /**
   * How long an operation waits for another process's write lock, in ms, before it
   * fails (default 1.5 s, under the guards' 2 s store timeout, so that an operation
   * the guard gave up on is not done later). The event loop is never blocked for it.
   */
  readonly waitMs?: number;
  /** How long SQLite itself may block while a lock is busy, in ms, before the store tries again on a timer (default 0: never). */
  readonly busyTimeoutMs?: number;
}

/** The pause before trying a busy database again: 2, 4, 8 … ms, at most 50 ms. */
const PAUSE_MS = [2, 4, 8, 16, 32, 50] as const;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED" || code === "SQLITE_BUSY_SNAPSHOT";
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
CREATE TABLE IF NOT EXISTS errata_rate (key TEXT PRIMARY KEY, state TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS errata_nonce_quota (owner TEXT PRIMARY KEY, claimed INTEGER NOT NULL, expires_at INTEGER NOT NULL);
`;

export class SqliteStore implements GuardStore {
  readonly kind = "sqlite";
  readonly db: Database.Database;
  readonly #begin: (key: string, fp: string, token: string, lease: number, ttl: number, now: number) => BeginResult;
  readonly #renew: (key: string, token: string, lease: number, now: number) => boolean;
  readonly #complete: (key: string, token: string, response: string, ttl: number, now: number) => boolean;
  readonly #release: (key: string, token: string) => void;
  readonly #claim: (nonce: string, action: string, ttl: number, now: number, quota?: NonceQuota) => NonceClaim;
  readonly #take: (key: string, limits: Limits, now: number) => TakeResult;
  readonly #waitMs: number;
  /** Set while the database is locked by another process: settles when a probe gets through, or gives up. */
  #locked: Promise<void> | undefined;

  /** Open (or create) the store in a file; ":memory:" for a private in-memory one. */
  constructor(file: string, options: SqliteStoreOptions = {}) {
    // Opening may wait for a lock as long as it must (the server is not serving yet); operations may not.
    const db = new Database(file, { timeout: 10_000 });
    this.db = db;
    this.#waitMs = options.waitMs ?? 1500;
    if (file !== ":memory:") db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.exec(SCHEMA);
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 0))}`);

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
    const getLimit = db.prepare<[string], { state: string; expires_at: number }>(
      "SELECT state, expires_at FROM errata_rate WHERE key = ?",
    );
    const putLimit = db.prepare("INSERT OR REPLACE INTO errata_rate (key, state, expires_at) VALUES (?, ?, ?)");

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
    const getQuota = db.prepare<[string], { claimed: number; expires_at: number }>(
      "SELECT claimed, expires_at FROM errata_nonce_quota WHERE owner = ?",
    );
    const putQuota = db.prepare(
      "INSERT OR REPLACE INTO errata_nonce_quota (owner, claimed, expires_at) VALUES (?, ?, ?)",
    );
    this.#claim = db.transaction(
      (nonce: string, action: string, ttl: number, now: number, quota?: NonceQuota): NonceClaim => {
        const seen = getNonce.get(nonce);
        if (seen && seen.expires_at > now) return seen.action === action ? "same" : "different";
        if (quota) {
          const held = getQuota.get(quota.owner);
          const live = held && held.expires_at > now;
          const claimed = live ? held.claimed : 0;
          if (claimed >= quota.limit) return "over";
          putQuota.run(quota.owner, claimed + 1, live ? held.expires_at : now + ttl);
        }
        putNonce.run(nonce, action, now + ttl);
        return "new";
      },
    ).immediate;
    this.#take = db.transaction((key: string, limits: Limits, now: number) => {
      const row = getLimit.get(key);
      const state = row && row.expires_at > now ? (JSON.parse(row.state) as LimitState) : undefined;
      const step = limitStep(state, limits, now);
      putLimit.run(key, JSON.stringify(step.state), now + step.ttlMs);
      return step.result;
    }).immediate;
  }

  /**
   * Run an operation. When the database is locked, one operation probes it again on
   * a timer (2, 4 … 50 ms apart) while the others wait for that probe to get
   * through, so a long lock costs a probe every 50 ms, not one per request; each
   * gives up after `waitMs`.
   */
  async #run<T>(operation: () => T): Promise<T> {
    const deadline = Date.now() + this.#waitMs;
    while (this.#locked) {
      const left = deadline - Date.now();
      if (left <= 0) throw this.#stillLocked();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.#locked, new Promise((resolve) => (timer = setTimeout(resolve, left)))]);
      clearTimeout(timer);
    }
    try {
      return operation();
    } catch (error) {
      if (!isBusy(error)) throw error;
    }
    // Locked: this operation probes for every other.
    let open = () => {};
    this.#locked = new Promise<void>((resolve) => {
      open = resolve;
    });
    try {
      for (let attempt = 0; ; attempt++) {
        const pause = PAUSE_MS[Math.min(attempt, PAUSE_MS.length - 1)] as number;
        if (Date.now() + pause > deadline) throw this.#stillLocked();
        await new Promise((resolve) => setTimeout(resolve, pause));
        try {
          return operation();
        } catch (error) {
          if (!isBusy(error)) throw error;
        }
      }
    } finally {
      this.#locked = undefined;
      open();
    }
  }

  #stillLocked(): Error {
    return new Error(`errata SqliteStore: the database stayed locked for ${this.#waitMs} ms`);
  }

  begin(key: string, fingerprint: string, token: string, leaseMs: number, ttlMs: number, now: number) {
    return this.#run(() => this.#begin(key, fingerprint, token, leaseMs, ttlMs, now));
  }

  renew(key: string, token: string, leaseMs: number, now: number) {
    return this.#run(() => this.#renew(key, token, leaseMs, now));
  }

  complete(key: string, token: string, response: StoredResponse, ttlMs: number, now: number) {
    const text = JSON.stringify(response);
    return this.#run(() => this.#complete(key, token, text, ttlMs, now));
  }

  release(key: string, token: string) {
    return this.#run(() => this.#release(key, token));
  }

  claimNonce(nonce: string, action: string, ttlMs: number, now: number, quota?: NonceQuota) {
    return this.#run(() => this.#claim(nonce, action, ttlMs, now, quota));
  }

  take(key: string, limits: Limits, now: number) {
    return this.#run(() => this.#take(key, limits, now));
  }

  /** Remove expired rows (run it now and then; reads ignore them anyway). */
  sweep(now = Date.now()): Promise<void> {
    return this.#run(() => {
      for (const table of ["errata_runs", "errata_nonces", "errata_rate", "errata_nonce_quota"]) {
        this.db.prepare(`DELETE FROM ${table} WHERE expires_at <= ?`).run(now);
      }
    });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
