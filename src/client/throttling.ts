/**
 * The throttle as a policy: before an attempt to an origin whose quota the last
 * response said is spent, wait for its reset ("wait", within the longest
 * Retry-After allowed and the call's deadline) or end the call with RATE_LIMITED.
 */

import { clientErrors } from "../own/client.js";
import { errorOf } from "../runtime/createErrors.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import type { ClientSettings } from "./options.js";
import { type CallContext, type Policy, Settled } from "./pipeline.js";
import { sleep } from "./platform.js";
import { abortedCall } from "./retrying.js";
import type { Throttle } from "./throttle.js";

function refusalOf(origin: string, waitMs: number): ErrataError {
  const retryAfter = Math.ceil(waitMs / 1000);
  return errorOf(clientErrors.RATE_LIMITED.definition, {
    message: `Calls to ${origin} wait: its rate limit has nothing left for ${retryAfter} s`,
    details: { origin, retryAfter },
    retryAfter,
  });
}

/** True when the call may wait `waitMs` rather than fail at once. */
function mayWait(settings: ClientSettings, context: CallContext, waitMs: number): boolean {
  if (settings.throttleMode === "fail" || waitMs > settings.retry.maxRetryAfterMs) return false;
  return context.deadlineAt === undefined || Date.now() + waitMs < context.deadlineAt;
}

/** The throttle policy of a client whose throttle is on. */
export function throttlePolicy(settings: ClientSettings, throttle: Throttle): Policy {
  return {
    async execute<T>(next: (context: CallContext) => Promise<T>, context: CallContext): Promise<T> {
      const { origin, signal } = context.prepared;
      const waitMs = throttle.delayFor(origin);
      if (waitMs > 0) {
        const made = context.attempt - 1;
        if (!mayWait(settings, context, waitMs)) throw new Settled(refusalOf(origin, waitMs), "throttled", made);
        await sleep(waitMs, signal).catch(() => {
          throw abortedCall(context, made);
        });
      }
      return next(context);
    },
  };
}
