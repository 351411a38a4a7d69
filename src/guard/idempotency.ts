/**
 * idempotency(): the IETF Idempotency-Key header with Stripe's semantics. The first
 * request with a key runs; later ones with the same key and payload (method, path,
 * query string, Content-Type, body bytes) get its stored status, headers and body
 * (marked `Idempotent-Replayed: true`; Set-Cookie is never stored unless asked).
 * The same key with another payload is refused (422), a duplicate of a run still in
 * progress gets 409 (or waits for its result), and a missing key where required
 * gets 400. Keys belong to a caller (its credential, or its named session cookie,
 * by default): another caller with the same key runs its own request, and a caller
 * the guard cannot tell apart from others is refused unless the application names
 * a scope. A body the adapter could not read is a
 * setup error (GUARD_MISCONFIGURED), never a guess.
 *
 * Unlike Stripe, a 5xx response is not kept by default: it says the server failed to
 * do the work, errata's client retries it with the same key, and that retry should
 * get to run (`keepServerErrors: true` keeps them, as Stripe does).
 *
 * A run holds the key under a lease that it renews while it works, for `maxRunMs`
 * at most. A process that dies mid-request stops renewing; once the lease lapses, a
 * retry takes the key over and runs once. While the lease lives nothing else runs.
 * A run that finds its key taken over is logged, reported to `onConflict`, and its
 * response says `Idempotency-Stored: false`. A store that cannot be reached refuses
 * the request (STORE_UNAVAILABLE): running it unguarded could run it twice.
 */

import { checkOptions, type KnownOptions } from "../own/options.js";
import { headerValue } from "../wire/common.js";
import { credentialOf } from "./callers.js";
import { fromBase64, sha256, toBase64 } from "./digest.js";
import { type Leases, type Live, leaseRenewer } from "./leases.js";
import {
  guardError,
  logGuardError,
  logStoreFailure,
  refuse,
  StoreFailure,
  storeCall,
  storeUnavailable,
} from "./respond.js";
import type { BeginResult, GuardStore, StoredResponse } from "./stores/contract.js";
import { MemoryStore } from "./stores/memory.js";
import {
  GUARD_OPTIONS,
  type Guard,
  type GuardOptions,
  type GuardRequest,
  type GuardResponse,
  type Next,
} from "./types.js";

export interface IdempotencyOptions extends GuardOptions {
  /** The header (default: the catalog's `idempotency.header`, else "Idempotency-Key"). */
  readonly header?: string;
  /** Methods the guard applies to (default: the catalog's `idempotency.methods`, else POST and PATCH). */
  readonly methods?: readonly string[];
  /** Refuse requests of those methods without a key (default false: they run unguarded). */
  readonly required?: boolean;
  /** How long a key and its response are kept, in ms (default: the catalog's `idempotency.lifetime`, else 24 h). */
  readonly lifetimeMs?: number;
  /** The lease of a running request, in ms (default 30 s); it is renewed every quarter of it or so. */
  readonly leaseMs?: number;
  /** A duplicate of a running request: refuse it with 409 (default) or wait for the first one's response. */
  readonly concurrent?: "reject" | "wait";
  /** The longest wait for "wait", in ms (default 10 s); then 409. */
  readonly waitMs?: number;
  /**
   * Whose keys these are: keys of different scopes never meet, so one caller can
   * never be answered with another's stored response. Default: the caller's
   * credential, the Authorization header, else X-Api-Key, else the `sessionCookie`;
   * a caller with none of them is refused (GUARD_MISCONFIGURED, logged), since it
   * cannot be told from other such callers. Name a scope to accept them.
   */
  readonly scope?: (request: GuardRequest) => string;
  /** The cookie that holds a caller's session, for the default scope (default: none). */
  readonly sessionCookie?: string;
  /** Keep and replay 5xx responses too, as Stripe does (default false: the key is given back). */
  readonly keepServerErrors?: boolean;
  /** Keep Set-Cookie in stored responses (default false: a replay never hands out a session). */
  readonly keepSetCookie?: boolean;
  /**
   * What makes two requests "the same" (default: method, path, query string,
   * Content-Type and the body's bytes).
   */
  readonly fingerprint?: (request: GuardRequest) => string;
  /**
   * Longest a run holds its key, in ms (default 60 s): after it the lease is no
   * longer renewed, so a handler that never answers does not block its retries.
   */
  readonly maxRunMs?: number;
  /**
   * Called when a run lost its key to another run (its lease lapsed while it worked):
   * its response is sent but not stored, and says so (`Idempotency-Stored: false`).
   * Also logged at error level.
   */
  readonly onConflict?: (event: { readonly key: string; readonly phase: "renew" | "complete" }) => void;
}

