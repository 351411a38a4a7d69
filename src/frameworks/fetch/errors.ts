/** The Fetch API adapter (Hono, Bun, Deno, workers): anything thrown → a Response in the catalog's format. */
import type { RouteHint } from "../../server/operations.js";
import { checkHandlerOptions, type ErrorHandlerOptions, errorResponse } from "../../server/respond.js";

export interface ToResponseOptions extends ErrorHandlerOptions {
  /** The request being answered: its X-Request-Id, traceparent and Accept headers are read. */
  readonly request?: Request;
  /** The request's parsed body, when the handler read it: a JSON-RPC error echoes its id. */
  readonly body?: unknown;
  /** The request's operation, as the router knows it: its method and pattern, or the operation's id. */
  readonly route?: RouteHint;
}

/** toResponse's own options, besides an error handler's. */
const TO_RESPONSE_OPTIONS = { request: true, body: true, route: true } as const;

/**
 * @example
 * app.onError((err, c) => toResponse(err, { request: c.req.raw, catalog }));
 */
export function toResponse(thrown: unknown, options: ToResponseOptions = {}): Response {
  checkHandlerOptions("toResponse", options, TO_RESPONSE_OPTIONS);
  return fetchResponse(thrown, options, options.request, options.body, options.route);
}

/**
 * toResponse for adapters whose options were checked when they were made (Hono's):
 * the request's parts are passed apart, so that no options object is built, and none
 * checked again, per error.
 */
export function fetchResponse(
  thrown: unknown,
  options: ErrorHandlerOptions,
  request: Request | undefined,
  body: unknown,
  route: RouteHint | undefined,
): Response {
  const r = errorResponse(thrown, request?.headers, options, route ? { body, route } : { body });
  // A frame is a fresh Uint8Array, never on shared memory: the DOM's BodyInit takes it as one.
  return new Response(r.body as string | Uint8Array<ArrayBuffer>, { status: r.status, headers: r.headers });
}
