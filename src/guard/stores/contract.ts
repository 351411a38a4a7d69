/**
 * The contract every guard store keeps: memory, SQLite and Redis. Each operation
 * is atomic within the store, across every process that shares it, so two servers
 * can never both acquire one idempotency key, both claim one nonce for different
 * actions, or both admit the last request of a rate limit. Times are passed in
 * (ms since the epoch), so the guards decide what "now" is and tests can move it.
 */
/** A response as stored for replay. */
export interface StoredResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body, base64. */
  readonly body: string;
}

/** What `begin` found for an idempotency key. */
export type BeginResult =
  /** This request runs: the key was free, or a crashed run's lease expired (`takeover`). */
  | { readonly state: "acquired"; readonly takeover: boolean }
  /** A request with this key and the same payload is running. */
  | { readonly state: "running" }
  /** A request with this key and the same payload finished: replay its response. */
  | { readonly state: "done"; readonly response: StoredResponse }
  /** The key was used for a different payload. */
  | { readonly state: "mismatch" };

/** One limit: `limit` units per `windowMs`, counted in a fixed window, a sliding window or a token bucket. */
export interface LimitPolicy {
  readonly algorithm: "fixed" | "sliding" | "bucket";
  readonly limit: number;
  readonly windowMs: number;
}

/** What one request takes: `cost` units of every policy, all or none; a refusal may block the key. */
export interface Limits {
  readonly policies: readonly LimitPolicy[];
  readonly cost: number;
  /** After a refusal, refuse the key for this long, in ms (0: no block). */
  readonly blockMs: number;
}

/** One policy after a request. */
export interface LimitResult {
  /** This policy had room for the request. */
  readonly allowed: boolean;
  /** Units left in this policy after the request. */
  readonly remaining: number;
  /** Until the policy is whole again (or its window resets), in ms. */
  readonly resetMs: number;
  /** When this policy refused: until it would have room, in ms. */
  readonly retryAfterMs: number;
}

/** The outcome of one request against the policies of a key. */
export interface TakeResult {
  /** Every policy had room and the key was not blocked: the request was counted. */
  readonly allowed: boolean;
  /** When refused: until the request could pass, in ms (the longest wait of the refusing policies, or the block). */
  readonly retryAfterMs: number;
  /** Each policy, in the order given. */
  readonly policies: readonly LimitResult[];
}

/** How many new nonces one owner (a signer) may claim per window: the nonce's lifetime. */
export interface NonceQuota {
  /** Whose nonces these are: the store counts each owner's new claims apart. */
  readonly owner: string;
  /** Most new nonces the owner may claim within one lifetime (a fixed window from its first). */
  readonly limit: number;
}

/** What claiming a nonce found: new, the same action again, a different one, or the owner over its quota. */
export type NonceClaim = "new" | "same" | "different" | "over";

export interface GuardStore {
  /** "memory", "sqlite" or "redis". */
  readonly kind: string;
  /** True when every call settles without I/O (the memory store): the guards then skip their store timeout. */
  readonly inProcess?: boolean;
  /**
   * Start a request under an idempotency key: take the key with a lease held by
   * `token`, unless a live run holds it, a finished run stored its response, or
   * the key belongs to another payload. A lapsed lease is taken over.
   */
  begin(
    key: string,
    fingerprint: string,
    token: string,
    leaseMs: number,
    ttlMs: number,
    now: number,
  ): Promise<BeginResult>;
  /** Extend a lease the token still holds; false when it lost the key. */
  renew(key: string, token: string, leaseMs: number, now: number): Promise<boolean>;
  /** Store the response of the run the token holds; false when it lost the key. */
  complete(key: string, token: string, response: StoredResponse, ttlMs: number, now: number): Promise<boolean>;
  /** Give the key up (the run failed before a response): a retry may run. */
  release(key: string, token: string): Promise<void>;
  /**
   * Record a nonce with the action it signs: new, the same action again, or a different
   * one. With a quota, a new nonce also counts against its owner's, in the same atomic
   * step, and is refused ("over", nothing recorded) past it.
   */
  claimNonce(nonce: string, action: string, ttlMs: number, now: number, quota?: NonceQuota): Promise<NonceClaim>;
  /** Count one request against every policy of a key, atomically. */
  take(key: string, limits: Limits, now: number): Promise<TakeResult>;
  /**
   * The same count, answered at once: offered by a store that does no I/O (memory),
   * so that a rate limit on it decides without waiting a turn of the event loop.
   */
  takeNow?(key: string, limits: Limits, now: number): TakeResult;
  close(): Promise<void>;
}
