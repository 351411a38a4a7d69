/**
 * Client-side throttling (off unless asked): when a response's rate-limit headers
 * say that nothing remains, the next call to the same origin waits for the reset,
 * or fails fast with RATE_LIMITED, instead of spending a request on a sure 429.
 * Reads the IETF draft's `RateLimit: "policy";r=0;t=30` (several policies: the
 * longest wait of an exhausted one), the earlier drafts' `RateLimit-Remaining` and
 * `RateLimit-Reset`, and the legacy `X-RateLimit-Remaining` / `X-RateLimit-Reset`
 * (a delay in seconds, or an epoch time as GitHub sends it).
 */

/** What to do when the last response said the quota is spent. */
export type ThrottleMode = "wait" | "fail";

const NUMBER = /^\d+(\.\d+)?$/;
/** Above this a reset is an epoch time in seconds, not a delay (about 3 years of seconds). */
const EPOCH_FLOOR = 100_000_000;

function seconds(value: string | null | undefined): number | undefined {
  const v = value?.trim();
  return v && NUMBER.test(v) ? Number(v) : undefined;
}

/** Seconds until a reset given as a delay or an epoch time. */
function resetDelay(reset: number, now: number): number {
  return reset > EPOCH_FLOOR ? Math.max(0, reset - now / 1000) : reset;
}

/** The IETF structured field: each list member's `r` and `t` parameters. */
function ietfWait(field: string): number | undefined {
  let wait: number | undefined;
  for (const member of field.split(",")) {
    const params = new Map<string, string>();
    for (const part of member.split(";").slice(1)) {
      const [k, v] = part.split("=");
      if (k && v !== undefined) params.set(k.trim(), v.trim());
    }
    // The earlier drafts' "limit=100, remaining=0, reset=30" form has no parameters.
    const bare = member.trim().match(/^(remaining|reset)=(\d+)$/);
    if (bare) params.set(bare[1] === "remaining" ? "r" : "t", bare[2] as string);
    const r = seconds(params.get("r"));
    const t = seconds(params.get("t"));
    if (r === 0 && t !== undefined) wait = Math.max(wait ?? 0, t);
  }
  return wait;
}

/** Seconds to wait before the quota of the response's origin has room, or undefined when it has room or nothing is said. */
export function exhaustedFor(headers: Headers, now = Date.now()): number | undefined {
  const field = headers.get("ratelimit");
  if (field !== null) {
    const wait = ietfWait(field);
    if (wait !== undefined) return wait;
    // "limit=100, remaining=0, reset=30" spread over one header
    const remaining = /(?:^|,)\s*remaining=(\d+)/.exec(field)?.[1];
    const reset = /(?:^|,)\s*reset=(\d+)/.exec(field)?.[1];
    if (remaining === "0" && reset !== undefined) return Number(reset);
  }
  for (const prefix of ["ratelimit-", "x-ratelimit-"]) {
    const remaining = seconds(headers.get(`${prefix}remaining`));
    const reset = seconds(headers.get(`${prefix}reset`));
    if (remaining === 0 && reset !== undefined) return resetDelay(reset, now);
  }
  return undefined;
}

/** When each origin's quota has room again, from the last response of each. */
export class Throttle {
  readonly #until = new Map<string, number>();

  /** Note a response from `origin`. */
  observe(origin: string, headers: Headers, now = Date.now()): void {
    const wait = exhaustedFor(headers, now);
    if (wait === undefined || wait <= 0) this.#until.delete(origin);
    else this.#until.set(origin, now + wait * 1000);
  }

  /** Milliseconds before a call to `origin` may go, 0 when it may go now. */
  delayFor(origin: string, now = Date.now()): number {
    const until = this.#until.get(origin);
    if (until === undefined) return 0;
    if (until <= now) {
      this.#until.delete(origin);
      return 0;
    }
    return until - now;
  }
}
