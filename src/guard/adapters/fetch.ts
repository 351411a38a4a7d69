/**
 * Guards for Fetch-API servers: `guardFetch(guards, handler)` wraps any
 * `(Request) => Response` (Bun, Deno, workers, @hono/node-server), and
 * `honoGuard(...guards)` is the same as Hono middleware.
 */
import { runGuards } from "../chain.js";
import type { Guard, GuardRequest, GuardResponse } from "../types.js";

const NO_BODY = new Set(["GET", "HEAD"]);

async function guardRequest(request: Request, body: Uint8Array | undefined): Promise<GuardRequest> {
  const url = new URL(request.url);
  return {
    method: request.method,
    path: url.pathname,
    query: url.search.slice(1),
    headers: request.headers,
    ...(body ? { body } : {}),
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
  return new Response(empty ? null : response.body, { status: response.status, headers: response.headers });
}

/** Wrap a Fetch handler in guards. */
export function guardFetch(
  guards: Guard | readonly Guard[],
  handler: (request: Request) => Response | Promise<Response>,
): (request: Request) => Promise<Response> {
  const list = Array.isArray(guards) ? guards : [guards as Guard];
  return async (request) => {
    const body = NO_BODY.has(request.method) ? undefined : new Uint8Array(await request.arrayBuffer());
    const guarded = await guardRequest(request, body);
    const out = await runGuards(list, guarded, async () =>
      fromResponse(await handler(new Request(request, body ? { body } : {}))),
    );
    return toResponse(out);
  };
}

/** What errata uses of Hono's context. */
export interface HonoGuardContext {
  readonly req: { readonly raw: Request; arrayBuffer(): Promise<ArrayBuffer> };
  res: Response;
}

/** The guards as Hono middleware: `app.use("/api/*", honoGuard(rateLimit(...), idempotency(...)))`. */
export function honoGuard(...guards: Guard[]) {
  return async (c: HonoGuardContext, next: () => Promise<void>): Promise<Response | undefined> => {
    const raw = c.req.raw;
    const body = NO_BODY.has(raw.method) ? undefined : new Uint8Array(await c.req.arrayBuffer());
    let passed = false;
    const out = await runGuards(guards, await guardRequest(raw, body), async () => {
      passed = true;
      await next();
      return fromResponse(c.res);
    });
    const response = toResponse(out);
    if (!passed) return response;
    c.res = response;
    return undefined;
  };
}
