/**
 * createClient: the platform's fetch, with errors that are typed and retries that
 * are safe. Each call runs attempts through the circuit breaker (when on), each with
 * its own timeout inside the call's deadline; a failed attempt becomes a typed error
 * and the retry policy decides, against the shared retry budget, whether to wait and
 * go again. A write is repeated only under an Idempotency-Key the API is known to
 * honour, or when it provably never reached the server; an error inside a 2xx (a
 * JSON-RPC error) means the call ran, and is never retried. Redirects are followed
 * by the rules of redirects.ts, and the optional throttle spares a call the server
 * has already said it will refuse. Web APIs only: it runs in every runtime.
 */

import type { Catalog } from "../catalog/model.js";
import { canonicalLocale } from "../catalog/names.js";
import { clientErrors } from "../own/client.js";
import { checkOptions, type KnownOptions } from "../own/options.js";
import { errorOf } from "../runtime/createErrors.js";
import { type ErrataError, isErrataError } from "../runtime/ErrataError.js";
import type { DefinedCatalog } from "../runtime/types.js";
import { markUpstream } from "../runtime/upstream.js";
import { DEFAULT_MAX_BYTES } from "../wire/codec.js";

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
} as const satisfies KnownOptions<ClientOptions>;

/** The default of `maxBodyBytes`: generous for JSON, far below what would exhaust a process. */
const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
const decoder = new TextDecoder();

import { Breaker, type BreakerOptions, type BreakerState, type BreakerStateChange } from "./breaker.js";
import { RetryBudget, type RetryBudgetLike, type RetryBudgetOptions } from "./budget.js";
import { callKey, IDEMPOTENCY_HEADER, isIdempotent, type KeyPolicy } from "./idempotency.js";
import { failureReason, neverSent } from "./neverSent.js";
import { randomId, sleep } from "./platform.js";
import { decide, type GiveUpReason, type RetryContext, type RetrySettings } from "./policy.js";
import { fetchFollowing, type RedirectOptions } from "./redirects.js";
import { errorFromResponse, errorInSuccess, readLimited } from "./responseError.js";
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

interface Prepared {
  readonly url: string;
  readonly origin: string;
  readonly method: string;
  readonly init: RequestInit & { readonly method: string; readonly headers: Headers; readonly redirect: "manual" };
  /** A repeat cannot run the call twice: an idempotent method, or a key the API honours. */
  readonly repeatable: boolean;
  /** The body can be sent again (it is not a stream). */
  readonly replayable: boolean;
  readonly signal: AbortSignal | undefined;
  /** The attempt's timeout in ms; undefined when the caller turned it off. */
  readonly timeout: number | undefined;
  readonly deadlineMs: number | undefined;
  readonly retry: boolean;
}

function catalogOf(source: CatalogSource): Catalog {
  return "catalog" in source ? source.catalog : source;
}

/**
 * Ask a budget without letting its failure become the call's: a failure answers
 * `fallback`. A synchronous budget (the in-process one) is answered without a promise.
 */
function safely<T>(ask: () => T | Promise<T>, fallback: T): T | Promise<T> {
  try {
    const answer = ask();
    return answer instanceof Promise ? answer.catch(() => fallback) : answer;
  } catch {
    return fallback;
  }
}

