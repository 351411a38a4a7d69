/**
 * The retry budget: one token bucket shared by every call of a client, so that
 * retries cannot multiply the load on a server that is down. Like the AWS SDKs'
 * retry quota and gRPC's retry throttling, successes earn tokens and retries spend
 * them: each successful call adds `ratio` tokens (up to `capacity`), each retry costs
 * one. When the server fails everything, nothing is earned, so after the saved
 * tokens are spent every call makes one request and no retry: in a long outage,
 * retries add at most `capacity` requests, and about `ratio` per call in a partial one.
 */

/** What the client asks of a retry budget. A shared (Redis) budget implements the same. */
export interface RetryBudgetLike {
  /** Take one token for a retry; false when the budget is spent. */
  tryRetry(): boolean | Promise<boolean>;
  /** Record a successful call. */
  onSuccess(): void | Promise<void>;
}

/** Options of the in-process retry budget. */
export interface RetryBudgetOptions {
  /** Tokens earned per successful call (default 0.1: at most one retry per ten successes). */
  readonly ratio?: number;
  /** Most tokens held, and the tokens a new client starts with (default 10). */
  readonly capacity?: number;
}

/** The in-process retry budget. */
export class RetryBudget implements RetryBudgetLike {
  readonly ratio: number;
  readonly capacity: number;
  #tokens: number;

  constructor(options: RetryBudgetOptions = {}) {
    this.ratio = positive(options.ratio, 0.1, "ratio");
    this.capacity = positive(options.capacity, 10, "capacity");
    this.#tokens = this.capacity;
  }

  /** Tokens available now. */
  get tokens(): number {
    return this.#tokens;
  }

  tryRetry(): boolean {
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  onSuccess(): void {
    this.#tokens = Math.min(this.capacity, this.#tokens + this.ratio);
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`retry budget ${name} must be a finite number ≥ 0`);
  return value;
}
