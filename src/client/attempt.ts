/**
 * One attempt of a call: fetch within the attempt's timeout and the call's
 * deadline (a signal only when something may abort it: fetch pays for one even
 * when it never fires), follow redirects by redirects.ts's rules, note rate-limit
 * headers for the throttle, and turn whatever fails into a typed error.
 */

import { clientErrors } from "../own/client.js";
import { type ErrataError, isErrataError } from "../runtime/ErrataError.js";
import { failureReason } from "./neverSent.js";
import type { ClientSettings } from "./options.js";
import type { CallContext } from "./pipeline.js";
import type { Prepared } from "./prepare.js";
import { fetchFollowing } from "./redirects.js";
import { errorFromResponse } from "./responseError.js";

/** What reads a 2xx response into the call's value. */
export type Reader<T> = (res: Response, p: Prepared) => Promise<T>;

type Expiry = "timeout" | "deadline";

/** The attempt's abort signal and its timers: the attempt timeout and the call's deadline. */
interface Limits {
  readonly signal: AbortSignal | undefined;
  readonly expired: () => Expiry | undefined;
  readonly clear: () => void;
}

/** The limits of an attempt that has none: no timer to clear, nothing that expires (shared, not made per attempt). */
const NEVER_EXPIRED = (): Expiry | undefined => undefined;
const NOTHING_TO_CLEAR = (): void => {};

function limitsOf(p: Prepared, deadlineAt: number | undefined): Limits {
  if (p.timeout === undefined && deadlineAt === undefined) {
    return { signal: p.signal, expired: NEVER_EXPIRED, clear: NOTHING_TO_CLEAR };
  }
  const controller = new AbortController();
  let expired: Expiry | undefined;
  const expire = (why: Expiry) => () => {
    expired ??= why;
    controller.abort();
  };
  const timer = p.timeout === undefined ? undefined : setTimeout(expire("timeout"), p.timeout);
  const deadlineTimer =
    deadlineAt === undefined ? undefined : setTimeout(expire("deadline"), Math.max(0, deadlineAt - Date.now()));
  return {
    signal: p.signal ? AbortSignal.any([controller.signal, p.signal]) : controller.signal,
    expired: () => expired,
    clear: () => {
      if (timer !== undefined) clearTimeout(timer);
      if (deadlineTimer !== undefined) clearTimeout(deadlineTimer);
    },
  };
}

/** The typed error of a failed attempt: the caller's abort, an expiry, a decoded answer, or the network. */
function failure(error: unknown, p: Prepared, expired: Expiry | undefined, attempt: number): ErrataError {
  const at = { method: p.method, url: p.url };
  if (p.signal?.aborted) return clientErrors.REQUEST_ABORTED(at, { cause: error });
  if (expired === "deadline") {
    return clientErrors.DEADLINE_EXCEEDED(
      { ...at, deadlineMs: p.deadlineMs ?? 0, attempts: attempt },
      { cause: error },
    );
  }
  if (expired === "timeout")
    return clientErrors.ATTEMPT_TIMEOUT({ ...at, timeoutMs: p.timeout ?? 0 }, { cause: error });
  return asErrataError(error, p);
}

/** What was thrown as an ErrataError: itself when it is one, else the network failure it stands for. */
export function asErrataError(thrown: unknown, p: Prepared): ErrataError {
  if (isErrataError(thrown)) return thrown;
  return clientErrors.NETWORK_ERROR({ method: p.method, url: p.url, reason: failureReason(thrown) }, { cause: thrown });
}

/** Run one attempt: the response read by `read` when it is a 2xx, else a typed error thrown. */
export async function attempt<T>(settings: ClientSettings, context: CallContext, read: Reader<T>): Promise<T> {
  const p = context.prepared;
  const limits = limitsOf(p, context.deadlineAt);
  try {
    const init = limits.signal ? { ...p.init, signal: limits.signal } : p.init;
    const res = await fetchFollowing(settings.fetch, { url: p.url, init }, settings.redirects, settings.keys.header);
    settings.throttle?.observe(p.origin, res.headers);
    if (!res.ok) {
      const error = await errorFromResponse(res, settings.catalogs, settings.maxErrorBytes);
      settings.deprecated(error, res.headers);
      throw error;
    }
    return await read(res, p);
  } catch (error) {
    throw failure(error, p, limits.expired(), context.attempt);
  } finally {
    limits.clear();
  }
}
