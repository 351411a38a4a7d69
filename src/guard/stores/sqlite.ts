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
import type {
  BeginResult,
  GuardStore,
  Limits,
  NonceClaim,
  NonceQuota,
  StoredResponse,
  TakeResult,
} from "./contract.js";
import { limitStatement, nonceStatements, runStatements, SCHEMA } from "./sqliteStatements.js";

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

    const statements = { ...runStatements(db), ...nonceStatements(db), take: limitStatement(db) };
    this.#begin = statements.begin;
    this.#renew = statements.renew;
    this.#complete = statements.complete;
    this.#release = statements.release;
    this.#claim = statements.claim;
    this.#take = statements.take;
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
