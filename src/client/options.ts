/**
 * The client's options, events and call types, and the settings they resolve to
 * once, when a client is made: every default is decided here, so the stages that
 * run a call read plain values.
 */

import type { Catalog } from "../catalog/model.js";
import { canonicalLocale } from "../catalog/names.js";
import { checkOptions, type KnownOptions } from "../own/options.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import type { DefinedCatalog } from "../runtime/types.js";
import { DEFAULT_MAX_BYTES } from "../wire/codec.js";
import { Breaker, type BreakerOptions, type BreakerState, type BreakerStateChange } from "./breaker.js";
import { RetryBudget, type RetryBudgetLike, type RetryBudgetOptions } from "./budget.js";
import { type DeprecatedEvent, deprecationNotes } from "./deprecation.js";
import { IDEMPOTENCY_HEADER, type KeyPolicy } from "./idempotency.js";
import { randomId } from "./platform.js";
import type { GiveUpReason, RetryContext, RetrySettings } from "./policy.js";
import type { RedirectOptions } from "./redirects.js";
import { Throttle, type ThrottleMode } from "./throttle.js";

/** A catalog the client resolves error codes against: a loaded model or a `defineCatalog` result. */
export type CatalogSource = Catalog | DefinedCatalog<object>;

/** Retry settings. */
export interface RetryOptions {
  /** Attempts per call, the first included (default 3). A catalog's `maxAttempts` can lower it. */
  readonly maxAttempts?: number;
  /** Ceiling of the first backoff delay, in ms (default 200); it doubles per retry. */
  readonly baseDelayMs?: number;
  /** Largest backoff delay, in ms (default 20 s). */
  readonly maxDelayMs?: number;
  /**
   * Longest wait a Retry-After can impose, in ms (default 60 s). A longer one is
   * never shortened: the call gives up at once (reason `retry-after-too-long`) with
   * the server's error, its `retryAfter` intact.
   */
  readonly maxRetryAfterMs?: number;
  /** Statuses never retried (default 400, 401, 403, 404), whatever a body says. */
  readonly neverRetryStatuses?: readonly number[];
  /**
   * Decide for yourself: true or false overrides errata's judgement of the error
   * (never the method's safety, the attempt limit, the deadline or the budget);
   * undefined keeps it. `context.advice` holds the catalog's advice, `maybe` included.
   */
  readonly shouldRetry?: (error: ErrataError, context: RetryContext) => boolean | undefined;
}

/** A retry about to happen. */
export interface RetryEvent {
  /** The attempt that failed (1 for the first). */
  readonly attempt: number;
  readonly error: ErrataError;
  readonly delayMs: number;
  /** Whether the delay is the server's Retry-After or backoff. */
  readonly basis: "retry-after" | "backoff";
  readonly method: string;
  readonly url: string;
}

/** A call that failed for good. */
export interface GiveUpEvent {
  readonly attempts: number;
  /** The error the call throws. */
  readonly error: ErrataError;
  readonly reason: GiveUpReason;
  readonly method: string;
  readonly url: string;
}

/** Options of a client. */
export interface ClientOptions<C extends readonly CatalogSource[] = readonly CatalogSource[]> {
  /** Resolves relative paths. */
  readonly baseUrl?: string | URL;
  /** Catalogs whose errors responses are decoded into. */
  readonly catalogs?: C;
  /** The fetch to call (default: the platform's). */
  readonly fetch?: typeof globalThis.fetch;
  /** Headers sent with every call. */
  readonly headers?: RequestInit["headers"];
  /**
   * The caller's languages, preferred first (BCP 47): sent as Accept-Language, so an
   * API whose catalog is translated answers in them. A call's own header wins.
   */
  readonly languages?: readonly string[];
  /** Retry settings, or false for a single attempt per call. */
  readonly retry?: RetryOptions | false;
  /** The retry budget shared by all calls (default: 0.1 tokens per success, 10 at most), or false for none. */
  readonly budget?: RetryBudgetOptions | RetryBudgetLike | false;
  /** A circuit breaker shared by all calls (off by default; true for the defaults). */
  readonly breaker?: BreakerOptions | boolean;
  /**
   * Timeout of one attempt, in ms, until the response's headers (default 30 s), or
   * false for none. Without a timeout, deadline or caller's signal the request goes
   * out with no AbortSignal, which on Node saves undici about 25 µs per call; only
   * do it when the transport bounds a hung request itself (an undici Agent's
   * `headersTimeout`), since nothing else will.
   */
  readonly timeout?: number | false;
  /** Deadline of a whole call, in ms, waits and retries included (default: none). */
  readonly deadline?: number;
  /**
   * Idempotency keys. By default a key goes out with a write (POST, PATCH) only when
   * a catalog declares that the API honours keys (`idempotency:` in the catalog); then
   * the write may be retried under it. `honoured: true` says so for an API without
   * such a catalog; `false` sends no key. Without a key a write is repeated only when
   * it provably never reached the server.
   */
  readonly idempotency?:
    | {
        /** The API honours keys (default: a catalog declares `idempotency`). */
        readonly honoured?: boolean;
        /** The header (default: the catalog's, else Idempotency-Key). */
        readonly header?: string;
        /** Makes a key (default: a random UUID). */
        readonly generate?: () => string;
      }
    | false;
  /** Redirects: same origin only by default, and never one that repeats a write. */
  readonly redirects?: RedirectOptions;
  /**
   * Throttling (off by default): when a response's RateLimit or X-RateLimit-* headers
   * say nothing remains, the next call to that origin waits for the reset ("wait";
   * at most `retry.maxRetryAfterMs`, else it fails) or fails at once ("fail") with
   * RATE_LIMITED.
   */
  readonly throttle?: ThrottleMode | false;
  /** Largest error body read, in bytes (default 1 MiB). */
  readonly maxErrorBytes?: number;
  /**
   * Largest successful body `json()` reads, in bytes (default 64 MiB); past it the
   * download stops and the call fails with RESPONSE_TOO_LARGE.
   */
  readonly maxBodyBytes?: number;
  readonly onRetry?: (event: RetryEvent) => void;
  readonly onGiveUp?: (event: GiveUpEvent) => void;
  readonly onBreakerStateChange?: (change: BreakerStateChange) => void;
  /** Told once per error code when an error response says it is deprecated; default: a console warning, once. */
  readonly onDeprecated?: (event: DeprecatedEvent) => void;
}

