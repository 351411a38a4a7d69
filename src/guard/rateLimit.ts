/**
 * rateLimit(): requests per caller in a fixed window, a sliding window or a token
 * bucket, atomic in each store. One guard may hold several policies (per second
 * and per day): a request costs `cost` units of each and passes only when all
 * have room. Over a limit: RATE_LIMITED with Retry-After; every answer carries the
 * rate-limit headers in the catalog's style (IETF lists every policy).
 *
 * The caller is the client's address by default (adapters pass it; `trustProxy`
 * reads X-Forwarded-For behind known proxies). A header such as X-Api-Key is a key
 * only through a `key` function, which can check it: any string a client sends
 * would otherwise be a fresh budget. A request with no address and no key is a
 * setup error (GUARD_MISCONFIGURED), never one shared counter.
 *
 * A store that cannot be reached lets the request through by default (fail-open),
 * logged and counted (`failedOpen`); `onStoreError: "closed"` refuses it. A limit
 * that protects money or a paid upstream (`protective: true`, or a policy the
 * catalog's `rateLimits:` marks protective) must say which it wants: the type
 * requires it, and the guard refuses to be built without it.
 */
import proxyaddr from "proxy-addr";
import type { RateLimitHeaderStyle } from "../catalog/model.js";
import { checkOptions, type KnownOptions } from "../own/options.js";
import { headerValue, rateLimitHeaders, sfString } from "../wire/common.js";
import type { RateLimitState } from "../wire/types.js";
import { callerNet } from "./callers.js";
import { gate } from "./chain.js";
import {
  guardError,
  logGuardError,
  logStoreFailure,
  refuse,
  StoreFailure,
  storeCall,
  storeFailure,
  storeUnavailable,
} from "./respond.js";
import type { GuardStore, LimitPolicy, Limits, TakeResult } from "./stores/contract.js";
import { MemoryStore } from "./stores/memory.js";
import { type Admission, GUARD_OPTIONS, type Guard, type GuardOptions, type GuardRequest } from "./types.js";

/** A limit a request is counted against. */
export interface RateLimitPolicy {
  /** Its name in the IETF headers (printable ASCII). */
  readonly name: string;
  /** Units allowed per window: a number, or one per request (a tier, a plan). */
  readonly limit: number | ((request: GuardRequest) => number);
  /** The window, in ms (whole). */
  readonly windowMs: number;
  /** fixed (default), sliding (a weighted sliding-window counter) or bucket (token bucket, `limit` a burst). */
  readonly algorithm?: "fixed" | "sliding" | "bucket";
}

/** Who a list names: callers' keys (addresses, unless a `key` function says otherwise), or a test of the request. */
export type CallerList = readonly string[] | ((request: GuardRequest, key: string) => boolean);

interface CommonOptions extends GuardOptions {
  /**
   * Whose requests count together. Default: the client's address. Return undefined
   * to fall back to the address (an API key that fails your check, say).
   */
  readonly key?: (request: GuardRequest) => string | undefined;
  /**
   * Proxies whose X-Forwarded-For is believed, as proxy-addr takes them: a hop
   * count, addresses and CIDR ranges, "loopback", "uniquelocal", or a function.
   * Default: none, the address is the peer's.
   */
  readonly trustProxy?: number | string | readonly string[] | ((address: string, hop: number) => boolean);
  /**
   * How many leading bits of an IPv6 address name one caller (default 64): a host
   * usually holds a whole /64, so each of its addresses is the same caller. 128
   * counts each address apart. IPv4 addresses are counted each apart.
   */
  readonly ipv6Prefix?: number;
  /** Units this request costs (default 1): a whole number ≥ 0. */
  readonly cost?: (request: GuardRequest) => number;
  /** After a refusal, refuse the caller for this long, in ms (default 0: only while over the limit). */
  readonly blockMs?: number;
  /** Callers never limited. */
  readonly allow?: CallerList;
  /** Callers always refused, with CALLER_DENIED (403). */
  readonly deny?: CallerList;
  /** Header style; default the catalog's, then IETF. */
  readonly headers?: RateLimitHeaderStyle;
  /** Details of the RATE_LIMITED error, for a catalog whose message needs more (GitClaw's `action`). */
  readonly details?: (request: GuardRequest, result: TakeResult) => Record<string, unknown>;
  /** When the store is unavailable: let requests through (default) or refuse them. */
  readonly onStoreError?: "open" | "closed";
}

