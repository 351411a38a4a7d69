/**
 * Fastify 5: `await app.register(errataFastify, opts)` sets the error handler and
 * the not-found handler. Validation and JSON errors arrive already typed.
 */
import type { IncomingHttpHeaders } from "node:http";
import { routeNotFound } from "./normalize.js";
import { type ErrorHandlerOptions, errorResponse } from "./respond.js";

/** What errata reads of a Fastify request. */
export interface FastifyRequestLike {
  readonly headers: IncomingHttpHeaders;
  readonly method: string;
  readonly url: string;
}

/** What errata calls on a Fastify reply. */
export interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  headers(values: Record<string, string>): FastifyReplyLike;
  send(payload?: unknown): unknown;
}

/** What errata calls on a Fastify instance. */
export interface FastifyLike {
  setErrorHandler(handler: (error: never, request: FastifyRequestLike, reply: FastifyReplyLike) => unknown): unknown;
  setNotFoundHandler(handler: (request: FastifyRequestLike, reply: FastifyReplyLike) => unknown): unknown;
}

function reply(
  res: FastifyReplyLike,
  thrown: unknown,
  request: FastifyRequestLike,
  options: ErrorHandlerOptions,
): unknown {
  const r = errorResponse(thrown, request.headers, options);
  const body = typeof r.body === "string" ? r.body : Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength);
  return res.code(r.status).headers(r.headers).send(body);
}

/**
 * The plugin. It skips encapsulation (as fastify-plugin would), so it covers the
 * context it is registered in: the whole app on the root instance, or one prefixed
 * scope (with its own catalog and format) when registered inside that scope.
 */
export function errataFastify(instance: FastifyLike, options: ErrorHandlerOptions, done: (err?: Error) => void): void {
  // The handlers send the reply themselves and return nothing for Fastify to send.
  instance.setErrorHandler((error: unknown, request, res) => {
    reply(res, error, request, options);
  });
  instance.setNotFoundHandler((request, res) => {
    reply(res, routeNotFound(options.catalog, request.method, request.url), request, options);
  });
  done();
}
Object.defineProperty(errataFastify, Symbol.for("skip-override"), { value: true });
Object.defineProperty(errataFastify, Symbol.for("fastify.display-name"), { value: "errata" });
