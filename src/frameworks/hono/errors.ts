/**
 * Hono: `app.use(honoMiddleware(opts))`, `app.onError(honoErrorHandler(opts))` and
 * `app.notFound(honoNotFound(opts))`. Hono calls onError only for Error instances
 * and rethrows anything else (a string, undefined) past it; the middleware catches
 * those. Structural types keep errata free of a dependency on Hono.
 */

import { isRequestValidation, routeNotFound } from "../../server/normalize.js";
import type { RouteHint } from "../../server/operations.js";
import { checkHandlerOptions, type ErrorHandlerOptions } from "../../server/respond.js";
import { fetchResponse } from "../fetch/errors.js";

/** What errata reads of a Hono context. */
export interface HonoContextLike {
  readonly req: {
    readonly raw: Request;
    readonly method: string;
    readonly path: string;
    /** The parsed JSON body (Hono keeps what the handler read). */
    json?(): Promise<unknown>;
    /** The pattern of the route that matched (`/repos/:repoId/stars`): which operation the request is. */
    readonly routePath?: string;
  };
}

/** The route Hono matched, as a route hint (a catch-all middleware's `/*` names no operation). */
function routeOf(c: HonoContextLike): RouteHint | undefined {
  const pattern = c.req.routePath;
  return pattern && pattern !== "/*" && pattern !== "*" ? { method: c.req.method, route: pattern } : undefined;
}

/**
 * The request's JSON body, where the answer needs it: a JSON-RPC error echoes its id,
 * and a validation error points at each field in it.
 */
async function requestBody(c: HonoContextLike, options: ErrorHandlerOptions, err: unknown): Promise<unknown> {
  const wanted = (options.format ?? options.catalog?.format) === "jsonrpc" || isRequestValidation(err);
  if (!wanted || !c.req.json) return undefined;
  try {
    return await c.req.json();
  } catch {
    return undefined; // Not JSON, or read past Hono: the id is null, as JSON-RPC says.
  }
}

/** An `app.onError` handler answering in the catalog's format. */
export function honoErrorHandler(
  options: ErrorHandlerOptions = {},
): (err: unknown, c: HonoContextLike) => Promise<Response> {
  checkHandlerOptions("honoErrorHandler", options);
  // Checked once here: each error builds no options object of its own.
  return async (err, c) => fetchResponse(err, options, c.req.raw, await requestBody(c, options, err), routeOf(c));
}

/** An `app.notFound` handler answering ROUTE_NOT_FOUND in the catalog's format. */
export function honoNotFound(options: ErrorHandlerOptions = {}): (c: HonoContextLike) => Response {
  checkHandlerOptions("honoNotFound", options);
  return (c) =>
    fetchResponse(routeNotFound(options.catalog, c.req.method, c.req.path), options, c.req.raw, undefined, undefined);
}

/** Middleware answering what Hono rethrows past onError (thrown values that are not Errors). */
export function honoMiddleware(
  options: ErrorHandlerOptions = {},
): (c: HonoContextLike, next: () => Promise<void>) => Promise<Response | undefined> {
  checkHandlerOptions("honoMiddleware", options);
  return async (c, next) => {
    try {
      await next();
      return undefined;
    } catch (err) {
      return fetchResponse(err, options, c.req.raw, await requestBody(c, options, err), undefined);
    }
  };
}
