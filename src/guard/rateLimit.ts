/**
 * rateLimit(): requests per key (API key, agent id, IP) in a fixed window
 * (rate-limiter-flexible's limiter on the chosen store), a sliding window or a
 * token bucket (errata's, atomic in each store). Over the limit: RATE_LIMITED with
 * Retry-After and the rate-limit headers in the catalog's style; under it, the
 * response carries the same headers. A store that cannot be reached lets the
 * request through by default (fail-open) and is logged; `onStoreError: "closed"` refuses it.
 */
import type { RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import type { RateLimitHeaderStyle } from "../catalog/model.js";
import { headerValue, rateLimitHeaders } from "../wire/common.js";
import type { RateLimitState } from "../wire/types.js";
import { guardError, logStoreFailure, refuse, StoreFailure, storeCall, storeUnavailable } from "./respond.js";
import type { LimitResult } from "./stores/contract.js";
import { MemoryStore } from "./stores/memory.js";
import type { Guard, GuardOptions, GuardRequest } from "./types.js";

export interface RateLimitOptions extends GuardOptions {
  /** Requests allowed per window. */
  readonly limit: number;
  /** The window, in ms. */
  readonly windowMs: number;
  /** fixed (default), sliding (a weighted sliding-window counter) or bucket (token bucket, `limit` a burst). */
  readonly algorithm?: "fixed" | "sliding" | "bucket";
  /** Whose requests count together (default: the X-Api-Key header, else the client's address). */
  readonly key?: (request: GuardRequest) => string | undefined;
  /** Name of the policy in the IETF headers (default "default"). */
  readonly policy?: string;
  /** Header style; default the catalog's, then IETF. */
  readonly headers?: RateLimitHeaderStyle;
  /** Details of the RATE_LIMITED error, for a catalog whose message needs more (GitClaw's `action`). */
  readonly details?: (request: GuardRequest, result: LimitResult) => Record<string, unknown>;
  /** When the store is unavailable: let requests through (default) or refuse them. */
  readonly onStoreError?: "open" | "closed";
}

function isLimiterRes(value: unknown): value is RateLimiterRes {
  return typeof value === "object" && value !== null && "msBeforeNext" in value && "remainingPoints" in value;
}

function windowText(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`;
}

/** The rate-limit guard. */
export function rateLimit(options: RateLimitOptions): Guard {
  const { limit, windowMs } = options;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError("rateLimit: limit must be a whole number ≥ 1");
  if (!Number.isFinite(windowMs) || windowMs < 1) throw new RangeError("rateLimit: windowMs must be ≥ 1 ms");
  const store = options.store ?? new MemoryStore();
  const algorithm = options.algorithm ?? "fixed";
  const style = options.headers ?? options.catalog?.rateLimitHeaders ?? "ietf";
  const keyOf = options.key ?? ((r: GuardRequest) => headerValue(r.headers, "x-api-key") ?? r.ip);
  let fixed: Promise<RateLimiterAbstract> | undefined;

  async function count(key: string): Promise<LimitResult> {
    if (algorithm !== "fixed") {
      return store.take(`rl:${options.policy ?? "default"}:${key}`, { algorithm, limit, windowMs }, Date.now());
    }
    fixed ??= store.fixedWindow(limit, windowMs, `rl:${options.policy ?? "default"}`);
    const limiter = await fixed;
    try {
      const res = await limiter.consume(key);
      return { allowed: true, remaining: res.remainingPoints, resetMs: res.msBeforeNext, retryAfterMs: 0 };
    } catch (refusal) {
      // rate-limiter-flexible rejects with its result when over the limit, with an Error when the store fails.
      if (!isLimiterRes(refusal)) throw refusal;
      return { allowed: false, remaining: 0, resetMs: refusal.msBeforeNext, retryAfterMs: refusal.msBeforeNext };
    }
  }

  function state(result: LimitResult): RateLimitState {
    const resetSeconds = Math.ceil(result.resetMs / 1000);
    return {
      limit,
      remaining: result.remaining,
      reset: style === "legacy" ? Math.ceil((Date.now() + result.resetMs) / 1000) : resetSeconds,
      window: Math.ceil(windowMs / 1000),
      ...(options.policy ? { policy: options.policy } : {}),
    };
  }

  return {
    name: "rateLimit",
    async handle(request, next) {
      const key = keyOf(request) ?? "anonymous";
      let result: LimitResult;
      try {
        result = await storeCall(options, () => count(key));
      } catch (failure) {
        if (!(failure instanceof StoreFailure)) throw failure;
        const open = options.onStoreError !== "closed";
        logStoreFailure(options, "rateLimit", failure, open);
        return open ? next() : storeUnavailable("rateLimit", request, options);
      }
      if (!result.allowed) {
        const retryAfter = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
        const details = options.details?.(request, result) ?? { limit, window: windowText(windowMs), retryAfter };
        const error = guardError(options, "RATE_LIMITED", details, { retryAfter });
        return refuse(error, request, options, { rateLimit: state(result) });
      }
      const response = await next();
      const headers: Record<string, string> = {};
      rateLimitHeaders(style, state(result), headers);
      return { ...response, headers: { ...headers, ...response.headers } };
    },
  };
}
