/**
 * Exponential backoff with full jitter: the n-th retry waits a delay drawn
 * uniformly from [0, min(max, base · 2^(n-1))]. Full jitter spreads the retries of
 * many clients that failed together, so they do not hit a recovering server at once.
 */

/** The bounds of the backoff. */
export interface BackoffOptions {
  /** The ceiling of the first retry's delay, in ms. */
  readonly baseMs: number;
  /** The largest delay, in ms. */
  readonly maxMs: number;
}

/** The ceiling of the n-th retry's delay (n from 1). */
export function backoffCeiling(retry: number, options: BackoffOptions): number {
  const exponent = Math.min(Math.max(retry - 1, 0), 52);
  return Math.min(options.maxMs, options.baseMs * 2 ** exponent);
}

/** The delay before the n-th retry (n from 1), given a random number in [0, 1). */
export function fullJitter(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.round(unit * backoffCeiling(retry, options));
}
