/**
 * The memory store: the default, for one process. Entries expire lazily on access
 * and in a sweep that a new entry starts when the last one is `sweepMs` old (no
 * timer: none to keep a process alive, and none where a runtime forbids one, as a
 * worker's global scope does), and each kind of
 * entry is bounded (`maxEntries`), the least recently used going first (an entry
 * used within the last maxEntries/2 insertions counts as just used). What is
 * never evicted is what would break a guarantee: an idempotency key whose run is
 * still working (its retry would run twice), a nonce still in its lifetime (it
 * could be replayed), and a rate-limit block still in force (filler keys would
 * lift it). When those alone fill the store, it refuses new ones (the guard's
 * store failure) rather than grow or forget.
 */
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

interface Run {
  /** When it was last moved to the young end of its map (the store's insertion count then). */
  seq: number;
  fingerprint: string;
  token: string;
  leaseUntil: number;
  expiresAt: number;
  response?: StoredResponse;
}

interface Expiring<T> {
  seq: number;
  value: T;
  expiresAt: number;
}

export interface MemoryStoreOptions {
  /** How often expired entries are swept, in ms (default 60 s). */
  readonly sweepMs?: number;
  /**
   * Most entries of each kind (idempotency keys, nonces, rate-limit keys), default
   * 100,000. Past it the least recently used finished key or rate-limit counter is
   * dropped; running keys and live nonces never are.
   */
  readonly maxEntries?: number;
}

/** The store refused a new entry: it is full of entries it must keep. */
export class MemoryStoreFull extends Error {
  override readonly name = "MemoryStoreFull";
}

export class MemoryStore implements GuardStore {
  readonly kind = "memory";
  readonly inProcess = true;
  readonly #runs = new Map<string, Run>();
  readonly #nonces = new Map<string, Expiring<string>>();
  readonly #limits = new Map<string, Expiring<LimitState>>();
  /** New nonces claimed per owner in the current window. */
  readonly #quotas = new Map<string, Expiring<number>>();
  readonly #max: number;
  readonly #sweepMs: number;
  /** When the next new entry sweeps the expired ones out. */
  #sweepAt = 0;
  /** Insertions and moves so far: an entry's `seq` says how young it is. */
  #seq = 0;

  constructor(options: MemoryStoreOptions = {}) {
    this.#max = options.maxEntries ?? 100_000;
    if (!Number.isInteger(this.#max) || this.#max < 1) throw new RangeError("MemoryStore: maxEntries must be ≥ 1");
    this.#sweepMs = options.sweepMs ?? 60_000;
  }

  /** Entries held now, of each kind (expired ones not yet swept included). */
  get size(): { readonly runs: number; readonly nonces: number; readonly limits: number } {
    return { runs: this.#runs.size, nonces: this.#nonces.size, limits: this.#limits.size + this.#quotas.size };
  }

  #sweepExpired(now: number): void {
    if (now < this.#sweepAt) return;
    this.#sweepAt = now + this.#sweepMs;
    for (const map of [this.#runs, this.#nonces, this.#limits, this.#quotas] as Map<string, { expiresAt: number }>[]) {
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

  /**
   * Mark an entry as just used: move it to the young end of its map, unless it is in
   * the younger half already (moving a Map entry costs a delete and a set; an entry
   * used that recently is far from eviction anyway).
   */
  #touch<T extends { seq: number }>(map: Map<string, T>, key: string, entry: T): void {
    if (this.#seq - entry.seq < this.#max / 2) return;
    entry.seq = ++this.#seq;
    map.delete(key);
    map.set(key, entry);
  }

  /**
   * Make room for one more entry: drop the least recently used one that `may` allows.
   * An entry that must be kept is never dropped for one that may go: it is moved to
   * the young end as the scan passes it, so the next scan does not look at it again.
   * Refuse only when no entry may go.
   */
  #room<T>(map: Map<string, T>, what: string, may: (entry: T) => boolean): void {
    if (map.size < this.#max) return;
    let left = map.size;
    for (const [key, entry] of map) {
      if (left-- <= 0) break;
      map.delete(key);
      if (may(entry)) return;
      map.set(key, entry);
    }
    throw new MemoryStoreFull(`MemoryStore is full: ${map.size} ${what} that must be kept (maxEntries ${this.#max})`);
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
      this.#sweepExpired(now);
      this.#room(this.#runs, "running idempotency keys", (r) => r.response !== undefined || r.leaseUntil <= now);
      this.#runs.set(key, { seq: ++this.#seq, fingerprint, token, leaseUntil: now + leaseMs, expiresAt: now + ttlMs });
      return { state: "acquired", takeover: false };
    }
    this.#touch(this.#runs, key, run);
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

  async claimNonce(nonce: string, action: string, ttlMs: number, now: number, quota?: NonceQuota): Promise<NonceClaim> {
    const seen = this.#live(this.#nonces, nonce, now);
    if (!seen) {
      this.#sweepExpired(now);
      if (quota && !this.#withinQuota(quota, ttlMs, now)) return "over";
      this.#room(this.#nonces, "live nonces", (n) => n.expiresAt <= now);
      this.#nonces.set(nonce, { seq: ++this.#seq, value: action, expiresAt: now + ttlMs });
      return "new";
    }
    return seen.value === action ? "same" : "different";
  }

  /** Count one new nonce against its owner's quota; false when the owner has none left. */
  #withinQuota(quota: NonceQuota, ttlMs: number, now: number): boolean {
    const held = this.#live(this.#quotas, quota.owner, now);
    if (held) {
      if (held.value >= quota.limit) return false;
      held.value++;
      return true;
    }
    this.#room(this.#quotas, "nonce quotas", () => true);
    this.#quotas.set(quota.owner, { seq: ++this.#seq, value: 1, expiresAt: now + ttlMs });
    return quota.limit >= 1;
  }

  async take(key: string, limits: Limits, now: number): Promise<TakeResult> {
    return this.takeNow(key, limits, now);
  }

  takeNow(key: string, limits: Limits, now: number): TakeResult {
    const entry = this.#live(this.#limits, key, now);
    const step = limitStep(entry?.value, limits, now);
    if (entry) {
      entry.value = step.state;
      entry.expiresAt = now + step.ttlMs;
      this.#touch(this.#limits, key, entry);
    } else {
      this.#sweepExpired(now);
      // A block (a caller refused for blockMs) is kept; plain counters go first.
      this.#room(this.#limits, "blocked rate-limit keys", (e) => (e.value[0] ?? 0) <= now);
      this.#limits.set(key, { seq: ++this.#seq, value: step.state, expiresAt: now + step.ttlMs });
    }
    return step.result;
  }

  /** Nothing to stop: the store holds no timer. */
  async close(): Promise<void> {}
}
