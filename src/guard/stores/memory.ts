/**
 * The memory store: the default, for one process. Entries expire lazily on access
 * and in a sweep (a timer that does not keep the process alive).
 */
import { RateLimiterMemory } from "rate-limiter-flexible";
import { type LimitState, limitStep } from "./algorithms.js";
import type { BeginResult, GuardStore, LimitPolicy, LimitResult, StoredResponse } from "./contract.js";

interface Run {
  fingerprint: string;
  token: string;
  leaseUntil: number;
  expiresAt: number;
  response?: StoredResponse;
}

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

export interface MemoryStoreOptions {
  /** How often expired entries are swept, in ms (default 60 s). */
  readonly sweepMs?: number;
}

export class MemoryStore implements GuardStore {
  readonly kind = "memory";
  readonly #runs = new Map<string, Run>();
  readonly #nonces = new Map<string, Expiring<string>>();
  readonly #limits = new Map<string, Expiring<LimitState>>();
  readonly #sweep: NodeJS.Timeout;

  constructor(options: MemoryStoreOptions = {}) {
    this.#sweep = setInterval(() => this.#sweepExpired(Date.now()), options.sweepMs ?? 60_000);
    this.#sweep.unref();
  }

  #sweepExpired(now: number): void {
    for (const map of [this.#runs, this.#nonces, this.#limits] as Map<string, { expiresAt: number }>[]) {
      for (const [key, entry] of map) if (entry.expiresAt <= now) map.delete(key);
    }
  }

  #live<T extends { expiresAt: number }>(map: Map<string, T>, key: string, now: number): T | undefined {
    const entry = map.get(key);
    if (entry && entry.expiresAt <= now) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }

  async begin(
    key: string,
    fingerprint: string,
    token: string,
    leaseMs: number,
    ttlMs: number,
    now: number,
  ): Promise<BeginResult> {
    const run = this.#live(this.#runs, key, now);
    if (!run) {
      this.#runs.set(key, { fingerprint, token, leaseUntil: now + leaseMs, expiresAt: now + ttlMs });
      return { state: "acquired", takeover: false };
    }
    if (run.fingerprint !== fingerprint) return { state: "mismatch" };
    if (run.response) return { state: "done", response: run.response };
    if (run.leaseUntil > now) return { state: "running" };
    run.token = token;
    run.leaseUntil = now + leaseMs;
    return { state: "acquired", takeover: true };
  }

  async renew(key: string, token: string, leaseMs: number, now: number): Promise<boolean> {
    const run = this.#live(this.#runs, key, now);
    if (!run || run.token !== token || run.response) return false;
    run.leaseUntil = now + leaseMs;
    return true;
  }

  async complete(key: string, token: string, response: StoredResponse, ttlMs: number, now: number): Promise<boolean> {
    const run = this.#live(this.#runs, key, now);
    if (!run || run.token !== token || run.response) return false;
    run.response = response;
    run.expiresAt = now + ttlMs;
    return true;
  }

  async release(key: string, token: string): Promise<void> {
    const run = this.#runs.get(key);
    if (run && run.token === token && !run.response) this.#runs.delete(key);
  }

  async claimNonce(nonce: string, action: string, ttlMs: number, now: number): Promise<"new" | "same" | "different"> {
    const seen = this.#live(this.#nonces, nonce, now);
    if (!seen) {
      this.#nonces.set(nonce, { value: action, expiresAt: now + ttlMs });
      return "new";
    }
    return seen.value === action ? "same" : "different";
  }

  async take(key: string, policy: LimitPolicy, now: number): Promise<LimitResult> {
    const entry = this.#live(this.#limits, key, now);
    const step = limitStep(entry?.value, policy, now);
    this.#limits.set(key, { value: step.state, expiresAt: now + step.ttlMs });
    return step.result;
  }

  async fixedWindow(limit: number, windowMs: number, prefix: string): Promise<RateLimiterMemory> {
    return new RateLimiterMemory({ points: limit, duration: windowMs / 1000, keyPrefix: prefix });
  }

  async close(): Promise<void> {
    clearInterval(this.#sweep);
  }
}