/** One policy, given inline. */
interface OnePolicy {
  /** Units allowed per window: a number, or one per request (a tier, a plan). */
  readonly limit: number | ((request: GuardRequest) => number);
  /** The window, in ms. */
  readonly windowMs: number;
  readonly algorithm?: "fixed" | "sliding" | "bucket";
  /** Name of the policy in the IETF headers (default "default"). */
  readonly policy?: string;
  readonly policies?: never;
}

/** Several policies, all applied. */
interface ManyPolicies {
  readonly policies: readonly [RateLimitPolicy, ...RateLimitPolicy[]];
  readonly limit?: never;
  readonly windowMs?: never;
  readonly algorithm?: never;
  readonly policy?: never;
}

/** A limit that protects money or a paid upstream: what happens when its store is down must be chosen. */
interface Protective {
  readonly protective: true;
  /** "closed" refuses requests while the store is down (what protects); "open" lets them through, on purpose. */
  readonly onStoreError: "open" | "closed";
}

interface Ordinary {
  /** The limit protects money or a paid upstream (default false; a catalog may say so per policy). */
  readonly protective?: false;
}

export type RateLimitOptions = CommonOptions & (OnePolicy | ManyPolicies) & (Protective | Ordinary);

/** The rate-limit guard, with the count of requests it let through while its store failed. */
export interface RateLimitGuard extends Guard {
  /** Requests let through unchecked because the store failed (fail-open), since the guard was made. */
  readonly failedOpen: number;
}

