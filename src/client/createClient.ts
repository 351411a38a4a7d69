/**
 * createClient: the platform's fetch, with errors that are typed and retries that
 * are safe. A call is prepared once (prepare.ts), then runs through policies that
 * compose (pipeline.ts): the retry policy outermost (retrying.ts), the throttle
 * (throttling.ts), the circuit breaker, and the attempt itself (attempt.ts), each
 * with its own timeout inside the call's deadline. A write is repeated only under
 * an Idempotency-Key the API is known to honour, or when it provably never reached
 * the server; an error inside a 2xx (a JSON-RPC error) means the call ran, and is
 * never retried. Web APIs only: it runs in every runtime.
 */

import { isErrataError } from "../runtime/ErrataError.js";
import { markUpstream } from "../runtime/upstream.js";
import { attempt, type Reader } from "./attempt.js";
import type { CallOptions, Client, ClientOptions, ClientSettings, ErrorName, ErrorOf, FactoriesOf } from "./options.js";
import { type CatalogSource, settingsOf } from "./options.js";
import { type CallContext, type Policy, Settled, wrap } from "./pipeline.js";
import { prepare } from "./prepare.js";
import { jsonReader } from "./readJson.js";
import { emit, retryPolicy } from "./retrying.js";
import { throttlePolicy } from "./throttling.js";

export type {
  CallOptions,
  CatalogSource,
  Client,
  ClientOptions,
  ErrorName,
  ErrorOf,
  FactoriesOf,
  GiveUpEvent,
  RetryEvent,
  RetryOptions,
} from "./options.js";

/** The policies of a client, outermost first. */
function policiesOf(settings: ClientSettings): Policy {
  const { breaker, throttle } = settings;
  return wrap(
    retryPolicy(settings),
    ...(throttle ? [throttlePolicy(settings, throttle)] : []),
    ...(breaker
      ? [{ execute: <T>(next: (c: CallContext) => Promise<T>, c: CallContext) => breaker.execute(() => next(c)) }]
      : []),
  );
}

/** The call a client makes: prepare, run the policies, and report a call that fails for good. */
function caller(settings: ClientSettings) {
  const policies = policiesOf(settings);
  return async <T>(path: string | URL, options: CallOptions, read: Reader<T>): Promise<T> => {
    const prepared = prepare(settings, path, options);
    const deadlineAt = prepared.deadlineMs === undefined ? undefined : Date.now() + prepared.deadlineMs;
    const context: CallContext = { prepared, deadlineAt, attempt: 1 };
    try {
      return await policies.execute((c) => attempt(settings, c, read), context);
    } catch (thrown) {
      // The retry policy, outermost, settles every failure; anything else is a broken policy, thrown as it is.
      if (!(thrown instanceof Settled)) throw thrown;
      const { error, reason, attempts } = thrown;
      // The other service's error, marked so that a server re-throwing it does not send it as its own.
      markUpstream(error);
      emit(settings.onGiveUp, { attempts, error, reason, method: prepared.method, url: prepared.url });
      throw error;
    }
  };
}

/**
 * Create a client.
 *
 * @example
 * const api = createClient({ baseUrl: "https://api.gitclaw.dev", catalogs: [gitclaw], breaker: true });
 * try { await api.json("/repos", { method: "POST", json: { name: "x" } }); }
 * catch (err) { if (api.is(err, "RATE_LIMITED")) console.log(err.retryAfter, err.details); }
 */
export function createClient<const C extends readonly CatalogSource[] = readonly []>(
  options: ClientOptions<C> = {},
): Client<FactoriesOf<C>> {
  const settings = settingsOf(options);
  const call = caller(settings);
  const readJson = jsonReader(settings);
  const { breaker, budget } = settings;
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
