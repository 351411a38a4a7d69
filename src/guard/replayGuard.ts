/**
 * replayGuard(): nonce and timestamp checks for signed requests. A timestamp
 * outside the window (5 minutes by default, either way) is SIGNATURE_EXPIRED; a
 * nonce already used for a different action is REPLAY_ATTACK; the same nonce for
 * the same action is a retry and goes through. Nonces are kept for twice the window,
 * longer than any timestamp that could still pass. The guard checks freshness, not
 * the signature itself: verify that before it (GitClaw's INVALID_SIGNATURE).
 *
 * Nonces belong to a caller (the verified signer, by `caller`; by default its
 * credential, else its address), so no one can spend another's nonce in advance,
 * and each caller may claim `nonceQuota` of them per twice the window (RATE_LIMITED
 * past it), so no one caller can fill the store for the others.
 * A store that cannot be reached refuses the request by default (fail-closed).
 */

import { checkOptions, type KnownOptions } from "../own/options.js";
import { headerValue } from "../wire/common.js";
import { callerNet, credentialOf } from "./callers.js";
import { gate } from "./chain.js";
import { sha256Of } from "./digest.js";
import {
  guardError,
  logGuardError,
  logStoreFailure,
  refuse,
  StoreFailure,
  storeCall,
  storeUnavailable,
} from "./respond.js";
import type { NonceClaim } from "./stores/contract.js";
import { MemoryStore } from "./stores/memory.js";
import { GUARD_OPTIONS, type Guard, type GuardOptions, type GuardRequest } from "./types.js";

export interface ReplayGuardOptions extends GuardOptions {
  /** The nonce's header (default "X-Nonce"). */
  readonly nonceHeader?: string;
  /** The timestamp's header (default "X-Timestamp"): Unix seconds, Unix ms or ISO 8601. */
  readonly timestampHeader?: string;
  /** How far a timestamp may be from now, in ms (default 5 minutes). */
  readonly windowMs?: number;
  /** What a nonce signs (default: method, path and a hash of the body). */
  readonly action?: (request: GuardRequest) => string;
  /** When the store is unavailable: refuse requests (default) or let them through. */
  readonly onStoreError?: "open" | "closed";
  /**
   * Who signed the request: its nonces are its own. Default: the credential
   * (Authorization, else X-Api-Key), else the client's address (an IPv6 /64).
   * Return the key id your signature check verified.
   */
  readonly caller?: (request: GuardRequest) => string | undefined;
  /** Most nonces one caller may claim per twice the window (default 10,000); past it, RATE_LIMITED. */
  readonly nonceQuota?: number;
}

/** The default caller of a signed request: its credential, else its address. */
function defaultCaller(request: GuardRequest): string | undefined {
  const credential = credentialOf(request);
  if (credential !== undefined) return `credential:${credential}`;
  const net = callerNet(request.ip, 64);
  return net === undefined ? undefined : `address:${net}`;
}

/** A timestamp header in ms since the epoch, or undefined when it is none. */
export function parseTimestamp(value: string): number | undefined {
  const text = value.trim();
  if (/^\d{1,16}$/.test(text)) {
    const n = Number(text);
    return n < 1e11 ? n * 1000 : n;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : at;
}

/** Every option of replayGuard(): an unknown key is refused. */
const OPTIONS = {
  ...GUARD_OPTIONS,
  nonceHeader: true,
  timestampHeader: true,
  windowMs: true,
  action: true,
  onStoreError: true,
  caller: true,
  nonceQuota: true,
} as const satisfies KnownOptions<ReplayGuardOptions>;

/** The replay guard. */
export function replayGuard(options: ReplayGuardOptions = {}): Guard {
  checkOptions("replayGuard", options, OPTIONS);
  const store = options.store ?? new MemoryStore();
  const nonceHeader = options.nonceHeader ?? "X-Nonce";
  const timestampHeader = options.timestampHeader ?? "X-Timestamp";
  const windowMs = options.windowMs ?? 5 * 60 * 1000;
  const quota = options.nonceQuota ?? 10_000;
  if (!Number.isInteger(quota) || quota < 1) throw new RangeError("replayGuard: nonceQuota must be a whole number ≥ 1");
  const callerOf = options.caller ?? defaultCaller;

  const actionOf =
    options.action ??
    ((r: GuardRequest) => sha256Of([`${r.method.toUpperCase()} ${r.path}\0`, r.body ?? new Uint8Array()]));

  return gate("replayGuard", async (request) => {
    const nonce = headerValue(request.headers, nonceHeader);
    const stamp = headerValue(request.headers, timestampHeader);
    if (!nonce || !stamp || nonce.length > 255) {
      const headers = `${nonceHeader} and ${timestampHeader}`;
      return { refusal: refuse(guardError(options, "SIGNATURE_HEADERS_MISSING", { headers }), request, options) };
    }
    const at = parseTimestamp(stamp);
    const now = Date.now();
    if (at === undefined || Math.abs(now - at) > windowMs) {
      const details = { timestamp: stamp.slice(0, 64), windowSeconds: Math.round(windowMs / 1000) };
      return { refusal: refuse(guardError(options, "SIGNATURE_EXPIRED", details), request, options) };
    }
    const signer = callerOf(request);
    if (signer === undefined) {
      logGuardError(
        options,
        { guard: "replayGuard", problem: "caller unknown" },
        "errata replayGuard: setup: no credential, no client address and no `caller` function: nonces cannot be scoped",
      );
      return {
        refusal: refuse(guardError(options, "GUARD_MISCONFIGURED", { guard: "replayGuard" }), request, options),
      };
    }
    const scope = await sha256Of([signer]);
    const action = await actionOf(request);
    let seen: NonceClaim;
    try {
      // One atomic step: the nonce, and its signer's quota of new ones.
      seen = await storeCall(options, store, () =>
        store.claimNonce(`${scope}:${nonce}`, action, 2 * windowMs, now, { owner: scope, limit: quota }),
      );
    } catch (failure) {
      if (!(failure instanceof StoreFailure)) throw failure;
      const open = options.onStoreError === "open";
      logStoreFailure(options, "replayGuard", failure, open);
      return open ? { headers: undefined } : { refusal: storeUnavailable("replayGuard", request, options) };
    }
    if (seen === "over") {
      // The quota's window is at most the nonces' lifetime: a wait that long always ends it.
      const retryAfter = Math.ceil((2 * windowMs) / 1000);
      const details = { limit: quota, window: `${retryAfter}s`, retryAfter };
      return { refusal: refuse(guardError(options, "RATE_LIMITED", details, { retryAfter }), request, options) };
    }
    if (seen === "different") {
      const error = guardError(options, "REPLAY_ATTACK", { nonce: nonce.slice(0, 64) });
      return { refusal: refuse(error, request, options) };
    }
    return { headers: undefined };
  });
}
