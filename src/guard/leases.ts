/**
 * The leases of idempotent runs still working: each is renewed in the store while
 * its handler runs, so no retry takes the key from a live run, but only for
 * `maxRunMs`, so that a handler that never answers lets its retries run once the
 * lease lapses. One timer for all of them, running while any is. A renewal that
 * finds the key taken over marks the run lost and says so (`onLost`).
 */
import { logStoreFailure, storeCall } from "./respond.js";
import type { GuardStore } from "./stores/contract.js";
import type { GuardOptions } from "./types.js";

/** A run in progress, whose lease is renewed. */
export interface Live {
  readonly key: string;
  readonly storeKey: string;
  readonly token: string;
  readonly started: number;
  renewed: number;
  lost: boolean;
}

export interface Leases {
  /** Renew this run's lease from now on. */
  track(live: Live): void;
  /** Stop renewing it (its handler answered or threw). */
  untrack(live: Live): void;
}

/** A lease renewer for one guard's runs. */
export function leaseRenewer(
  options: GuardOptions,
  store: GuardStore,
  timing: { readonly leaseMs: number; readonly maxRunMs: number },
  onLost: (live: Live) => void,
): Leases {
  const running = new Set<Live>();
  let ticker: ReturnType<typeof setInterval> | undefined;
  const renew = (live: Live, now: number) => {
    live.renewed = now;
    storeCall(options, store, () => store.renew(live.storeKey, live.token, timing.leaseMs, Date.now())).then(
      (held) => {
        if (held || live.lost) return;
        live.lost = true;
        running.delete(live);
        onLost(live);
      },
      (failure) => logStoreFailure(options, "idempotency", failure, false),
    );
  };
  const renewAll = () => {
    if (running.size === 0) {
      clearInterval(ticker);
      ticker = undefined;
      return;
    }
    const now = Date.now();
    for (const live of running) {
      if (now - live.started >= timing.maxRunMs) running.delete(live);
      else if (now - live.renewed >= timing.leaseMs / 8) renew(live, now);
    }
  };
  return {
    track(live) {
      running.add(live);
      if (ticker) return;
      ticker = setInterval(renewAll, timing.leaseMs / 4);
      (ticker as { unref?: () => void }).unref?.();
    },
    untrack(live) {
      running.delete(live);
    },
  };
}