/** The response header of a run whose result could not be stored. */
export const NOT_STORED_HEADER = "Idempotency-Stored";

/**
 * The caller a request comes from, as the default scope: its credential, hashed, else
 * its session cookie when one is named; undefined for a caller errata cannot tell
 * from others (no credential, no named session).
 */
function callerOf(request: GuardRequest, sessionCookie: string | undefined): string | Promise<string> | undefined {
  const auth = credentialOf(request);
  if (auth !== undefined) return sha256("credential", auth);
  if (sessionCookie) {
    const cookies = headerValue(request.headers, "cookie") ?? "";
    for (const part of cookies.split(";")) {
      const eq = part.indexOf("=");
      if (eq > 0 && part.slice(0, eq).trim() === sessionCookie) return sha256("session", part.slice(eq + 1).trim());
    }
  }
  return undefined;
}

const MAX_KEY_LENGTH = 255;

function toStored(response: GuardResponse, keepSetCookie: boolean): StoredResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers))
    if (keepSetCookie || name.toLowerCase() !== "set-cookie") headers[name] = value;
  return { status: response.status, headers, body: toBase64(response.body) };
}

function fromStored(stored: StoredResponse): GuardResponse {
  return {
    status: stored.status,
    headers: { ...stored.headers, "Idempotent-Replayed": "true" },
    body: fromBase64(stored.body),
  };
}

/**
 * The key a header value carries: an RFC 8941 sf-string (`"abc"`, as the draft and
 * errata's client write it) and the bare form (`abc`) are the same key.
 */
