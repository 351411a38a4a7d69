/**
 * The retry decision for one failed attempt, from the catalog and HTTP semantics:
 * the error's retry advice (a sub-code's or reason's own first), a `maybe` error's
 * `retry.when`, the status for errors no catalog knows, whether a repeat is safe,
 * then the delay: the server's Retry-After when it sent one (a longer one than
 * allowed gives up rather than retry early), else backoff.
 */
import type { ErrorDefinition, RetryAdvice, RetryPolicy } from "../catalog/model.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import { type BackoffOptions, fullJitter } from "./backoff.js";

/** Statuses retried by default when no catalog knows the error. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** What the caller's hook learns of a failed attempt. */
export interface RetryContext {
  /** Attempts made so far, this one included. */
  readonly attempt: number;
  readonly method: string;
  readonly url: string;
  /** The catalog's retry advice for the error, when a catalog knows it. */
  readonly advice?: RetryAdvice;
}

/** Retry settings, resolved. */
export interface RetrySettings extends BackoffOptions {
  readonly maxAttempts: number;
  readonly maxRetryAfterMs: number;
  readonly neverStatuses: ReadonlySet<number>;
  readonly shouldRetry?: (error: ErrataError, context: RetryContext) => boolean | undefined;
}

/** Why a call stopped retrying. */
export type GiveUpReason =
  | "not-retryable"
  | "attempts"
  | "unsafe-method"
  | "budget"
  | "deadline"
  | "circuit-open"
  | "aborted"
  | "retry-after-too-long"
  | "throttled";

export type Verdict =
  | { readonly retry: true; readonly delayMs: number; readonly basis: "retry-after" | "backoff" }
  | { readonly retry: false; readonly reason: GiveUpReason };

/** The advice that applies: a sub-code's, then a reason's, over the error's own. */
export function adviceFor(def: ErrorDefinition, subcode?: string, reason?: string): RetryAdvice {
  const why = reason === undefined ? undefined : def.reasons.find((r) => r.name === reason)?.retry;
  const sub = subcode === undefined ? undefined : def.subcodes.find((s) => s.name === subcode)?.retry;
  return why ?? sub ?? def.retry;
}

/** True when the error's details hold one of the listed values of every `when` field. */
export function whenHolds(advice: RetryAdvice, details: Readonly<Record<string, unknown>>): boolean {
  if (!advice.when) return false;
  return Object.entries(advice.when).every(([field, values]) => values.some((v) => v === details[field]));
}

const BY_POLICY: Record<RetryPolicy, ((advice: RetryAdvice, error: ErrataError) => boolean) | boolean> = {
  never: false,
  // The transport retries these itself; a second layer would multiply the attempts.
  transport: false,
  backoff: true,
  retry_after: true,
  maybe: (advice, error) => whenHolds(advice, error.details),
};

/** Whether the error, by itself, may be retried. */
export function retryable(error: ErrataError, advice: RetryAdvice | undefined, settings: RetrySettings): boolean {
  const status = error.status ?? 0;
  if (settings.neverStatuses.has(status)) return false;
  if (!advice) return error.retryable || RETRYABLE_STATUSES.has(status);
  const rule = BY_POLICY[advice.policy];
  return typeof rule === "boolean" ? rule : rule(advice, error);
}

/** Decide whether and when to retry after a failed attempt. */
export function decide(
  error: ErrataError,
  context: RetryContext & { readonly repeatable: boolean },
  settings: RetrySettings,
  random: () => number = Math.random,
): Verdict {
  const def = error.definition;
  const advice = def ? adviceFor(def, error.subcode, error.reason) : undefined;
  let verdict: boolean | undefined;
  try {
    verdict = settings.shouldRetry?.(error, { ...context, ...(advice ? { advice } : {}) });
  } catch {
    verdict = undefined;
  }
  if (!(typeof verdict === "boolean" ? verdict : retryable(error, advice, settings))) {
    return { retry: false, reason: "not-retryable" };
  }
  if (!context.repeatable) return { retry: false, reason: "unsafe-method" };
  const maxAttempts = Math.min(settings.maxAttempts, advice?.maxAttempts ?? Number.POSITIVE_INFINITY);
  if (context.attempt >= maxAttempts) return { retry: false, reason: "attempts" };
  // A wait longer than allowed is never shortened: retrying early would only meet the same refusal.
  if (error.retryAfter !== undefined && error.retryAfter * 1000 > settings.maxRetryAfterMs) {
    return { retry: false, reason: "retry-after-too-long" };
  }
  if (error.retryAfter !== undefined) return { retry: true, delayMs: error.retryAfter * 1000, basis: "retry-after" };
  return { retry: true, delayMs: fullJitter(context.attempt, settings, random), basis: "backoff" };
}
