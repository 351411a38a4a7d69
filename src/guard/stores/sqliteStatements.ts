/**
 * The SQLite store's tables and its prepared statements: each operation of the
 * store contract is one IMMEDIATE transaction over them (runs of idempotent
 * requests, nonces with their quotas, rate-limit state).
 */
import type Database from "better-sqlite3";
import { type LimitState, limitStep } from "./algorithms.js";
import type { BeginResult, Limits, NonceClaim, NonceQuota, StoredResponse, TakeResult } from "./contract.js";

interface RunRow {
  fingerprint: string;
  token: string;
  lease_until: number;
  expires_at: number;
  response: string | null;
}

/** The store's tables, created when missing. */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS errata_runs (
  key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, token TEXT NOT NULL,
  lease_until INTEGER NOT NULL, expires_at INTEGER NOT NULL, response TEXT
);
CREATE TABLE IF NOT EXISTS errata_nonces (nonce TEXT PRIMARY KEY, action TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS errata_rate (key TEXT PRIMARY KEY, state TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS errata_nonce_quota (owner TEXT PRIMARY KEY, claimed INTEGER NOT NULL, expires_at INTEGER NOT NULL);
`;

/** The operations on idempotent runs: begin (take or join a run), renew its lease, complete it, release it. */
export function runStatements(db: Database.Database) {
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
  const begin = db.transaction(
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
  return {
    begin,
    renew: (key: string, token: string, lease: number, now: number) =>
      renew.run(now + lease, key, token, now).changes === 1,
    complete: (key: string, token: string, response: string, ttl: number, now: number) =>
      complete.run(response, now + ttl, key, token, now).changes === 1,
    release: (key: string, token: string): void => {
      release.run(key, token);
    },
  };
}

/** Claiming a nonce, within its owner's quota when it has one. */
export function nonceStatements(db: Database.Database) {
  const getNonce = db.prepare<[string], { action: string; expires_at: number }>(
    "SELECT action, expires_at FROM errata_nonces WHERE nonce = ?",
  );
  const putNonce = db.prepare("INSERT OR REPLACE INTO errata_nonces (nonce, action, expires_at) VALUES (?, ?, ?)");
  const getQuota = db.prepare<[string], { claimed: number; expires_at: number }>(
    "SELECT claimed, expires_at FROM errata_nonce_quota WHERE owner = ?",
  );
  const putQuota = db.prepare(
    "INSERT OR REPLACE INTO errata_nonce_quota (owner, claimed, expires_at) VALUES (?, ?, ?)",
  );
  const claim = db.transaction(
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
  return { claim };
}

/** Taking from a rate limit: the state read, stepped by the algorithm, and written back. */
export function limitStatement(db: Database.Database): (key: string, limits: Limits, now: number) => TakeResult {
  const getLimit = db.prepare<[string], { state: string; expires_at: number }>(
    "SELECT state, expires_at FROM errata_rate WHERE key = ?",
  );
  const putLimit = db.prepare("INSERT OR REPLACE INTO errata_rate (key, state, expires_at) VALUES (?, ?, ?)");
  return db.transaction((key: string, limits: Limits, now: number) => {
    const row = getLimit.get(key);
    const state = row && row.expires_at > now ? (JSON.parse(row.state) as LimitState) : undefined;
    const step = limitStep(state, limits, now);
    putLimit.run(key, JSON.stringify(step.state), now + step.ttlMs);
    return step.result;
  }).immediate;
}
