/**
 * idempotency(): the IETF Idempotency-Key header with Stripe's semantics. The first
 * request with a key runs; later ones with the same key and payload get its stored
 * status, headers and body (marked `Idempotent-Replayed: true`). The same key with
 * another payload is refused (422), a duplicate of a run still in progress gets 409
 * (or waits for its result), and a missing key where required gets 400.
 *
 * Unlike Stripe, a 5xx response is not kept by default: it says the server failed to
 * do the work, errata's client retries it with the same key, and that retry should
 * get to run (`keepServerErrors: true` keeps them, as Stripe does).
 *
 * A run holds the key under a lease that it renews while it works. A process that
 * dies mid-request stops renewing; once the lease lapses, a retry takes the key over
 * and runs once. While the lease lives nothing else runs. A store that cannot be
 * reached refuses the request (STORE_UNAVAILABLE): running it unguarded could run it twice.
 */
import { createHash, randomUUID } from "node:crypto";
import { headerValue } from "../wire/common.js";
import { guardError, logStoreFailure, refuse, StoreFailure, storeCall, storeUnavailable } from "./respond.js";
import type { BeginResult, StoredResponse } from "./stores/contract.js";
import { MemoryStore } from "./stores/memory.js";
import type { Guard, GuardOptions, GuardRequest, GuardResponse } from "./types.js";

export interface IdempotencyOptions extends GuardOptions {
  /** The header (default: the catalog's `idempotency.header`, else "Idempotency-Key"). */
  readonly header?: string;
  /** Methods the guard applies to (default: the catalog's `idempotency.methods`, else POST and PATCH). */
  readonly methods?: readonly string[];
  /** Refuse requests of those methods without a key (default false: they run unguarded). */
  readonly required?: boolean;
  /** How long a key and its response are kept, in ms (default: the catalog's `idempotency.lifetime`, else 24 h). */
  readonly lifetimeMs?: number;
  /** The lease of a running request, in ms (default 30 s); it is renewed every third of it. */
  readonly leaseMs?: number;
  /** A duplicate of a running request: refuse it with 409 (default) or wait for the first one's response. */
  readonly concurrent?: "reject" | "wait";
  /** The longest wait for "wait", in ms (default 10 s); then 409. */
  readonly waitMs?: number;
  /** Whose keys these are (an account, an API key): keys of different scopes never meet. */
  readonly scope?: (request: GuardRequest) => string;
  /** Keep and replay 5xx responses too, as Stripe does (default false: the key is given back). */
  readonly keepServerErrors?: boolean;
  /** What makes two requests "the same" (default: method, path and body). */
  readonly fingerprint?: (request: GuardRequest) => string;
}

const MAX_KEY_LENGTH = 255;

function sha256(...parts: (string | Uint8Array)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("base64url");
}

function toStored(response: GuardResponse): StoredResponse {
  return { status: response.status, headers: response.headers, body: Buffer.from(response.body).toString("base64") };
}

function fromStored(stored: StoredResponse): GuardResponse {
  return {
    status: stored.status,
    headers: { ...stored.headers, "Idempotent-Replayed": "true" },
    body: new Uint8Array(Buffer.from(stored.body, "base64")),
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

/** The idempotency guard. */
export function idempotency(options: IdempotencyOptions = {}): Guard {
  const store = options.store ?? new MemoryStore();
  const declared = options.catalog?.idempotency;
  const header = options.header ?? declared?.header ?? "Idempotency-Key";
  const methods = new Set((options.methods ?? declared?.methods ?? ["POST", "PATCH"]).map((m) => m.toUpperCase()));
  const lifetimeMs = options.lifetimeMs ?? (declared ? declared.lifetimeSeconds * 1000 : 24 * 60 * 60 * 1000);
  const leaseMs = options.leaseMs ?? 30_000;
  const waitMs = options.waitMs ?? 10_000;
  const fingerprintOf =
    options.fingerprint ?? ((r: GuardRequest) => sha256(r.method.toUpperCase(), r.path, r.body ?? new Uint8Array()));

  async function begin(storeKey: string, fingerprint: string, token: string): Promise<BeginResult> {
    const deadline = Date.now() + (options.concurrent === "wait" ? waitMs : 0);
    for (let pause = 25; ; pause = Math.min(pause * 2, 500)) {
      const found = await storeCall(options, () =>
        store.begin(storeKey, fingerprint, token, leaseMs, lifetimeMs, Date.now()),
      );
      if (found.state !== "running" || Date.now() + pause > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  async function run(storeKey: string, token: string, next: () => Promise<GuardResponse>): Promise<GuardResponse> {
    // Renew the lease while the handler works, so no retry takes the key from a live run.
    const renewal = setInterval(() => {
      storeCall(options, () => store.renew(storeKey, token, leaseMs, Date.now())).catch((failure) =>
        logStoreFailure(options, "idempotency", failure, false),
      );
    }, leaseMs / 3);
    renewal.unref();
    const giveBack = () =>
      storeCall(options, () => store.release(storeKey, token)).catch((failure) =>
        logStoreFailure(options, "idempotency", failure, false),
      );
    let response: GuardResponse;
    try {
      response = await next();
    } catch (error) {
      clearInterval(renewal);
      // No response to keep: give the key back so that a retry can run.
      await giveBack();
      throw error;
    }
    clearInterval(renewal);
    if (response.status >= 500 && !options.keepServerErrors) {
      await giveBack();
      return response;
    }
    try {
      await storeCall(options, () => store.complete(storeKey, token, toStored(response), lifetimeMs, Date.now()));
    } catch (failure) {
      // The client still gets its response; a retry after the lease would run again, so say so loudly.
      logStoreFailure(options, "idempotency", failure, false);
    }
    return response;
  }

  return {
    name: "idempotency",
    async handle(request, next) {
      if (!methods.has(request.method.toUpperCase())) return next();
      const key = keyOf(headerValue(request.headers, header));
      if (key === undefined || key === "" || key.length > MAX_KEY_LENGTH) {
        if (!options.required && key === undefined) return next();
        return refuse(
          guardError(options, "IDEMPOTENCY_KEY_MISSING", { header, method: request.method, path: request.path }),
          request,
          options,
        );
      }
      const storeKey = sha256(options.scope?.(request) ?? "", key);
      const token = randomUUID();
      let found: BeginResult;
      try {
        found = await begin(storeKey, fingerprintOf(request), token);
      } catch (failure) {
        if (!(failure instanceof StoreFailure)) throw failure;
        logStoreFailure(options, "idempotency", failure, false);
        return storeUnavailable("idempotency", request, options);
      }
      switch (found.state) {
        case "acquired":
          return run(storeKey, token, next);
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
