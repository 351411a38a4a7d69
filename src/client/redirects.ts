/**
 * Redirects, followed by hand (`redirect: "manual"`) so that none can leak the
 * caller's headers or repeat a write:
 * - to another origin: refused, unless `crossOrigin` allows it; then every header
 *   the caller set (credentials, keys) is dropped before the request leaves;
 * - of a write (POST, PATCH, …): followed only when it becomes a GET of the result
 *   (303, or 301/302 of a POST, as fetch does); a 307 or 308 would send the write
 *   again, and is refused;
 * - in a runtime that hides the target (a browser's opaque redirect): a GET, HEAD
 *   or OPTIONS to the page's own origin is sent again for the runtime to follow
 *   with `mode: "same-origin"`, which fails on any hop to another origin, as fetch
 *   itself follows same-origin redirects; anything else is refused, since neither
 *   rule can be checked.
 * A refusal is REDIRECT_REFUSED, never retried.
 */
import { clientErrors } from "../own/client.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import { isIdempotent } from "./idempotency.js";

/** How redirects are followed. */
export interface RedirectOptions {
  /** Follow redirects to another origin, without the caller's headers (default false: refused). */
  readonly crossOrigin?: boolean;
  /** Most redirects followed per attempt (default 5). */
  readonly max?: number;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that describe a body, dropped with it when a redirect turns the request into a GET. */
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];

/** Methods that change nothing: a runtime may follow their redirects within the page's origin. */
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origin of the page the client runs in (a browser or worker), when it has one. */
function pageOrigin(): string | undefined {
  const origin = (globalThis as { location?: { origin?: unknown } }).location?.origin;
  return typeof origin === "string" && origin !== "null" ? origin : undefined;
}

/** One request of a chain of redirects. */
export interface Hop {
  readonly url: string;
  readonly init: RequestInit & { readonly method: string; readonly headers: Headers; readonly redirect: "manual" };
}

function refused(hop: Hop, status: number, location: string, reason: string): ErrataError {
  return clientErrors.REDIRECT_REFUSED(
    { method: hop.init.method, url: hop.url, status, location, reason },
    { stack: false },
  );
}

/**
 * A safe request to the page's own origin whose redirect the runtime hid: sent again
 * for the runtime to follow, `mode: "same-origin"` making any hop to another origin
 * a network error (refused here).
 */
async function followWithin(doFetch: typeof globalThis.fetch, hop: Hop): Promise<Response> {
  try {
    return await doFetch(hop.url, { ...hop.init, redirect: "follow", mode: "same-origin" });
  } catch {
    throw refused(hop, 0, "(hidden by the runtime)", "it leaves the page's origin, or the runtime refused it");
  }
}

/**
 * Fetch `first`, following the redirects the rules allow. Resolves with the final
 * response; rejects with REDIRECT_REFUSED, or with what fetch rejects with.
 */
export async function fetchFollowing(
  doFetch: typeof globalThis.fetch,
  first: Hop,
  options: RedirectOptions,
  keyHeader: string,
): Promise<Response> {
  const max = options.max ?? 5;
  let hop = first;
  for (let hops = 0; ; hops++) {
    const res = await doFetch(hop.url, hop.init);
    if (res.type === "opaqueredirect") {
      if (SAFE.has(hop.init.method) && pageOrigin() === new URL(hop.url).origin) return followWithin(doFetch, hop);
      throw refused(
        hop,
        0,
        "(hidden by the runtime)",
        "this runtime hides a redirect's target, so it cannot be checked",
      );
    }
    const location = REDIRECT_STATUSES.has(res.status) ? res.headers.get("location") : null;
    if (location === null) return res;
    await res.body?.cancel().catch(() => undefined);
    let target: URL;
    try {
      target = new URL(location, hop.url);
    } catch {
      throw refused(hop, res.status, location.slice(0, 200), "the Location is not a URL");
    }
    const to = target.toString();
    if (target.protocol !== "http:" && target.protocol !== "https:")
      throw refused(hop, res.status, to, "only http and https redirects are followed");
    if (hops >= max) throw refused(hop, res.status, to, `more than ${max} redirects`);
    const method = hop.init.method;
    const toGet =
      (res.status === 303 && method !== "GET" && method !== "HEAD") || (res.status <= 302 && method === "POST");
    if (!toGet && !isIdempotent(method)) throw refused(hop, res.status, to, `it would send the ${method} again`);
    if (!toGet && hop.init.body instanceof ReadableStream)
      throw refused(hop, res.status, to, "a streamed body cannot be sent again");
    const crossOrigin = target.origin !== new URL(hop.url).origin;
    if (crossOrigin && !options.crossOrigin) throw refused(hop, res.status, to, "it leads to another origin");
    const headers = crossOrigin ? new Headers() : new Headers(hop.init.headers);
    const { body, ...rest } = hop.init;
    if (toGet) {
      for (const name of [...BODY_HEADERS, keyHeader]) headers.delete(name);
      hop = { url: to, init: { ...rest, method: method === "HEAD" ? "HEAD" : "GET", headers } };
    } else {
      hop = { url: to, init: { ...rest, method, headers, ...(body != null ? { body } : {}) } };
    }
  }
}
