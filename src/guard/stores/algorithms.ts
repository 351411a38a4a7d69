/**
 * The two rate-limit algorithms errata runs itself, as pure steps over a small
 * state, so memory and SQLite share them and Redis runs the same arithmetic in Lua
 * (redis.ts). Sliding window: the counts of this window and the last, the last
 * weighted by how much of it still overlaps the sliding window. Token bucket:
 * `limit` tokens, refilled evenly over `windowMs`.
 */
import type { LimitPolicy, LimitResult } from "./contract.js";

/** [window index, count in it, count in the one before] or [tokens, last refill time]. */
export type LimitState = readonly [number, number, number];

export interface Step {
  readonly state: LimitState;
  readonly result: LimitResult;
  /** How long the state matters, in ms. */
  readonly ttlMs: number;
}

function sliding(state: LimitState | undefined, { limit, windowMs }: LimitPolicy, now: number): Step {
  const index = Math.floor(now / windowMs);
  let [w, current, previous] = state ?? [index, 0, 0];
  if (index === w + 1) [previous, current] = [current, 0];
  else if (index !== w) [previous, current] = [0, 0];
  w = index;
  const elapsed = now - index * windowMs;
  const weight = 1 - elapsed / windowMs;
  const estimate = previous * weight + current;
  const allowed = estimate + 1 <= limit;
  if (allowed) current += 1;
  const after = previous * weight + current;
  let retryAfterMs = 0;
  if (!allowed) {
    // When would the estimate leave room for one more?
    retryAfterMs =
      current <= limit - 1 && previous > 0
        ? Math.max(0, windowMs * (1 - (limit - 1 - current) / previous) - elapsed)
        : windowMs - elapsed + (current > 0 ? Math.max(0, windowMs * (1 - (limit - 1) / current)) : 0);
  }
  return {
    state: [w, current, previous],
    result: {
      allowed,
      remaining: Math.max(0, Math.floor(limit - after)),
      resetMs: windowMs - elapsed,
      retryAfterMs: Math.ceil(retryAfterMs),
    },
    ttlMs: 2 * windowMs,
  };
}

function bucket(state: LimitState | undefined, { limit, windowMs }: LimitPolicy, now: number): Step {
  const rate = limit / windowMs;
  const [stored, at] = state ?? [limit, now];
  let tokens = Math.min(limit, stored + Math.max(0, now - at) * rate);
  const allowed = tokens >= 1;
  if (allowed) tokens -= 1;
  return {
    state: [tokens, now, 0],
    result: {
      allowed,
      remaining: Math.floor(tokens),
      resetMs: Math.ceil((limit - tokens) / rate),
      retryAfterMs: allowed ? 0 : Math.ceil((1 - tokens) / rate),
    },
    ttlMs: windowMs,
  };
}

/** One request against a limit. */
export function limitStep(state: LimitState | undefined, policy: LimitPolicy, now: number): Step {
  return policy.algorithm === "bucket" ? bucket(state, policy, now) : sliding(state, policy, now);
}