function positiveMs(value: number | undefined, fallback: number | undefined, name: string): number | undefined {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number of ms`);
  return value;
}

/**
 * Create a client.
 *
 * @example
 * const api = createClient({ baseUrl: "https://api.gitclaw.dev", catalogs: [gitclaw], breaker: true });
 * try { await api.json("/repos", { method: "POST", json: { name: "x" } }); }
 * catch (err) { if (api.is(err, "RATE_LIMITED")) console.log(err.retryAfter, err.details); }
 */
/** Accept-Language for the caller's languages, preferred first: `fr-CA, fr;q=0.9, en;q=0.8` (malformed tags left out). */
function acceptLanguageOf(languages: readonly string[] | undefined): string | undefined {
  const tags = (languages ?? []).map(canonicalLocale).filter((t): t is string => t !== undefined);
  if (tags.length === 0) return undefined;
  return tags.map((tag, i) => (i === 0 ? tag : `${tag};q=${Math.max(0.1, 1 - i / 10).toFixed(1)}`)).join(", ");
}

export function createClient<const C extends readonly CatalogSource[] = readonly []>(
  options: ClientOptions<C> = {},
): Client<FactoriesOf<C>> {
  const catalogs = (options.catalogs ?? []).map(catalogOf);
  checkOptions("createClient", options, CLIENT_OPTIONS);
  const doFetch = options.fetch ?? globalThis.fetch;
  const baseUrl = options.baseUrl === undefined ? undefined : new URL(options.baseUrl);
  const retryOptions = options.retry === false ? { maxAttempts: 1 } : (options.retry ?? {});
  const settings: RetrySettings = {
    maxAttempts: Math.max(1, Math.floor(retryOptions.maxAttempts ?? 3)),
    baseMs: positiveMs(retryOptions.baseDelayMs, 200, "retry.baseDelayMs") as number,
    maxMs: positiveMs(retryOptions.maxDelayMs, 20_000, "retry.maxDelayMs") as number,
    maxRetryAfterMs: positiveMs(retryOptions.maxRetryAfterMs, 60_000, "retry.maxRetryAfterMs") as number,
    neverStatuses: new Set(retryOptions.neverRetryStatuses ?? [400, 401, 403, 404]),
    ...(retryOptions.shouldRetry ? { shouldRetry: retryOptions.shouldRetry } : {}),
  };
  const budget: RetryBudgetLike | undefined =
    options.budget === false
      ? undefined
      : options.budget && "tryRetry" in options.budget
        ? options.budget
        : new RetryBudget(options.budget ?? {});
  const breaker =
    options.breaker === undefined || options.breaker === false
      ? undefined
      : new Breaker(
          baseUrl?.origin ?? "the server",
          options.breaker === true ? {} : options.breaker,
          options.onBreakerStateChange,
        );
  const timeout = options.timeout === false ? undefined : positiveMs(options.timeout, 30_000, "timeout");
  const deadline = positiveMs(options.deadline, undefined, "deadline");
  const declared = catalogs.find((c) => c.idempotency)?.idempotency;
  const idempotency = options.idempotency;
  const keys: KeyPolicy = {
    honoured: idempotency !== false && (idempotency?.honoured ?? declared !== undefined),
    header: (idempotency !== false && idempotency?.header) || declared?.header || IDEMPOTENCY_HEADER,
    generate: (idempotency !== false && idempotency?.generate) || randomId,
  };
  const maxErrorBytes = options.maxErrorBytes ?? DEFAULT_MAX_BYTES;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const redirects = options.redirects ?? {};
  const throttleMode = options.throttle ?? false;
  const throttle = throttleMode ? new Throttle() : undefined;
  /** Errors read from a 2xx body: the call ran, so they are never retried. */
  const answered = new WeakSet<ErrataError>();

  const emit = <E>(hook: ((event: E) => void) | undefined, event: E) => {
    try {
      hook?.(event);
    } catch {
      // A failing hook must not change the outcome of a call.
    }
  };

  const acceptLanguage = acceptLanguageOf(options.languages);

  function prepare(path: string | URL, call: CallOptions): Prepared {
    const { json, signal, timeout: callTimeout, deadline: callDeadline, idempotencyKey, retry, ...init } = call;
    const target = new URL(path, baseUrl);
    const method = (init.method ?? "GET").toUpperCase();
    const headers = new Headers(options.headers);
    if (acceptLanguage !== undefined && !headers.has("accept-language")) headers.set("accept-language", acceptLanguage);
    if (init.headers) for (const [name, value] of new Headers(init.headers)) headers.set(name, value);
    let body = init.body;
    if (json !== undefined) {
      body = JSON.stringify(json);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    const key = callKey(method, headers, keys, idempotency === false ? false : idempotencyKey);
    if (key.value !== undefined) headers.set(keys.header, key.value);
    const replayable = !(body instanceof ReadableStream);
    return {
      url: target.toString(),
      origin: target.origin,
      method,
      // Redirects are followed by hand (redirects.ts), so that none leaks a header or repeats a write.
      init: { ...init, method, headers, redirect: "manual", ...(body !== undefined ? { body } : {}) },
      repeatable: replayable && (isIdempotent(method) || key.protects),
      replayable,
      signal,
      timeout: callTimeout === false ? undefined : positiveMs(callTimeout, timeout, "timeout"),
      deadlineMs: positiveMs(callDeadline, deadline, "deadline"),
      retry: retry !== false,
    };
  }

  /** One attempt: fetch within its timeout and the call's deadline, then read or decode. */
  async function attempt<T>(
    p: Prepared,
    n: number,
    deadlineAt: number | undefined,
    read: (res: Response, p: Prepared) => Promise<T>,
  ): Promise<T> {
    // A signal only when something may abort the attempt: fetch pays for one even when it never fires.
    const controller = p.timeout === undefined && deadlineAt === undefined ? undefined : new AbortController();
    let expired: "timeout" | "deadline" | undefined;
    const timer =
      controller && p.timeout !== undefined
        ? setTimeout(() => {
            expired ??= "timeout";
            controller.abort();
          }, p.timeout)
        : undefined;
    const deadlineTimer =
      controller && deadlineAt !== undefined
        ? setTimeout(
            () => {
              expired ??= "deadline";
              controller.abort();
            },
            Math.max(0, deadlineAt - Date.now()),
          )
        : undefined;
    const signal = controller
      ? p.signal
        ? AbortSignal.any([controller.signal, p.signal])
        : controller.signal
      : p.signal;
    const fail = (error: unknown): ErrataError => {
      if (p.signal?.aborted) return clientErrors.REQUEST_ABORTED({ method: p.method, url: p.url }, { cause: error });
      if (expired === "deadline") {
        return clientErrors.DEADLINE_EXCEEDED(
          { method: p.method, url: p.url, deadlineMs: p.deadlineMs ?? 0, attempts: n },
          { cause: error },
        );
      }
      if (expired === "timeout") {
        return clientErrors.ATTEMPT_TIMEOUT(
          { method: p.method, url: p.url, timeoutMs: p.timeout ?? 0 },
          { cause: error },
        );
      }
      if (isErrataError(error)) return error;
      return clientErrors.NETWORK_ERROR(
        { method: p.method, url: p.url, reason: failureReason(error) },
        { cause: error },
      );
    };
    try {
      const init = signal ? { ...p.init, signal } : p.init;
      const res = await fetchFollowing(doFetch, { url: p.url, init }, redirects, keys.header);
      throttle?.observe(p.origin, res.headers);
      if (!res.ok) throw await errorFromResponse(res, catalogs, maxErrorBytes);
      return await read(res, p);
    } catch (error) {
      throw fail(error);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (deadlineTimer !== undefined) clearTimeout(deadlineTimer);
    }
  }

  /** Wait out a spent rate limit (throttle "wait"), or the error that fails the call now. */
  async function throttled(p: Prepared, deadlineAt: number | undefined): Promise<ErrataError | undefined> {
    const waitMs = throttle?.delayFor(p.origin) ?? 0;
    if (waitMs <= 0) return undefined;
    const retryAfter = Math.ceil(waitMs / 1000);
    const refusal = errorOf(clientErrors.RATE_LIMITED.definition, {
      message: `Calls to ${p.origin} wait: its rate limit has nothing left for ${retryAfter} s`,
      details: { origin: p.origin, retryAfter },
      retryAfter,
    });
    if (throttleMode === "fail" || waitMs > settings.maxRetryAfterMs) return refusal;
    if (deadlineAt !== undefined && Date.now() + waitMs >= deadlineAt) return refusal;
    await sleep(waitMs, p.signal);
    return undefined;
  }

  async function call<T>(
    path: string | URL,
    callOptions: CallOptions,
    read: (res: Response, p: Prepared) => Promise<T>,
  ): Promise<T> {
    const p = prepare(path, callOptions);
    const deadlineAt = p.deadlineMs === undefined ? undefined : Date.now() + p.deadlineMs;
    // Whatever the call throws is the other service's error, marked so that a server re-throwing it does not send it as its own.
    const giveUp = (error: ErrataError, reason: GiveUpReason, attempts: number): ErrataError => {
      markUpstream(error);
      emit(options.onGiveUp, { attempts, error, reason, method: p.method, url: p.url });
      return error;
    };
    const aborted = (n: number, cause?: unknown) =>
      giveUp(clientErrors.REQUEST_ABORTED({ method: p.method, url: p.url }, { cause }), "aborted", n);
    for (let n = 1; ; n++) {
      if (p.signal?.aborted) throw aborted(n - 1);
      if (throttle) {
        let refusal: ErrataError | undefined;
        try {
          refusal = await throttled(p, deadlineAt);
        } catch {
          throw aborted(n - 1);
        }
        if (refusal) throw giveUp(refusal, "throttled", n - 1);
      }
      let outcome: { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrataError };
      try {
        const run = () => attempt(p, n, deadlineAt, read);
        outcome = { ok: true, value: await (breaker ? breaker.execute(run) : run()) };
      } catch (thrown) {
        const error = isErrataError(thrown)
          ? thrown
          : clientErrors.NETWORK_ERROR(
              { method: p.method, url: p.url, reason: failureReason(thrown) },
              { cause: thrown },
            );
        outcome = { ok: false, error };
      }
      if (outcome.ok) {
        // A budget shared through a store may be unreachable: the call succeeded all the same.
        if (budget) {
          const noted = safely(() => budget.onSuccess(), undefined);
          if (noted !== undefined) await noted;
        }
        return outcome.value;
      }
      const error = outcome.error;
      if (error.name === "REQUEST_ABORTED" && error.definition?.category === "client")
        throw giveUp(error, "aborted", n);
      if (error.name === "DEADLINE_EXCEEDED" && error.definition?.category === "client_timeout") {
        throw giveUp(error, "deadline", n);
      }
      if (error.name === "CIRCUIT_OPEN" && error.definition?.category === "circuit")
        throw giveUp(error, "circuit-open", n);
      // The server answered with success: whatever the body says, the call ran.
      if (answered.has(error)) throw giveUp(error, "not-retryable", n);
      const unsent =
        error.name === "NETWORK_ERROR" && error.definition?.category === "client" && neverSent(error.cause);
      const verdict = p.retry
        ? decide(
            error,
            { attempt: n, method: p.method, url: p.url, repeatable: p.repeatable || (unsent && p.replayable) },
            settings,
          )
        : ({ retry: false, reason: "attempts" } as const);
      if (!verdict.retry) throw giveUp(error, verdict.reason, n);
      if (deadlineAt !== undefined && Date.now() + verdict.delayMs >= deadlineAt) throw giveUp(error, "deadline", n);
      // A budget that cannot be asked (its store is away) grants no retry.
      if (budget && !(await safely(() => budget.tryRetry(), false))) throw giveUp(error, "budget", n);
      emit(options.onRetry, {
        attempt: n,
        error,
        delayMs: verdict.delayMs,
        basis: verdict.basis,
        method: p.method,
        url: p.url,
      });
      try {
        await sleep(verdict.delayMs, p.signal);
      } catch {
        throw aborted(n, error);
      }
    }
  }

  /** A 2xx body as JSON; what it says of an error (a JSON-RPC error) is thrown, marked as answered. */
  async function readJson(res: Response, p: Prepared): Promise<unknown> {
    const bytes = await readLimited(res, maxBodyBytes);
    if (bytes === undefined) {
      const details = { method: p.method, url: p.url, status: res.status, limit: maxBodyBytes };
      const error = clientErrors.RESPONSE_TOO_LARGE(details, { stack: false });
      answered.add(error);
      throw error;
    }
    const text = decoder.decode(bytes);
    if (text.trim() === "") return undefined;
    let body: unknown;
    let error: ErrataError | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      error = errorOf(clientErrors.RESPONSE_NOT_JSON.definition, {
        message: `${p.method} ${p.url} answered ${res.status} with a body that is not JSON`,
        details: {
          method: p.method,
          url: p.url,
          status: res.status,
          contentType: res.headers.get("content-type") ?? "",
        },
        status: res.status,
        raw: text.slice(0, 2048),
      });
    }
    error ??= errorInSuccess(body, res, catalogs);
    if (error) {
      answered.add(error);
      throw error;
    }
    return body;
  }

  return {
    fetch: (path, callOptions = {}) => call(path, callOptions, async (res) => res),
    json: <T>(path: string | URL, callOptions: CallOptions = {}) => call(path, callOptions, readJson) as Promise<T>,
    is: <N extends ErrorName<FactoriesOf<C>>>(value: unknown, name: N): value is ErrorOf<FactoriesOf<C>, N> =>
      isErrataError(value) && value.name === name,
    get circuit() {
      if (!breaker) return undefined;
      const probeAt = breaker.probeAt;
      return { state: breaker.state, ...(probeAt ? { probeAt } : {}) };
    },
    budget,
  };
}
