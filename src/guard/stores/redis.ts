/**
 * The Redis store (errata/guard/redis): state shared by a fleet of servers. Every
 * operation is one Lua script, which Redis runs atomically; the rate-limit script
 * runs the same arithmetic as algorithms.ts. Keys expire through Redis's own TTLs.
 */
import { Cluster, Redis, type RedisOptions } from "ioredis";
import type { RetryBudgetLike, RetryBudgetOptions } from "../../client/budget.js";
import type { Logger } from "../../server/respond.js";
import type {
  BeginResult,
  GuardStore,
  LimitResult,
  Limits,
  NonceClaim,
  NonceQuota,
  StoredResponse,
  TakeResult,
} from "./contract.js";

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

// KEYS: the nonce, its owner's quota counter (the same slot: both carry the owner as a
// hash tag). ARGV: action, ttl, the quota's limit (0: none).
const CLAIM = `
local seen = redis.call('GET', KEYS[1])
if seen then
  if seen == ARGV[1] then return 'same' end
  return 'different'
end
local limit = tonumber(ARGV[3])
if limit > 0 then
  local n = redis.call('INCR', KEYS[2])
  if n == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
  if n > limit then
    redis.call('DECR', KEYS[2])
    return 'over'
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 'new'`;

// ARGV: now, cost, blockMs, n, then n × (algorithm, limit, windowMs). One hash a key:
// 'u' (blocked until) and a<i>, b<i>, c<i> for policy i. The same steps as algorithms.ts,
// for one policy (TAKE_ONE) or several (TAKE).

// One policy's step, the arithmetic of algorithms.ts. From the policy (alg, limit, window),
// its stored state (a, b, c), now and cost, it sets ok, the state with the request
// counted (cA, cB, cC) and without (uA, uB, uC), the units remaining either way (rem,
// remU), reset, retry and t (how long the state matters).
const STEP = `
if alg == 'bucket' then
  local rate = limit / window
  local at = b or now
  local tokens = math.min(limit, (a or limit) + math.max(0, now - at) * rate)
  ok = tokens >= cost
  cA, cB, cC, uA, uB, uC = tokens - cost, now, 0, tokens, now, 0
  rem = math.max(0, math.floor(tokens - cost))
  remU = math.floor(tokens)
  if ok then
    reset = math.ceil((limit - (tokens - cost)) / rate); retry = 0
  else
    reset = math.ceil((limit - tokens) / rate); retry = math.ceil((cost - tokens) / rate)
  end
  t = window
elseif alg == 'sliding' then
  local index = math.floor(now / window)
  local w = a or index
  local cur, prev = b or 0, c or 0
  if index == w + 1 then prev = cur; cur = 0 elseif index ~= w then prev = 0; cur = 0 end
  local elapsed = now - index * window
  local weight = 1 - elapsed / window
  local estimate = prev * weight + cur
  ok = estimate + cost <= limit
  local room = math.max(0, limit - cost)
  retry = 0
  if not ok then
    if cur <= room and prev > 0 then
      retry = math.max(0, window * (1 - (room - cur) / prev) - elapsed)
    else
      local extra = 0
      if cur > 0 then extra = math.max(0, window * (1 - room / cur)) end
      retry = window - elapsed + extra
    end
    retry = math.ceil(retry)
  end
  cA, cB, cC, uA, uB, uC = index, cur + cost, prev, index, cur, prev
  rem = math.max(0, math.floor(limit - (estimate + cost)))
  remU = math.max(0, math.floor(limit - estimate))
  reset = window - elapsed
  t = 2 * window
else
  local start, count = a or now, b or 0
  if now >= start + window then start = now; count = 0 end
  ok = count + cost <= limit
  reset = start + window - now
  cA, cB, cC, uA, uB, uC = start, count + cost, 0, start, count, 0
  rem = math.floor(math.max(0, limit - count - cost))
  remU = math.floor(math.max(0, limit - count))
  if ok then retry = 0 else retry = reset end
  t = reset
end`;