/** Options of one call: fetch's, plus errata's. */
export interface CallOptions extends Omit<RequestInit, "signal" | "window" | "redirect"> {
  /** A value to send as JSON (sets Content-Type when absent). */
  readonly json?: unknown;
  /** Aborts the call, its waits included. */
  readonly signal?: AbortSignal;
  /** This call's attempt timeout, in ms, or false for none. */
  readonly timeout?: number | false;
  /** This call's deadline, in ms. */
  readonly deadline?: number;
  /**
   * This call's Idempotency-Key, or false to send none. A key given here (or in the
   * headers) vouches that the API honours it, so the call may be retried under it.
   */
  readonly idempotencyKey?: string | false;
  /** false: a single attempt. */
  readonly retry?: false;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The factories of the typed catalogs among C. */
export type FactoriesOf<C extends readonly CatalogSource[]> = UnionToIntersection<
  { [K in keyof C]: C[K] extends DefinedCatalog<infer F> ? F : never }[number]
>;

/** The error names a client knows at compile time (any string for loaded catalogs). */
export type ErrorName<F> = [keyof F & string] extends [never] ? string : keyof F & string;

/** The typed error of a name. */
export type ErrorOf<F, N extends string> = N extends keyof F
  ? F[N] extends (...args: never[]) => infer E
    ? E
    : ErrataError
  : ErrataError;

/** A client. Its calls resolve with 2xx responses and reject with typed ErrataErrors only. */
export interface Client<F = unknown> {
  /** Call and resolve with the 2xx Response. */
  fetch(path: string | URL, options?: CallOptions): Promise<Response>;
  /** Call and resolve with the parsed JSON body (undefined for an empty one). */
  json<T = unknown>(path: string | URL, options?: CallOptions): Promise<T>;
  /** True when `value` is the named error, typed with its details. */
  is<N extends ErrorName<F>>(value: unknown, name: N): value is ErrorOf<F, N>;
  /** The circuit's state, when the client has a breaker. */
  readonly circuit: { readonly state: BreakerState; readonly probeAt?: Date } | undefined;
  /** The retry budget, when the client has one. */
  readonly budget: RetryBudgetLike | undefined;
}

/** Every option of createClient: an unknown key is refused (a misspelt `catalog` is not ignored). */
const CLIENT_OPTIONS = {
  baseUrl: true,
  catalogs: true,
  fetch: true,
  headers: true,
  languages: true,
  retry: true,
  budget: true,
  breaker: true,
  timeout: true,
  deadline: true,
  idempotency: true,
  redirects: true,
  throttle: true,
  maxErrorBytes: true,
  maxBodyBytes: true,
  onRetry: true,
  onGiveUp: true,
  onBreakerStateChange: true,
  onDeprecated: true,
} as const satisfies KnownOptions<ClientOptions>;

/** The default of `maxBodyBytes`: generous for JSON, far below what would exhaust a process. */
const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** A client's options with every default applied. */
export interface ClientSettings {
  readonly catalogs: readonly Catalog[];
  readonly fetch: typeof globalThis.fetch;
  readonly baseUrl: URL | undefined;
  readonly headers: RequestInit["headers"];
  readonly acceptLanguage: string | undefined;
  readonly retry: RetrySettings;
  readonly budget: RetryBudgetLike | undefined;
  readonly breaker: Breaker | undefined;
  /** The attempt timeout, in ms; undefined for none. */
  readonly timeout: number | undefined;
  readonly deadline: number | undefined;
  readonly keys: KeyPolicy;
  /** False when the client sends no Idempotency-Key at all. */
  readonly sendsKeys: boolean;
  readonly maxErrorBytes: number;
  readonly maxBodyBytes: number;
  readonly redirects: RedirectOptions;
  readonly throttleMode: ThrottleMode | false;
  readonly throttle: Throttle | undefined;
  readonly onRetry: ((event: RetryEvent) => void) | undefined;
  readonly onGiveUp: ((event: GiveUpEvent) => void) | undefined;
  /** Notes a deprecated error once per code. */
  readonly deprecated: (error: ErrataError, headers: Headers) => void;
}

function catalogOf(source: CatalogSource): Catalog {
  return "catalog" in source ? source.catalog : source;
}

/** A positive number of ms, `fallback` when absent; a RangeError names the option otherwise. */
export function positiveMs(value: number | undefined, fallback: number | undefined, name: string): number | undefined {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number of ms`);
  return value;
}

function retrySettingsOf(retry: ClientOptions["retry"]): RetrySettings {
  const given = retry === false ? { maxAttempts: 1 } : (retry ?? {});
  return {
    maxAttempts: Math.max(1, Math.floor(given.maxAttempts ?? 3)),
    baseMs: positiveMs(given.baseDelayMs, 200, "retry.baseDelayMs") as number,
    maxMs: positiveMs(given.maxDelayMs, 20_000, "retry.maxDelayMs") as number,
    maxRetryAfterMs: positiveMs(given.maxRetryAfterMs, 60_000, "retry.maxRetryAfterMs") as number,
    neverStatuses: new Set(given.neverRetryStatuses ?? [400, 401, 403, 404]),
    ...(given.shouldRetry ? { shouldRetry: given.shouldRetry } : {}),
  };
}

function budgetOf(budget: ClientOptions["budget"]): RetryBudgetLike | undefined {
  if (budget === false) return undefined;
  return budget && "tryRetry" in budget ? budget : new RetryBudget(budget ?? {});
}

function breakerOf(options: ClientOptions, baseUrl: URL | undefined): Breaker | undefined {
  const breaker = options.breaker;
  if (breaker === undefined || breaker === false) return undefined;
  const given = breaker === true ? {} : breaker;
  return new Breaker(baseUrl?.origin ?? "the server", given, options.onBreakerStateChange);
}

function keyPolicyOf(idempotency: ClientOptions["idempotency"], catalogs: readonly Catalog[]): KeyPolicy {
  const declared = catalogs.find((c) => c.idempotency)?.idempotency;
  const own = idempotency === false ? undefined : idempotency;
  return {
    honoured: idempotency !== false && (own?.honoured ?? declared !== undefined),
    header: own?.header || declared?.header || IDEMPOTENCY_HEADER,
    generate: own?.generate || randomId,
  };
}

/** Accept-Language for the caller's languages, preferred first: `fr-CA, fr;q=0.9, en;q=0.8` (malformed tags left out). */
function acceptLanguageOf(languages: readonly string[] | undefined): string | undefined {
  const tags = (languages ?? []).map(canonicalLocale).filter((t): t is string => t !== undefined);
  if (tags.length === 0) return undefined;
  return tags.map((tag, i) => (i === 0 ? tag : `${tag};q=${Math.max(0.1, 1 - i / 10).toFixed(1)}`)).join(", ");
}

/** Check a client's options and apply every default. */
export function settingsOf(options: ClientOptions): ClientSettings {
  checkOptions("createClient", options, CLIENT_OPTIONS);
  const catalogs = (options.catalogs ?? []).map(catalogOf);
  const baseUrl = options.baseUrl === undefined ? undefined : new URL(options.baseUrl);
  const throttleMode = options.throttle ?? false;
  return {
    catalogs,
    fetch: options.fetch ?? globalThis.fetch,
    baseUrl,
    headers: options.headers,
    acceptLanguage: acceptLanguageOf(options.languages),
    retry: retrySettingsOf(options.retry),
    budget: budgetOf(options.budget),
    breaker: breakerOf(options, baseUrl),
    timeout: options.timeout === false ? undefined : positiveMs(options.timeout, 30_000, "timeout"),
    deadline: positiveMs(options.deadline, undefined, "deadline"),
    keys: keyPolicyOf(options.idempotency, catalogs),
    sendsKeys: options.idempotency !== false,
    maxErrorBytes: options.maxErrorBytes ?? DEFAULT_MAX_BYTES,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    redirects: options.redirects ?? {},
    throttleMode,
    throttle: throttleMode ? new Throttle() : undefined,
    onRetry: options.onRetry,
    onGiveUp: options.onGiveUp,
    deprecated: deprecationNotes(options.onDeprecated),
  };
}
