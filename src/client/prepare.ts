/**
 * A call made ready to send: its URL, method and headers (the client's, the
 * caller's languages, the call's own, an Idempotency-Key), its body, and what the
 * call allows: whether a repeat is safe, its timeout, deadline and retries.
 */

import { callKey, isIdempotent } from "./idempotency.js";
import { type CallOptions, type ClientSettings, positiveMs } from "./options.js";

/** One call, ready for its attempts. */
export interface Prepared {
  readonly url: string;
  readonly origin: string;
  readonly method: string;
  readonly init: RequestInit & { readonly method: string; readonly headers: Headers; readonly redirect: "manual" };
  /** A repeat cannot run the call twice: an idempotent method, or a key the API honours. */
  readonly repeatable: boolean;
  /** The body can be sent again (it is not a stream). */
  readonly replayable: boolean;
  readonly signal: AbortSignal | undefined;
  /** The attempt's timeout in ms; undefined when the caller turned it off. */
  readonly timeout: number | undefined;
  readonly deadlineMs: number | undefined;
  readonly retry: boolean;
}

function headersOf(settings: ClientSettings, own: RequestInit["headers"]): Headers {
  const headers = new Headers(settings.headers);
  if (settings.acceptLanguage !== undefined && !headers.has("accept-language")) {
    headers.set("accept-language", settings.acceptLanguage);
  }
  if (own) for (const [name, value] of new Headers(own)) headers.set(name, value);
  return headers;
}

/** Resolve a call's URL, headers, body and limits against the client's settings. */
export function prepare(settings: ClientSettings, path: string | URL, call: CallOptions): Prepared {
  const { json, signal, timeout: callTimeout, deadline: callDeadline, idempotencyKey, retry, ...init } = call;
  const target = new URL(path, settings.baseUrl);
  const method = (init.method ?? "GET").toUpperCase();
  const headers = headersOf(settings, init.headers);
  let body = init.body;
  if (json !== undefined) {
    body = JSON.stringify(json);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const key = callKey(method, headers, settings.keys, settings.sendsKeys ? idempotencyKey : false);
  if (key.value !== undefined) headers.set(settings.keys.header, key.value);
  const replayable = !(body instanceof ReadableStream);
  return {
    url: target.toString(),
    origin: target.origin,
    method,
    // Redirects are followed by hand (redirects.ts), so that none leaks a header or repeats a write.
    init: { ...init, method, headers, redirect: "manual", ...(body !== undefined ? { body } : {}) },
    repeatable: replayable && (isIdempotent(method) || key.protects),
    replayable,
    signal,
    timeout: callTimeout === false ? undefined : positiveMs(callTimeout, settings.timeout, "timeout"),
    deadlineMs: positiveMs(callDeadline, settings.deadline, "deadline"),
    retry: retry !== false,
  };
}