// A key with one policy (the usual case): the same step and outcome as TAKE, without
// TAKE's tables, for about a quarter less of Redis's time per request.
const TAKE_ONE = `
local now, cost, block = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local alg, limit, window = ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7])
local s = redis.call('HMGET', KEYS[1], 'u', 'a1', 'b1', 'c1')
local blockedUntil = tonumber(s[1]) or 0
local a, b, c = tonumber(s[2]), tonumber(s[3]), tonumber(s[4])
local ok, cA, cB, cC, uA, uB, uC, rem, remU, reset, retry, t
${STEP}
local blocked = blockedUntil > now
local allowed = ok and not blocked
local retryAll, untilNext = 0, 0
if blocked then
  retryAll, untilNext = math.max(blockedUntil - now, retry), blockedUntil
elseif not allowed then
  retryAll = retry
  if block > 0 then untilNext = now + block; retryAll = math.max(retryAll, block) end
end
if untilNext > now then t = math.max(t, untilNext - now) end
if not allowed then cA, cB, cC, rem = uA, uB, uC, remU end
-- Only the fields that changed are written (a fixed window's count, most of the time).
local f, out = '%.17g', {}
if s[1] == false or untilNext ~= blockedUntil then out[#out + 1] = 'u'; out[#out + 1] = string.format(f, untilNext) end
if cA ~= a then out[#out + 1] = 'a1'; out[#out + 1] = string.format(f, cA) end
if cB ~= b then out[#out + 1] = 'b1'; out[#out + 1] = string.format(f, cB) end
if cC ~= c then out[#out + 1] = 'c1'; out[#out + 1] = string.format(f, cC) end
if #out > 0 then redis.call('HSET', KEYS[1], unpack(out)) end
-- The state's end in time moves only with a new window or a new block (a bucket's, with
-- every request): the expiry already set is the same instant otherwise.
if alg == 'bucket' or cA ~= a or untilNext ~= blockedUntil then
  redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil(t)))
end
return {allowed and 1 or 0, retryAll, ok and 1 or 0, rem, reset, retry}`;

const TAKE = `
local now, cost, block, n = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local fields = {'u'}
for i = 1, n do
  fields[#fields + 1] = 'a' .. i; fields[#fields + 1] = 'b' .. i; fields[#fields + 1] = 'c' .. i
end
local s = redis.call('HMGET', KEYS[1], unpack(fields))
local blockedUntil = tonumber(s[1]) or 0
local blocked = blockedUntil > now
local allowed = not blocked
local checks = {}
local ttl = 0
for i = 1, n do
  local alg, limit, window = ARGV[2 + 3 * i], tonumber(ARGV[3 + 3 * i]), tonumber(ARGV[4 + 3 * i])
  local a, b, c = tonumber(s[3 * i - 1]), tonumber(s[3 * i]), tonumber(s[3 * i + 1])
  local ok, cA, cB, cC, uA, uB, uC, rem, remU, reset, retry, t
${STEP}
  if not ok then allowed = false end
  checks[i] = {ok, cA, cB, cC, uA, uB, uC, rem, remU, reset, retry}
  ttl = math.max(ttl, t)
end
local retryAll = 0
if not allowed then
  if blocked then retryAll = blockedUntil - now end
  for i = 1, n do retryAll = math.max(retryAll, checks[i][11]) end
end
local untilNext = 0
if blocked then untilNext = blockedUntil end
if not allowed and not blocked and block > 0 then
  untilNext = now + block
  retryAll = math.max(retryAll, block)
end
if untilNext > now then ttl = math.max(ttl, untilNext - now) end
local out = {'u', string.format('%.17g', untilNext)}
local reply = {allowed and 1 or 0, retryAll}
for i = 1, n do
  local k = checks[i]
  local o, remaining = 5, k[9]
  if allowed then o, remaining = 2, k[8] end
  out[#out + 1] = 'a' .. i; out[#out + 1] = string.format('%.17g', k[o])
  out[#out + 1] = 'b' .. i; out[#out + 1] = string.format('%.17g', k[o + 1])
  out[#out + 1] = 'c' .. i; out[#out + 1] = string.format('%.17g', k[o + 2])
  reply[#reply + 1] = k[1] and 1 or 0
  reply[#reply + 1] = remaining
  reply[#reply + 1] = k[10]
  reply[#reply + 1] = k[11]
end
redis.call('HSET', KEYS[1], unpack(out))
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil(ttl)))
return reply`;

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
  errataTakeOne: TAKE_ONE,
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

/** Clients whose restarts a store already watches. */
const WATCHED = new WeakSet<Redis>();

function quietly(run: () => void): void {
  try {
    run();
  } catch {
    // A failing logger must not break the store.
  }
}

/**
 * The Redis store, on your ioredis client (a Redis or a Cluster), on one it opens
 * from a URL, or on a Redis Cluster it opens from its nodes' URLs. A client it
 * opens gets an error listener (logged once per outage); on your own client, add
 * one. Every script touches one key, so on a Cluster each runs on the one node
 * that holds it.
 */
