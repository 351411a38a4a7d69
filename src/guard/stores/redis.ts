/**
 * The Redis store (errata/guard/redis): state shared by a fleet of servers. Every
 * operation is one Lua script, which Redis runs atomically; the rate-limit script
 * runs the same arithmetic as algorithms.ts. Keys expire through Redis's own TTLs.
 */
import { Redis, type RedisOptions } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";
import type { RetryBudgetLike, RetryBudgetOptions } from "../../client/budget.js";
import type { Logger } from "../../server/respond.js";
import type { BeginResult, GuardStore, LimitPolicy, LimitResult, StoredResponse } from "./contract.js";

const BEGIN = `
local r = redis.call('HMGET', KEYS[1], 'fp', 'token', 'lease', 'resp')
local now = tonumber(ARGV[5])
if not r[1] then
  redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'token', ARGV[2], 'lease', now + tonumber(ARGV[3]))
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return {'acquired', '0'}
end
if r[1] ~= ARGV[1] then return {'mismatch'} end
if r[4] then return {'done', r[4]} end
if tonumber(r[3]) > now then return {'running'} end
redis.call('HSET', KEYS[1], 'token', ARGV[2], 'lease', now + tonumber(ARGV[3]))
return {'acquired', '1'}`;

const RENEW = `
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] or redis.call('HEXISTS', KEYS[1], 'resp') == 1 then return 0 end
redis.call('HSET', KEYS[1], 'lease', tonumber(ARGV[3]) + tonumber(ARGV[2]))
return 1`;

const COMPLETE = `
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] or redis.call('HEXISTS', KEYS[1], 'resp') == 1 then return 0 end
redis.call('HSET', KEYS[1], 'resp', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

const RELEASE = `
if redis.call('HGET', KEYS[1], 'token') == ARGV[1] and redis.call('HEXISTS', KEYS[1], 'resp') == 0 then
  redis.call('DEL', KEYS[1])
end
return 1`;

const CLAIM = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 'new' end
if redis.call('GET', KEYS[1]) == ARGV[1] then return 'same' end
return 'different'`;

const TAKE = `
local limit, window, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local s = redis.call('HMGET', KEYS[1], 'a', 'b', 'c')
local allowed, remaining, reset, retry, ttl = 0, 0, 0, 0, window
if ARGV[4] == 'bucket' then
  local rate = limit / window
  local tokens = tonumber(s[1]) or limit
  local at = tonumber(s[2]) or now
  tokens = math.min(limit, tokens + math.max(0, now - at) * rate)
  if tokens >= 1 then allowed = 1; tokens = tokens - 1 end
  remaining = math.floor(tokens)
  reset = math.ceil((limit - tokens) / rate)
  if allowed == 0 then retry = math.ceil((1 - tokens) / rate) end
  redis.call('HSET', KEYS[1], 'a', string.format('%.17g', tokens), 'b', string.format('%.17g', now), 'c', '0')
else
  local index = math.floor(now / window)
  local w = tonumber(s[1]) or index
  local cur = tonumber(s[2]) or 0
  local prev = tonumber(s[3]) or 0
  if index == w + 1 then prev = cur; cur = 0 elseif index ~= w then prev = 0; cur = 0 end
  local elapsed = now - index * window
  local weight = 1 - elapsed / window
  if prev * weight + cur + 1 <= limit then allowed = 1; cur = cur + 1 end
  remaining = math.max(0, math.floor(limit - (prev * weight + cur)))
  reset = window - elapsed
  if allowed == 0 then
    if cur <= limit - 1 and prev > 0 then
      retry = math.max(0, window * (1 - (limit - 1 - cur) / prev) - elapsed)
    else
      local extra = 0
      if cur > 0 then extra = math.max(0, window * (1 - (limit - 1) / cur)) end
      retry = window - elapsed + extra
    end
    retry = math.ceil(retry)
  end
  ttl = 2 * window
  redis.call('HSET', KEYS[1], 'a', string.format('%.17g', index), 'b', string.format('%.17g', cur), 'c', string.format('%.17g', prev))
end
redis.call('PEXPIRE', KEYS[1], math.ceil(ttl))
return {allowed, remaining, reset, retry}`;

const BUDGET = `
local capacity = tonumber(ARGV[3])
local tokens = tonumber(redis.call('GET', KEYS[1]) or capacity)
if ARGV[1] == 'retry' then
  if tokens < 1 then return 0 end
  tokens = tokens - 1
else
  tokens = math.min(capacity, tokens + tonumber(ARGV[2]))
end
redis.call('SET', KEYS[1], string.format('%.17g', tokens))
return 1`;

const SCRIPTS = {
  errataBegin: BEGIN,
  errataRenew: RENEW,
  errataComplete: COMPLETE,
  errataRelease: RELEASE,
  errataClaim: CLAIM,
  errataTake: TAKE,
  errataBudget: BUDGET,
} as const;

type Scripted = Record<keyof typeof SCRIPTS, (key: string, ...args: (string | number)[]) => Promise<unknown>>;

