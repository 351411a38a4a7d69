/**
 * The rate-limit arithmetic, as one pure step over a small state, so memory and
 * SQLite share it and Redis runs the same operations in Lua (redis.ts). A key may
 * have several policies (per second and per day); a request costs `cost` units of
 * each and is admitted only when every policy has room, and then it is counted in
 * all of them. A refusal counts in none, and may block the key for `blockMs`.
 *
 * - fixed: `limit` units per window, the window starting at the key's first request;
 * - sliding: the counts of this window and the last, the last weighted by how much
 *   of it still overlaps the sliding window;
 * - bucket: `limit` tokens, refilled evenly over `windowMs`.
 */
import type { LimitPolicy, LimitResult, Limits, TakeResult } from "./contract.js";

/**
 * The state of a key: `[blockedUntil, a0, b0, c0, a1, b1, c1, …]`, three numbers a
 * policy: [window start, count, 0] (fixed), [window index, count, previous count]
 * (sliding) or [tokens, last refill time, 0] (bucket).
 */
export type LimitState = readonly number[];

interface Check {
  readonly allowed: boolean;
  /** The policy's state with this request counted, and without. */
  readonly counted: readonly [number, number, number];
  readonly uncounted: readonly [number, number, number];
  readonly remaining: number;
  readonly remainingUncounted: number;
  readonly resetMs: number;
  readonly retryAfterMs: number;
  readonly ttlMs: number;
}

function fixed(a: number | undefined, b: number | undefined, p: LimitPolicy, cost: number, now: number): Check {
  let start = a ?? now;
  let count = b ?? 0;
  if (now >= start + p.windowMs) {
    start = now;
    count = 0;
  }
  const allowed = count + cost <= p.limit;
  const resetMs = start + p.windowMs - now;
  return {
    allowed,
    counted: [start, count + cost, 0],
    uncounted: [start, count, 0],
    remaining: Math.floor(Math.max(0, p.limit - count - cost)),
    remainingUncounted: Math.floor(Math.max(0, p.limit - count)),
    resetMs,
    retryAfterMs: allowed ? 0 : resetMs,
    ttlMs: resetMs,
  };
}

function sliding(
  a: number | undefined,
  b: number | undefined,
  c: number | undefined,
  p: LimitPolicy,
  cost: number,
  now: number,
): Check {
  const { limit, windowMs } = p;
  const index = Math.floor(now / windowMs);
  const w = a ?? index;
  let current = b ?? 0;
  let previous = c ?? 0;
  if (index === w + 1) {
    previous = current;
    current = 0;
  } else if (index !== w) {
    previous = 0;
    current = 0;
  }
  const elapsed = now - index * windowMs;
  const weight = 1 - elapsed / windowMs;
  const estimate = previous * weight + current;
  const allowed = estimate + cost <= limit;
  const room = Math.max(0, limit - cost);
  let retryAfterMs = 0;
  if (!allowed) {
    // When would the estimate leave room for this request?
    retryAfterMs = Math.ceil(
      current <= room && previous > 0
        ? Math.max(0, windowMs * (1 - (room - current) / previous) - elapsed)
        : windowMs - elapsed + (current > 0 ? Math.max(0, windowMs * (1 - room / current)) : 0),
    );
  }
  return {
    allowed,
    counted: [index, current + cost, previous],
    uncounted: [index, current, previous],
    remaining: Math.max(0, Math.floor(limit - (estimate + cost))),
    remainingUncounted: Math.max(0, Math.floor(limit - estimate)),
    resetMs: windowMs - elapsed,
    retryAfterMs,
    ttlMs: 2 * windowMs,
  };
}

function bucket(a: number | undefined, b: number | undefined, p: LimitPolicy, cost: number, now: number): Check {
  const { limit, windowMs } = p;
  const rate = limit / windowMs;
  const stored = a ?? limit;
  const at = b ?? now;
  const tokens = Math.min(limit, stored + Math.max(0, now - at) * rate);
  const allowed = tokens >= cost;
  return {
    allowed,
    counted: [tokens - cost, now, 0],
    uncounted: [tokens, now, 0],
    remaining: Math.max(0, Math.floor(tokens - cost)),
    remainingUncounted: Math.floor(tokens),
    resetMs: Math.ceil((limit - (allowed ? tokens - cost : tokens)) / rate),
    retryAfterMs: allowed ? 0 : Math.ceil((cost - tokens) / rate),
    ttlMs: windowMs,
  };
}

function check(state: LimitState | undefined, i: number, p: LimitPolicy, cost: number, now: number): Check {
  const a = state?.[1 + 3 * i];
  const b = state?.[2 + 3 * i];
  if (p.algorithm === "bucket") return bucket(a, b, p, cost, now);
  if (p.algorithm === "sliding") return sliding(a, b, state?.[3 + 3 * i], p, cost, now);
  return fixed(a, b, p, cost, now);
}

/** The outcome of one take, with the state to keep and for how long. */
export interface Step {
  readonly state: LimitState;
  readonly result: TakeResult;
  /** How long the state matters, in ms. */
  readonly ttlMs: number;
}

/** One request of `limits.cost` units against every policy of a key. */
export function limitStep(state: LimitState | undefined, limits: Limits, now: number): Step {
  const { policies, cost } = limits;
  const blockedUntil = state?.[0] ?? 0;
  const checks = policies.map((p, i) => check(state, i, p, cost, now));
  const blocked = blockedUntil > now;
  const allowed = !blocked && checks.every((c) => c.allowed);
  let retryAfterMs = allowed ? 0 : Math.max(blocked ? blockedUntil - now : 0, ...checks.map((c) => c.retryAfterMs));
  let until = blocked ? blockedUntil : 0;
  if (!allowed && !blocked && limits.blockMs > 0) {
    until = now + limits.blockMs;
    retryAfterMs = Math.max(retryAfterMs, limits.blockMs);
  }
  const next: number[] = [until];
  const results: LimitResult[] = [];
  let ttlMs = until > now ? until - now : 0;
  for (const c of checks) {
    next.push(...(allowed ? c.counted : c.uncounted));
    results.push({
      allowed: c.allowed,
      remaining: allowed ? c.remaining : c.remainingUncounted,
      resetMs: c.resetMs,
      retryAfterMs: c.retryAfterMs,
    });
    ttlMs = Math.max(ttlMs, c.ttlMs);
  }
  return { state: next, result: { allowed, retryAfterMs, policies: results }, ttlMs: Math.max(1, Math.ceil(ttlMs)) };
}
