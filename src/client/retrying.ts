/**
 * The retry policy: run the attempts inside it until one succeeds or the call must
 * end. An error the client raised to end the call (an abort, the deadline, an open
 * circuit) or one read from a 2xx answer ends it at once; otherwise policy.ts
 * decides, the deadline must leave room for the wait, and the shared budget must
 * grant the retry. A budget whose store is away grants none and never fails a call.
 */

import { clientErrors } from "../own/client.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import { asErrataError } from "./attempt.js";
import { endingOf, isNetworkError } from "./kinds.js";
import { neverSent } from "./neverSent.js";
import type { ClientSettings, RetryEvent } from "./options.js";
import type { CallContext, Policy } from "./pipeline.js";
import { Settled } from "./pipeline.js";
import { sleep } from "./platform.js";
import { decide, type Verdict } from "./policy.js";

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

/** Call a hook; a failing hook must not change the outcome of a call. */
export function emit<E>(hook: ((event: E) => void) | undefined, event: E): void {
  try {
    hook?.(event);
  } catch {
    // Ignored on purpose: see above.
  }
}

/** The call ended by the caller's signal after `attempts` attempts. */
export function abortedCall(context: CallContext, attempts: number, cause?: unknown): Settled {
  const { method, url } = context.prepared;
  return new Settled(clientErrors.REQUEST_ABORTED({ method, url }, { cause }), "aborted", attempts);
}

/** The verdict on a failed attempt, before the deadline and the budget have their say. */
function verdictOn(error: ErrataError, context: CallContext, settings: ClientSettings): Verdict {
  const p = context.prepared;
  if (!p.retry) return { retry: false, reason: "attempts" };
  // A request that provably never left may be sent again, if its body can be.
  const unsent = isNetworkError(error) && neverSent(error.cause) && p.replayable;
  const at = { attempt: context.attempt, method: p.method, url: p.url, repeatable: p.repeatable || unsent };
  return decide(error, at, settings.retry);
}

/** The wait before the next attempt, in ms; throws Settled when the call ends with `error`. */
async function delayAfter(error: ErrataError, context: CallContext, settings: ClientSettings): Promise<number> {
  const n = context.attempt;
  const ending = endingOf(error);
  if (ending) throw new Settled(error, ending, n);
  const verdict = verdictOn(error, context, settings);
  if (!verdict.retry) throw new Settled(error, verdict.reason, n);
  const { deadlineAt } = context;
  if (deadlineAt !== undefined && Date.now() + verdict.delayMs >= deadlineAt) throw new Settled(error, "deadline", n);
  const budget = settings.budget;
  if (budget && !(await safely(() => budget.tryRetry(), false))) throw new Settled(error, "budget", n);
  const { method, url } = context.prepared;
  const event: RetryEvent = { attempt: n, error, delayMs: verdict.delayMs, basis: verdict.basis, method, url };
  emit(settings.onRetry, event);
  return verdict.delayMs;
}

/** The retry policy of a client. */
export function retryPolicy(settings: ClientSettings): Policy {
  return {
    async execute<T>(next: (context: CallContext) => Promise<T>, first: CallContext): Promise<T> {
      const signal = first.prepared.signal;
      for (let n = 1; ; n++) {
        if (signal?.aborted) throw abortedCall(first, n - 1);
        const context = n === 1 ? first : { ...first, attempt: n };
        let error: ErrataError;
        try {
          const value = await next(context);
          // A budget shared through a store may be unreachable: the call succeeded all the same.
          const noted = settings.budget ? safely(() => settings.budget?.onSuccess(), undefined) : undefined;
          if (noted !== undefined) await noted;
          return value;
        } catch (thrown) {
          if (thrown instanceof Settled) throw thrown;
          error = asErrataError(thrown, context.prepared);
        }
        const delayMs = await delayAfter(error, context, settings);
        await sleep(delayMs, signal).catch(() => {
          throw abortedCall(context, n, error);
        });
      }
    },
  };
}