function windowText(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`;
}

function checkedLimit(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`rateLimit: ${what} must be a whole number ≥ 1`);
  return value;
}

function listTest(list: CallerList | undefined): ((request: GuardRequest, key: string) => boolean) | undefined {
  if (list === undefined) return undefined;
  if (typeof list === "function") return list;
  const names = new Set(list);
  return (_request, key) => names.has(key);
}

/** Refuse to build a protective limit whose store-failure mode was not chosen. */
function checkProtective(options: RateLimitOptions, policies: readonly RateLimitPolicy[]): void {
  if (options.onStoreError !== undefined) return;
  const declared = policies.find((p) => options.catalog?.rateLimits[p.name]?.protective);
  if ((options as { readonly protective?: boolean }).protective !== true && !declared) return;
  const what = declared
    ? `the policy "${declared.name}" is protective in the catalog ${options.catalog?.name}`
    : "this limit is protective";
  throw new RangeError(
    `rateLimit: ${what}: say onStoreError: "closed" (refuse while the store is down) or "open" (let requests through, on purpose)`,
  );
}

/** Every option of rateLimit(), of each form: an unknown key is refused. */
const OPTIONS = {
  ...GUARD_OPTIONS,
  key: true,
  trustProxy: true,
  ipv6Prefix: true,
  cost: true,
  blockMs: true,
  allow: true,
  deny: true,
  headers: true,
  details: true,
  onStoreError: true,
  limit: true,
  windowMs: true,
  algorithm: true,
  policy: true,
  policies: true,
  protective: true,
} as const satisfies KnownOptions<RateLimitOptions>;

/** The policies of the options (one inline, or several), checked. */
function policiesOf(options: RateLimitOptions): readonly RateLimitPolicy[] {
  const policies: readonly RateLimitPolicy[] = options.policies ?? [
    {
      name: options.policy ?? "default",
      limit: options.limit,
      windowMs: options.windowMs,
      ...(options.algorithm ? { algorithm: options.algorithm } : {}),
    },
  ];
  const names = new Set<string>();
  for (const p of policies) {
    sfString(p.name); // throws for a name the IETF headers cannot carry
    if (names.has(p.name)) throw new RangeError(`rateLimit: two policies are named ${p.name}`);
    names.add(p.name);
    if (typeof p.limit === "number") checkedLimit(p.limit, `the limit of ${p.name}`);
    if (!Number.isInteger(p.windowMs) || p.windowMs < 1)
      throw new RangeError(`rateLimit: the window of ${p.name} must be a whole number of ms ≥ 1`);
  }
  return policies;
}

/** A rate limit as configured, defaults resolved: what every request is decided by. */
interface Limiter {
  readonly options: RateLimitOptions;
  readonly policies: readonly RateLimitPolicy[];
  /** The policies with their limits, when every limit is a number (else limitsFor asks per request). */
  readonly fixedPolicies: readonly LimitPolicy[];
  readonly dynamic: boolean;
  readonly store: GuardStore;
  readonly style: RateLimitHeaderStyle;
  readonly prefix: string;
  readonly blockMs: number;
  readonly ipv6Prefix: number;
  readonly trust: ((address: string, hop: number) => boolean) | undefined;
  readonly allowed: ((request: GuardRequest, key: string) => boolean) | undefined;
  readonly denied: ((request: GuardRequest, key: string) => boolean) | undefined;
  /** Requests let through while the store failed. */
  failedOpen: number;
}

function limiterOf(options: RateLimitOptions): Limiter {
  const policies = policiesOf(options);
  const ipv6Prefix = options.ipv6Prefix ?? 64;
  if (!Number.isInteger(ipv6Prefix) || ipv6Prefix < 1 || ipv6Prefix > 128)
    throw new RangeError("rateLimit: ipv6Prefix must be a whole number from 1 to 128");
  checkProtective(options, policies);
  const blockMs = options.blockMs ?? 0;
  if (!Number.isInteger(blockMs) || blockMs < 0) throw new RangeError("rateLimit: blockMs must be a whole number ≥ 0");
  return {
    options,
    policies,
    fixedPolicies: policies.map((p) => ({
      algorithm: p.algorithm ?? "fixed",
      limit: typeof p.limit === "number" ? p.limit : 1,
      windowMs: p.windowMs,
    })),
    dynamic: policies.some((p) => typeof p.limit === "function"),
    store: options.store ?? new MemoryStore(),
    style: options.headers ?? options.catalog?.rateLimitHeaders ?? "ietf",
    prefix: `rl:${policies.map((p) => `${p.name}/${p.algorithm ?? "fixed"}/${p.windowMs}`).join("+")}:`,
    blockMs,
    ipv6Prefix,
    trust: options.trustProxy === undefined ? undefined : proxyaddr.compile(options.trustProxy as string[]),
    allowed: listTest(options.allow),
    denied: listTest(options.deny),
    failedOpen: 0,
  };
}

/** The caller's address (through trusted proxies), as its network. */
function addressOf(l: Limiter, request: GuardRequest): string | undefined {
  if (request.ip === undefined || l.trust === undefined) return callerNet(request.ip, l.ipv6Prefix);
  // proxy-addr reads a node request: the peer's address and the X-Forwarded-For header.
  const forwarded = headerValue(request.headers, "x-forwarded-for");
  return callerNet(
    proxyaddr({ socket: { remoteAddress: request.ip }, headers: { "x-forwarded-for": forwarded } } as never, l.trust),
    l.ipv6Prefix,
  );
}

function limitsFor(l: Limiter, request: GuardRequest): readonly LimitPolicy[] {
  if (!l.dynamic) return l.fixedPolicies;
  return l.policies.map((p, i) => ({
    ...(l.fixedPolicies[i] as LimitPolicy),
    limit: typeof p.limit === "number" ? p.limit : checkedLimit(p.limit(request), `the limit of ${p.name}`),
  }));
}

function states(l: Limiter, limits: readonly LimitPolicy[], result: TakeResult): RateLimitState[] {
  return limits.map((p, i) => {
    const r = result.policies[i];
    const resetMs = r?.resetMs ?? 0;
    return {
      limit: p.limit,
      remaining: r?.remaining ?? 0,
      reset: l.style === "legacy" ? Math.ceil((Date.now() + resetMs) / 1000) : Math.ceil(resetMs / 1000),
      window: Math.ceil(p.windowMs / 1000),
      policy: (l.policies[i] as RateLimitPolicy).name,
    };
  });
}

/** The store failed: let the request through (logged and counted) or refuse it, as configured. */
function storeFailed(l: Limiter, failure: StoreFailure, request: GuardRequest): Admission {
  const open = l.options.onStoreError !== "closed";
  if (open) l.failedOpen++;
  logStoreFailure(l.options, "rateLimit", failure, open);
  return open ? { headers: undefined } : { refusal: storeUnavailable("rateLimit", request, l.options) };
}

/** What a count decides: refused with RATE_LIMITED, or through with the limit's headers. */
function decided(l: Limiter, request: GuardRequest, limits: readonly LimitPolicy[], result: TakeResult): Admission {
  const { options } = l;
  if (!result.allowed) {
    const retryAfter = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
    // The policy that refused, for the error's details: the one with the longest wait.
    let worst = 0;
    result.policies.forEach((r, i) => {
      if (r.retryAfterMs > (result.policies[worst]?.retryAfterMs ?? 0)) worst = i;
    });
    const details = options.details?.(request, result) ?? {
      limit: limits[worst]?.limit,
      window: windowText(limits[worst]?.windowMs ?? 0),
      retryAfter,
    };
    const error = guardError(options, "RATE_LIMITED", details, { retryAfter });
    return { refusal: refuse(error, request, options, { rateLimit: states(l, limits, result) }) };
  }
  const headers: Record<string, string> = {};
  rateLimitHeaders(l.style, states(l, limits, result), headers);
  return { headers };
}

/** A refusal before counting: no key, a denied caller, a cost no window can hold; or the limits to count against. */
function beforeCount(
  l: Limiter,
  request: GuardRequest,
): Admission | { readonly key: string; readonly limits: readonly LimitPolicy[]; readonly cost: number } {
  const { options } = l;
  const key = options.key?.(request) ?? addressOf(l, request);
  if (key === undefined) {
    logGuardError(
      options,
      { guard: "rateLimit", problem: "no client address and no key" },
      "errata rateLimit guard: setup: the adapter gave no client address and no `key` function gave a key",
    );
    return { refusal: refuse(guardError(options, "GUARD_MISCONFIGURED", { guard: "rateLimit" }), request, options) };
  }
  if (l.denied?.(request, key)) return { refusal: refuse(guardError(options, "CALLER_DENIED", {}), request, options) };
  if (l.allowed?.(request, key)) return { headers: undefined };
  const cost = options.cost ? options.cost(request) : 1;
  if (!Number.isInteger(cost) || cost < 0) throw new RangeError("rateLimit: cost must be a whole number ≥ 0");
  const limits = limitsFor(l, request);
  const over = limits.findIndex((p) => cost > p.limit);
  if (over < 0) return { key, limits, cost };
  // It could never pass: no Retry-After, and nothing counted.
  const details = { cost, limit: limits[over]?.limit, policy: l.policies[over]?.name };
  return { refusal: refuse(guardError(options, "COST_OVER_LIMIT", details), request, options) };
}

/** The rate-limit guard. */
export function rateLimit(options: RateLimitOptions): RateLimitGuard {
  checkOptions("rateLimit", options, OPTIONS);
  const l = limiterOf(options);
  const { store } = l;
  const guard = gate("rateLimit", (request) => {
    const counted = beforeCount(l, request);
    if (!("key" in counted)) return counted;
    const { key, limits, cost } = counted;
    const take: Limits = { policies: limits, cost, blockMs: l.blockMs };
    // A store without I/O decides now: no promise, no turn of the event loop.
    if (store.takeNow) {
      let result: TakeResult;
      try {
        result = store.takeNow(l.prefix + key, take, Date.now());
      } catch (failure) {
        return storeFailed(l, storeFailure(failure), request);
      }
      return decided(l, request, limits, result);
    }
    return storeCall(options, store, () => store.take(l.prefix + key, take, Date.now())).then(
      (result) => decided(l, request, limits, result),
      (failure: unknown) => {
        if (!(failure instanceof StoreFailure)) throw failure;
        return storeFailed(l, failure, request);
      },
    );
  });
  return Object.defineProperty(guard, "failedOpen", { get: () => l.failedOpen, enumerable: true }) as RateLimitGuard;
}