export function keyOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /^"((?:[^"\\]|\\["\\])*)"$/.exec(value.trim());
  return m ? (m[1] as string).replace(/\\(["\\])/g, "$1") : value;
}

/** Every option of idempotency(): an unknown key is refused. */
const OPTIONS = {
  ...GUARD_OPTIONS,
  header: true,
  methods: true,
  required: true,
  lifetimeMs: true,
  leaseMs: true,
  concurrent: true,
  waitMs: true,
  scope: true,
  sessionCookie: true,
  keepServerErrors: true,
  keepSetCookie: true,
  fingerprint: true,
  maxRunMs: true,
  onConflict: true,
} as const satisfies KnownOptions<IdempotencyOptions>;

/** What a guard was configured with, defaults resolved. */
interface Settings {
  readonly options: IdempotencyOptions;
  readonly store: GuardStore;
  readonly header: string;
  readonly methods: ReadonlySet<string>;
  readonly lifetimeMs: number;
  readonly leaseMs: number;
  readonly waitMs: number;
  readonly maxRunMs: number;
  readonly fingerprintOf: (request: GuardRequest) => string | Promise<string>;
}

function settingsOf(options: IdempotencyOptions): Settings {
  const declared = options.catalog?.idempotency;
  return {
    options,
    store: options.store ?? new MemoryStore(),
    header: options.header ?? declared?.header ?? "Idempotency-Key",
    methods: new Set((options.methods ?? declared?.methods ?? ["POST", "PATCH"]).map((m) => m.toUpperCase())),
    lifetimeMs: options.lifetimeMs ?? (declared ? declared.lifetimeSeconds * 1000 : 24 * 60 * 60 * 1000),
    leaseMs: options.leaseMs ?? 30_000,
    waitMs: options.waitMs ?? 10_000,
    maxRunMs: options.maxRunMs ?? 60_000,
    fingerprintOf:
      options.fingerprint ??
      ((r) =>
        sha256(
          r.method.toUpperCase(),
          r.path,
          r.query ?? "",
          headerValue(r.headers, "content-type") ?? "",
          r.body ?? new Uint8Array(),
        )),
  };
}

/** Another run took this key over: logged at error level and told to `onConflict`. */
function conflict(options: IdempotencyOptions, key: string, phase: "renew" | "complete"): void {
  logGuardError(
    options,
    { guard: "idempotency", phase },
    "errata idempotency guard: another run took this key over; this run's result is not stored and may run twice",
  );
  try {
    options.onConflict?.({ key, phase });
  } catch {
    // Nor a failing hook.
  }
}

/** Take the key, or find what holds it; in "wait" mode, wait for a running duplicate to finish. */
async function begin(s: Settings, storeKey: string, fingerprint: string, token: string): Promise<BeginResult> {
  const deadline = Date.now() + (s.options.concurrent === "wait" ? s.waitMs : 0);
  for (let pause = 25; ; pause = Math.min(pause * 2, 500)) {
    const found = await storeCall(s.options, s.store, () =>
      s.store.begin(storeKey, fingerprint, token, s.leaseMs, s.lifetimeMs, Date.now()),
    );
    if (found.state !== "running" || Date.now() + pause > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/** Run the handler under the key's lease, then store its response (a 5xx, or a throw, gives the key back). */
async function run(s: Settings, leases: Leases, live: Live, next: Next): Promise<GuardResponse> {
  const { options, store } = s;
  leases.track(live);
  const giveBack = () =>
    storeCall(options, store, () => store.release(live.storeKey, live.token)).catch((failure) =>
      logStoreFailure(options, "idempotency", failure, false),
    );
  let response: GuardResponse;
  try {
    response = await next();
  } catch (error) {
    leases.untrack(live);
    // No response to keep: give the key back so that a retry can run.
    await giveBack();
    throw error;
  }
  leases.untrack(live);
  if (response.status >= 500 && !options.keepServerErrors) {
    await giveBack();
    return response;
  }
  let stored = false;
  try {
    const kept = toStored(response, options.keepSetCookie === true);
    stored = await storeCall(options, store, () =>
      store.complete(live.storeKey, live.token, kept, s.lifetimeMs, Date.now()),
    );
    if (!stored && !live.lost) conflict(options, live.key, "complete");
  } catch (failure) {
    // The client still gets its response; a retry after the lease would run again, so say so loudly.
    logStoreFailure(options, "idempotency", failure, false);
  }
  return stored ? response : { ...response, headers: { ...response.headers, [NOT_STORED_HEADER]: "false" } };
}

/**
 * The refusal of a request the guard cannot take (a bad key, an unseen body, an
 * unknown caller), or its store key. `sent` is the key header's value as the request has it.
 */
async function admit(
  s: Settings,
  request: GuardRequest,
  sent: string,
): Promise<GuardResponse | { readonly key: string; readonly storeKey: string }> {
  const { options, header } = s;
  const key = keyOf(sent) as string;
  if (key === "" || key.length > MAX_KEY_LENGTH) {
    const details = { header, method: request.method, path: request.path };
    return refuse(guardError(options, "IDEMPOTENCY_KEY_MISSING", details), request, options);
  }
  const caller = options.scope ? options.scope(request) : await callerOf(request, options.sessionCookie);
  const problem =
    request.bodyUnseen ??
    (caller === undefined
      ? // Anonymous callers (or callers by a cookie errata was not told of) would share one scope,
        // and one could be answered with another's stored response.
        'this caller has no credential (Authorization, X-Api-Key) and no named session cookie, so its keys would share a scope with other such callers; set `sessionCookie`, or a `scope` function (`() => "public"` for an API where anonymous keys may share one)'
      : undefined);
  if (problem !== undefined || caller === undefined) {
    logGuardError(options, { guard: "idempotency", problem }, `errata idempotency guard: setup: ${problem}`);
    return refuse(guardError(options, "GUARD_MISCONFIGURED", { guard: "idempotency" }), request, options);
  }
  return { key, storeKey: await sha256(caller, key) };
}

/** The idempotency guard. */
export function idempotency(options: IdempotencyOptions = {}): Guard {
  checkOptions("idempotency", options, OPTIONS);
  const s = settingsOf(options);
  const leases = leaseRenewer(options, s.store, s, (live) => conflict(options, live.key, "renew"));
  return {
    name: "idempotency",
    async handle(request, next) {
      if (!s.methods.has(request.method.toUpperCase())) return next();
      const sent = headerValue(request.headers, s.header);
      if (sent === undefined) {
        if (!options.required) return next();
        const details = { header: s.header, method: request.method, path: request.path };
        return refuse(guardError(options, "IDEMPOTENCY_KEY_MISSING", details), request, options);
      }
      const admitted = await admit(s, request, sent);
      if ("status" in admitted) return admitted;
      const { key, storeKey } = admitted;
      const token = crypto.randomUUID();
      let found: BeginResult;
      try {
        found = await begin(s, storeKey, await s.fingerprintOf(request), token);
      } catch (failure) {
        if (!(failure instanceof StoreFailure)) throw failure;
        logStoreFailure(options, "idempotency", failure, false);
        return storeUnavailable("idempotency", request, options);
      }
      switch (found.state) {
        case "acquired":
          return run(s, leases, { key, storeKey, token, started: Date.now(), renewed: Date.now(), lost: false }, next);
        case "done":
          return fromStored(found.response);
        case "mismatch":
          return refuse(guardError(options, "IDEMPOTENCY_KEY_REUSED", { key }), request, options);
        case "running":
          return refuse(guardError(options, "IDEMPOTENCY_IN_PROGRESS", { key }, { retryAfter: 1 }), request, options);
      }
    },
  };
}
