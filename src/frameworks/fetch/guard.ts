/**
 * Guards for Fetch-API servers: `guardFetch(guards, handler)` wraps any
 * `(Request) => Response` (Bun, Deno, workers, @hono/node-server), passing the
 * guards the client's address (guard/address.ts). Hono's middleware (hono/guard.ts)
 * is built from the same parts. When every guard is a gate (rateLimit,
 * replayGuard), the handler's response is passed on as it is, with their headers.
 */

import { platformAddress } from "../../guard/address.js";
import { admitAll, allGates, runGuards } from "../../guard/chain.js";
import type { Guard, GuardRequest, GuardResponse } from "../../guard/types.js";

/** Methods whose requests carry no body to read. */
export const NO_BODY = new Set(["GET", "HEAD"]);

/** A Request as the guards see it. */
export function guardRequest(request: Request, body: Uint8Array | undefined, ip: string | undefined): GuardRequest {
  const url = new URL(request.url);
  return {
    method: request.method,
    path: url.pathname,
    query: url.search.slice(1),
    headers: request.headers,
    ...(body ? { body } : {}),
    ...(ip !== undefined ? { ip } : {}),
  };
}

/** A Response as a guard sees it (its body read). */
export async function fromResponse(response: Response): Promise<GuardResponse> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
}

/** A guard's response as a Response. */
export function toResponse(response: GuardResponse): Response {
  const empty = response.status === 204 || response.status === 304 || response.body.byteLength === 0;
  // A stored body is read from a response or a store, never shared memory: the DOM's BodyInit takes it as one.
  const body = empty ? null : (response.body as Uint8Array<ArrayBuffer>);
  return new Response(body, { status: response.status, headers: response.headers });
}

/** Options of guardFetch. */
export interface GuardFetchOptions {
  /**
   * The client's address, from the request and the handler's second argument.
   * Default: Bun's `server.requestIP`, Deno's `info.remoteAddr`, @hono/node-server's
   * socket. On a worker behind a CDN, read the CDN's header here (CF-Connecting-IP).
   */
  readonly address?: (request: Request, platform: unknown) => string | undefined;
}

/** The response with the gates' headers under its own (a copy: a fetched Response's headers are immutable). */
export function withHeaders(response: Response, headers: Readonly<Record<string, string>>): Response {
  const out = new Response(response.body, response);
  for (const [name, value] of Object.entries(headers)) if (!out.headers.has(name)) out.headers.set(name, value);
  return out;
}

/** Wrap a Fetch handler in guards; the wrapper takes the runtime's second argument, for the client's address. */
export function guardFetch(
  guards: Guard | readonly Guard[],
  handler: (request: Request) => Response | Promise<Response>,
  options: GuardFetchOptions = {},
): (request: Request, platform?: unknown) => Promise<Response> {
  const list = Array.isArray(guards) ? guards : [guards as Guard];
  const addressOf = options.address ?? platformAddress;
  const gatesOnly = allGates(list);
  return async (request, platform) => {
    const body = NO_BODY.has(request.method) ? undefined : new Uint8Array(await request.arrayBuffer());
    const guarded = guardRequest(request, body, addressOf(request, platform));
    if (gatesOnly) {
      const admission = await admitAll(list, guarded);
      if ("refusal" in admission) return toResponse(admission.refusal);
      const response = await handler(new Request(request, body ? { body } : {}));
      return admission.headers ? withHeaders(response, admission.headers) : response;
    }
    const out = await runGuards(list, guarded, async () =>
      fromResponse(await handler(new Request(request, body ? { body } : {}))),
    );
    return toResponse(out);
  };
}