export interface RedisStoreOptions {
  /** Prefix of every key errata writes (default "errata:"). */
  readonly prefix?: string;
  /**
   * Where the store says that Redis went away (once per outage, at error level) and
   * came back (info). Each refused request is also logged by its guard.
   */
  readonly logger?: Logger;
}

function quietly(run: () => void): void {
  try {
    run();
  } catch {
    // A failing logger must not break the store.
  }
}

/**
 * The Redis store, on your ioredis client or on one it opens from a URL. A client it
 * opens gets an error listener (logged once per outage); on your own client, add one.
 */
export class RedisStore implements GuardStore {
  readonly kind = "redis";
  readonly redis: Redis;
  readonly #owned: boolean;
  readonly #prefix: string;
  readonly #scripts: Scripted;

  constructor(client: Redis | string, options: RedisStoreOptions = {}) {
    // A store errata opens gives up on a command after one reconnection attempt, so that while
    // Redis is away the guards fail open or closed quickly (they also time out every call).
    const fast: RedisOptions = { maxRetriesPerRequest: 1, connectTimeout: 2000 };
    this.#owned = typeof client === "string";
    this.redis = typeof client === "string" ? new Redis(client, fast) : client;
    // Without a listener, ioredis prints "Unhandled error event" for every failed reconnection.
    if (this.#owned) {
      let down = false;
      this.redis.on("error", (error: unknown) => {
        if (down) return;
        down = true;
        quietly(() => options.logger?.error({ err: error, store: "redis" }, "errata RedisStore: Redis is unavailable"));
      });
      this.redis.on("ready", () => {
        if (!down) return;
        down = false;
        quietly(() => options.logger?.info({ store: "redis" }, "errata RedisStore: Redis is back"));
      });
    }
    this.#prefix = options.prefix ?? "errata:";
    for (const [name, lua] of Object.entries(SCRIPTS)) this.redis.defineCommand(name, { numberOfKeys: 1, lua });
    this.#scripts = this.redis as unknown as Scripted;
  }

  async begin(
    key: string,
    fingerprint: string,
    token: string,
    leaseMs: number,
    ttlMs: number,
    now: number,
  ): Promise<BeginResult> {
    const [state, value] = (await this.#scripts.errataBegin(
      `${this.#prefix}run:${key}`,
      fingerprint,
      token,
      leaseMs,
      Math.ceil(ttlMs),
      now,
    )) as [string, string?];
    if (state === "acquired") return { state, takeover: value === "1" };
    if (state === "done") return { state, response: JSON.parse(value ?? "null") as StoredResponse };
    return { state: state === "running" ? "running" : "mismatch" };
  }

  async renew(key: string, token: string, leaseMs: number, now: number): Promise<boolean> {
    return (await this.#scripts.errataRenew(`${this.#prefix}run:${key}`, token, leaseMs, now)) === 1;
  }

  async complete(key: string, token: string, response: StoredResponse, ttlMs: number): Promise<boolean> {
    const done = await this.#scripts.errataComplete(
      `${this.#prefix}run:${key}`,
      token,
      JSON.stringify(response),
      Math.ceil(ttlMs),
    );
    return done === 1;
  }

  async release(key: string, token: string): Promise<void> {
    await this.#scripts.errataRelease(`${this.#prefix}run:${key}`, token);
  }

  async claimNonce(nonce: string, action: string, ttlMs: number): Promise<"new" | "same" | "different"> {
    return (await this.#scripts.errataClaim(`${this.#prefix}nonce:${nonce}`, action, Math.ceil(ttlMs))) as
      | "new"
      | "same"
      | "different";
  }

  async take(key: string, policy: LimitPolicy, now: number): Promise<LimitResult> {
    const [allowed, remaining, resetMs, retryAfterMs] = (await this.#scripts.errataTake(
      `${this.#prefix}limit:${key}`,
      policy.limit,
      policy.windowMs,
      now,
      policy.algorithm,
    )) as number[];
    return {
      allowed: allowed === 1,
      remaining: remaining ?? 0,
      resetMs: resetMs ?? 0,
      retryAfterMs: retryAfterMs ?? 0,
    };
  }

  /**
   * A retry budget for errata/client shared by every process on this Redis: the
   * same token bucket as the in-process one (successes earn `ratio`, a retry costs
   * one, at most `capacity`), kept under one key and changed by one script.
   */
  retryBudget(name: string, options: RetryBudgetOptions = {}): RetryBudgetLike {
    const key = `${this.#prefix}budget:${name}`;
    const ratio = options.ratio ?? 0.1;
    const capacity = options.capacity ?? 10;
    return {
      tryRetry: async () => (await this.#scripts.errataBudget(key, "retry", ratio, capacity)) === 1,
      onSuccess: async () => {
        await this.#scripts.errataBudget(key, "success", ratio, capacity);
      },
    };
  }

  async fixedWindow(limit: number, windowMs: number, prefix: string): Promise<RateLimiterRedis> {
    return new RateLimiterRedis({
      storeClient: this.redis,
      points: limit,
      duration: windowMs / 1000,
      keyPrefix: `${this.#prefix}${prefix}`,
    });
  }

  async close(): Promise<void> {
    if (this.#owned) await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
