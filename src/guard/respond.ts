/**
 * How guards refuse and how they talk to stores. A refusal is an errata error,
 * taken from the API's catalog when it declares the name (GitClaw's REPLAY_ATTACK),
 * encoded by errata/server's core as it is: a guard builds its refusals itself,
 * so they skip the normaliser that makes thrown values safe. A store call that
 * fails or outlasts its timeout becomes a StoreFailure, which each guard turns into
 * fail-open or fail-closed.
 */
import type { ownErrors } from "../own/catalog.js";
import { fallback } from "../own/fallback.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import { loggerOf, ownErrorResponse } from "../server/respond.js";
import type { RateLimitState } from "../wire/types.js";
import type { GuardStore } from "./stores/contract.js";
import type { GuardOptions, GuardRequest, GuardResponse } from "./types.js";

const encoder = new TextEncoder();

/** An error response for a refused request, in the API's format, with extra headers. */
export function refuse(
  error: ErrataError,
  request: GuardRequest,
  options: GuardOptions,
  extra: {
    readonly headers?: Record<string, string>;
    readonly rateLimit?: RateLimitState | readonly RateLimitState[];
  } = {},
): GuardResponse {
  const r = ownErrorResponse(error, request.headers, {
    ...(options.catalog ? { catalog: options.catalog } : {}),
    ...(options.format ? { format: options.format } : {}),
    ...(options.hints !== undefined ? { hints: options.hints } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(extra.rateLimit ? { rateLimit: () => extra.rateLimit } : {}),
  });
  return {
    status: r.status,
    headers: { ...r.headers, ...extra.headers },
    body: typeof r.body === "string" ? encoder.encode(r.body) : r.body,
  };
}

/** A guard error by name: the catalog's when it declares it, else errata's own. */
export function guardError(
  options: GuardOptions,
  name: keyof typeof ownErrors,
  details: Record<string, unknown>,
  extra: { readonly retryAfter?: number } = {},
): ErrataError {
  return fallback(options.catalog, name)(details, { stack: false, ...extra });
}

/** A store that failed or did not answer in time. */
export class StoreFailure extends Error {
  override readonly name = "StoreFailure";
}

/** What a store threw, as a StoreFailure. */
export function storeFailure(error: unknown): StoreFailure {
  if (error instanceof StoreFailure) return error;
  return new StoreFailure(error instanceof Error ? error.message : String(error), { cause: error });
}

/** Call the store within the guard's timeout (a store that does no I/O needs none). */
export function storeCall<T>(options: GuardOptions, store: GuardStore, call: () => Promise<T>): Promise<T> {
  let pending: Promise<T>;
  try {
    pending = call();
  } catch (error) {
    return Promise.reject(storeFailure(error));
  }
  if (store.inProcess) return pending.catch((error: unknown) => Promise.reject(storeFailure(error)));
  const ms = options.storeTimeoutMs ?? 2000;
  // One promise settled by whichever comes first: Promise.race and an async step cost twice as much.
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new StoreFailure(`the store did not answer within ${ms} ms`)), ms);
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(storeFailure(error));
      },
    );
  });
}

/** Log a store failure server-side (its message never reaches the client). */
export function logStoreFailure(options: GuardOptions, guard: string, failure: unknown, open: boolean): void {
  logGuardError(
    options,
    { err: failure, guard, failOpen: open },
    `errata ${guard} guard: store unavailable, ${open ? "letting the request through" : "refusing the request"}`,
  );
}

/** Setup problems already written to stderr for want of a logger (each once; bounded). */
const toldStderr = new Set<string>();

/**
 * Log at error level: to the guard's logger, else the shared default
 * (setDefaultLogger); with neither, a setup problem (GUARD_MISCONFIGURED) still goes
 * to stderr once, so that a bare 500 is never all there is to see. A failing logger
 * must not break the request.
 */
export function logGuardError(options: GuardOptions, entry: Record<string, unknown>, message: string): void {
  try {
    const logger = loggerOf(options.logger);
    if (logger) logger.error(entry, message);
    else if (message.includes(": setup") && !toldStderr.has(message) && toldStderr.size < 100) {
      toldStderr.add(message);
      console.error(`${message} (set a logger: the guard's logger option, or setDefaultLogger)`);
    }
  } catch {
    // A failing logger must not break the request.
  }
}

/** The STORE_UNAVAILABLE refusal. */
export function storeUnavailable(guard: string, request: GuardRequest, options: GuardOptions): GuardResponse {
  return refuse(guardError(options, "STORE_UNAVAILABLE", { guard }), request, options);
}
