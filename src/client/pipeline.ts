/**
 * The stages a call runs through, as policies that compose the way cockatiel's
 * `wrap` does: each policy runs the stages inside it as it sees fit (the retry
 * policy runs them again, the throttle waits before them, the breaker refuses to
 * run them). A policy that ends the call for good throws `Settled`, with its reason
 * and the attempts made, and the policies outside it let that through untouched.
 */

import type { ErrataError } from "../runtime/ErrataError.js";
import type { GiveUpReason } from "./policy.js";
import type { Prepared } from "./prepare.js";

/** What every stage knows of the call: the request, its deadline, and which attempt this is. */
export interface CallContext {
  readonly prepared: Prepared;
  /** When the call's deadline passes (ms since the epoch), if it has one. */
  readonly deadlineAt: number | undefined;
  /** The attempt about to run or running, 1 for the first. */
  readonly attempt: number;
}

/** A stage around the stages inside it. */
export interface Policy {
  execute<T>(next: (context: CallContext) => Promise<T>, context: CallContext): Promise<T>;
}

/** A call ended for good: the error it throws, why, and the attempts it made. */
export class Settled {
  constructor(
    readonly error: ErrataError,
    readonly reason: GiveUpReason,
    readonly attempts: number,
  ) {}
}

/** The policies as one, the first outermost: `wrap(retry, throttle, breaker)` retries throttled calls through the breaker. */
export function wrap(...policies: readonly Policy[]): Policy {
  return {
    execute<T>(next: (context: CallContext) => Promise<T>, context: CallContext): Promise<T> {
      const run = policies.reduceRight<(c: CallContext) => Promise<T>>(
        (inner, policy) => (c) => policy.execute(inner, c),
        next,
      );
      return run(context);
    },
  };
}
