/**
 * The contract every guard store keeps: memory, SQLite and Redis. Each operation
 * is atomic within the store, across every process that shares it, so two servers
 * can never both acquire one idempotency key, both claim one nonce for different
 * actions, or both admit the last request of a rate limit. Times are passed in
 * (ms since the epoch), so the guards decide what "now" is and tests can move it.
 */
import type { RateLimiterAbstract } from "rate-limiter-flexible";

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

/** A sliding-window counter or a token bucket: `limit` requests per `windowMs`. */
export interface LimitPolicy {
  readonly algorithm: "sliding" | "bucket";
  readonly limit: number;
  readonly windowMs: number;
}

/** The outcome of one request against a limit. */
export interface LimitResult {
  readonly allowed: boolean;
  /** Requests left after this one. */
  readonly remaining: number;
  /** Until the limit is whole again, in ms. */
  readonly resetMs: number;
  /** When refused: until a request would be allowed, in ms. */
  readonly retryAfterMs: number;
}

export interface GuardStore {
  /** "memory", "sqlite" or "redis". */
  readonly kind: string;
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
  /** Record a nonce with the action it signs: new, the same action again, or a different one. */
  claimNonce(nonce: string, action: string, ttlMs: number, now: number): Promise<"new" | "same" | "different">;
  /** Count one request against a sliding window or token bucket. */
  take(key: string, policy: LimitPolicy, now: number): Promise<LimitResult>;
  /** A fixed-window limiter of rate-limiter-flexible on this store, once it is ready. */
  fixedWindow(limit: number, windowMs: number, prefix: string): Promise<RateLimiterAbstract>;
  close(): Promise<void>;
}