export class RedisStore implements GuardStore {
  readonly kind = "redis";
  readonly redis: Redis | Cluster;
  readonly #owned: boolean;
  readonly #prefix: string;
  readonly #scripts: Scripted;

  constructor(client: Redis | Cluster | string | readonly string[], options: RedisStoreOptions = {}) {
    // A store errata opens gives up on a command after one reconnection attempt, so that while
    // Redis is away the guards fail open or closed quickly (they also time out every call).
    const fast: RedisOptions = { maxRetriesPerRequest: 1, connectTimeout: 2000 };
    this.#owned = typeof client === "string" || Array.isArray(client);
    this.redis =
      typeof client === "string"
        ? new Redis(client, fast)
        : Array.isArray(client)
          ? new Cluster([...client], { redisOptions: fast })
          : (client as Redis | Cluster);
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
    if (this.redis instanceof Redis) this.#watchRestarts(this.redis, options.logger);
    this.#prefix = options.prefix ?? "errata:";
    for (const [name, lua] of Object.entries(SCRIPTS))
      this.redis.defineCommand(name, { numberOfKeys: name === "errataClaim" ? 2 : 1, lua });
    this.#scripts = this.redis as unknown as Scripted;
  }

  /**
   * Say at start when Redis has no append-only file, and again when it restarted (its
   * run_id changed) without one: every idempotency key in flight was lost with it, so
   * a retry of one of those runs again. Without this, nothing would show it.
   */
  #watchRestarts(redis: Redis, logger: Logger | undefined): void {
    // One watcher a client, however many stores share it: the first store's logger says it.
    if (WATCHED.has(redis)) return;
    WATCHED.add(redis);
    let runId: string | undefined;
    redis.on("ready", () => {
      redis.info("server", "persistence").then(
        (info) => {
          const seen = /^run_id:(\S+)/m.exec(info)?.[1];
          const aof = /^aof_enabled:1/m.test(info);
          if (runId === undefined && seen !== undefined && !aof) {
            // At start: say it once, before anything is lost, rather than only after a restart.
            quietly(() =>
              logger?.error(
                { store: "redis", runId: seen, appendonly: false },
                "errata RedisStore: this Redis has no append-only file; a restart loses the idempotency keys of runs in flight, and their retries run again (set appendonly yes, appendfsync always; see the guards' production notes)",
              ),
            );
          }
          if (runId !== undefined && seen !== undefined && seen !== runId && !aof) {
            quietly(() =>
              logger?.error(
                { store: "redis", runId: seen },
                "errata RedisStore: Redis restarted without an append-only file; idempotency keys of runs in flight were lost and their retries may run again (set appendonly yes, appendfsync always)",
              ),
            );
          }
          runId = seen ?? runId;
        },
        () => {}, // Down again: the error listener says so.
      );
    });
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

  async claimNonce(
    nonce: string,
    action: string,
    ttlMs: number,
    _now: number,
    quota?: NonceQuota,
  ): Promise<NonceClaim> {
    // The owner as a hash tag: on a Cluster the nonce and its owner's counter share a slot.
    const owner = quota ? `{${quota.owner.replace(/[{}]/g, "")}}` : "";
    const key = `${this.#prefix}nonce:${owner}${nonce}`;
    const counter = quota ? `${this.#prefix}nonce-quota:${owner}` : key;
    return (await this.#scripts.errataClaim(key, counter, action, Math.ceil(ttlMs), quota?.limit ?? 0)) as NonceClaim;
  }

  async take(key: string, limits: Limits, now: number): Promise<TakeResult> {
    const args: (string | number)[] = [now, limits.cost, limits.blockMs, limits.policies.length];
    for (const p of limits.policies) args.push(p.algorithm, p.limit, p.windowMs);
    const limitKey = `${this.#prefix}limit:${key}`;
    const reply = (await (limits.policies.length === 1
      ? this.#scripts.errataTakeOne(limitKey, ...args)
      : this.#scripts.errataTake(limitKey, ...args))) as number[];
    const policies: LimitResult[] = [];
    for (let i = 2; i + 3 < reply.length + 1; i += 4) {
      policies.push({
        allowed: reply[i] === 1,
        remaining: reply[i + 1] ?? 0,
        resetMs: reply[i + 2] ?? 0,
        retryAfterMs: reply[i + 3] ?? 0,
      });
    }
    return { allowed: reply[0] === 1, retryAfterMs: reply[1] ?? 0, policies };
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

  async close(): Promise<void> {
    if (this.#owned) await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
