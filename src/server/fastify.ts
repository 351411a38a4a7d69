/**
 * Fastify 5: `await app.register(errataFastify, opts)` sets the error handler and
 * the not-found handler, and adds `reply.sendError(err)`, which answers without a
 * throw. Validation and JSON errors arrive already typed.
 */
import type { IncomingHttpHeaders } from "node:http";
import { routeNotFound } from "./normalize.js";
import { type ErrorHandlerOptions, errorResponse } from "./respond.js";

/** What errata reads of a Fastify request. */
export interface FastifyRequestLike {
  readonly headers: IncomingHttpHeaders;
  readonly method: string;
  readonly url: string;
  /** The parsed body: a JSON-RPC error echoes its id. */
  readonly body?: unknown;
}

/** What errata calls on a Fastify reply. */
export interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  headers(values: Record<string, string>): FastifyReplyLike;
  send(payload?: unknown): unknown;
  /** The request this reply answers. */
  readonly request: FastifyRequestLike;
  /** The Fastify instance of the route's encapsulation context. */
  readonly server: object;
}

/** What errata calls on a Fastify instance. */
export interface FastifyLike {
  setErrorHandler(handler: (error: never, request: FastifyRequestLike, reply: FastifyReplyLike) => unknown): unknown;
  setNotFoundHandler(handler: (request: FastifyRequestLike, reply: FastifyReplyLike) => unknown): unknown;
  decorateReply(name: "sendError", method: (this: FastifyReplyLike, error: unknown) => unknown): unknown;
  hasReplyDecorator(name: string): boolean;
}

/**
 * The options of the nearest errata registration, kept on the Fastify instance it
 * was registered in. Fastify makes child contexts with Object.create, so a route
 * reads them through the prototype chain: its own scope's, else its parent's.
 */
const OPTIONS = Symbol("errata.fastify.options");

function optionsOf(server: object): ErrorHandlerOptions | undefined {
  return (server as { [OPTIONS]?: ErrorHandlerOptions })[OPTIONS];
}

function reply(
  res: FastifyReplyLike,
  thrown: unknown,
  request: FastifyRequestLike,
  options: ErrorHandlerOptions,
): unknown {
  const r = errorResponse(thrown, request.headers, options, { body: request.body });
  // A Buffer, not a string: Fastify appends "; charset=utf-8" to the Content-Type of a string body, which
  // JSON:API forbids and strict problem+json clients do not match.
  const body =
    typeof r.body === "string" ? Buffer.from(r.body) : Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength);
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
  Object.defineProperty(instance, OPTIONS, { value: options, configurable: true });
  // A throw costs Fastify about 15% of an error request; reply.sendError(err) gives the same answer without one.
  if (!instance.hasReplyDecorator("sendError")) {
    instance.decorateReply("sendError", function (this: FastifyReplyLike, error: unknown) {
      return reply(this, error, this.request, optionsOf(this.server) ?? options);
    });
  }
  done();
}
Object.defineProperty(errataFastify, Symbol.for("skip-override"), { value: true });
Object.defineProperty(errataFastify, Symbol.for("fastify.display-name"), { value: "errata" });
