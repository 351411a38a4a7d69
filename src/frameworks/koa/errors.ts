/**
 * Koa 3: `app.use(errataKoa({ catalog }))` first, before the routes. It answers
 * anything thrown below it in the catalog's format (the same normalisation as every
 * adapter: nothing internal sent), and a request nothing answered (Koa's bare 404)
 * with ROUTE_NOT_FOUND. The response goes through Koa (`ctx.status`, `ctx.set`,
 * `ctx.body`), so middleware above it (CORS, compression) still sees it.
 */
import type { IncomingMessage } from "node:http";
import { routeNotFound } from "../../server/normalize.js";
import type { RouteHint } from "../../server/operations.js";
import {
  checkHandlerOptions,
  type ErrorHandlerOptions,
  type ErrorResponse,
  errorResponse,
} from "../../server/respond.js";

/** What errata reads and sets of a Koa context. */
export interface KoaContextLike {
  readonly req: IncomingMessage;
  readonly method: string;
  readonly path: string;
  readonly headerSent: boolean;
  /** The parsed body (@koa/bodyparser): a JSON-RPC error echoes its id, validation pointers resolve in it. */
  readonly request: { readonly body?: unknown };
  /** The pattern @koa/router matched. */
  readonly _matchedRoute?: unknown;
  status: number;
  body: unknown;
  set(headers: Record<string, string | string[]>): void;
}

/** Put a built error response on the context. */
function answer(ctx: KoaContextLike, r: ErrorResponse): void {
  ctx.status = r.status;
  ctx.set(r.headers as Record<string, string | string[]>);
  ctx.body = typeof r.body === "string" ? r.body : Buffer.from(r.body);
}

function routeOf(ctx: KoaContextLike): { route?: RouteHint } {
  const matched = ctx._matchedRoute;
  return typeof matched === "string" ? { route: { method: ctx.method, route: matched } } : {};
}

/** Koa middleware answering errors and unanswered requests in the catalog's format. */
export function errataKoa(
  options: ErrorHandlerOptions = {},
): (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void> {
  checkHandlerOptions("errataKoa", options);
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && (ctx.body === undefined || ctx.body === null) && !ctx.headerSent) {
        answer(ctx, errorResponse(routeNotFound(options.catalog, ctx.method, ctx.path), ctx.req.headers, options));
      }
    } catch (thrown) {
      if (ctx.headerSent) {
        // The body can no longer be replaced: end the connection, as the other adapters do.
        ctx.req.socket?.destroy();
        return;
      }
      const body = ctx.request.body;
      answer(ctx, errorResponse(thrown, ctx.req.headers, options, { body, ...routeOf(ctx) }));
    }
  };
}
