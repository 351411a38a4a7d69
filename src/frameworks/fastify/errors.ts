/**
 * Fastify 5: `await app.register(errataFastify, opts)` sets the error handler and
 * the not-found handler, and adds `reply.sendError(err)`, which answers without a
 * throw. Validation and JSON errors arrive already typed.
 */
import { routeNotFound } from "../../server/normalize.js";
import { checkHandlerOptions, type ErrorHandlerOptions, errorResponse } from "../../server/respond.js";
import type { FastifyLike, FastifyReplyLike, FastifyRequestLike } from "./types.js";

export type { FastifyLike, FastifyReplyLike, FastifyRequestLike } from "./types.js";

/**
 * The options of the nearest errata registration, kept on the Fastify instance it
 * was registered in. Fastify makes child contexts with Object.create, so a route
 * reads them through the prototype chain: its own scope's, else its parent's.
 */
const OPTIONS = Symbol("errata.fastify.options");

function optionsOf(server: object): ErrorHandlerOptions | undefined {
  return (server as { [OPTIONS]?: ErrorHandlerOptions })[OPTIONS];
}

/** Answer `thrown` on Fastify's reply, in the catalog's format (errataFastify's handlers, and errata/nest's on Fastify). */
export function replyWithError(
  res: FastifyReplyLike,
  thrown: unknown,
  request: FastifyRequestLike,
  options: ErrorHandlerOptions,
): unknown {
  const url = request.routeOptions?.url;
  const route = url === undefined ? {} : { route: { method: request.method, route: url } };
  const r = errorResponse(thrown, request.headers, options, { body: request.body, ...route });
  // A Buffer, not a string: Fastify appends "; charset=utf-8" to the Content-Type of a string body, which
  // JSON:API forbids and strict problem+json clients do not match.
  const body =
    typeof r.body === "string" ? Buffer.from(r.body) : Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength);
  return res.code(r.status).headers(r.headers).send(body);
}

/** What Fastify's register() passes to a plugin beside its own options. */
const REGISTER_OPTIONS = { prefix: true, logLevel: true, logSerializers: true } as const;

/**
 * The plugin. It skips encapsulation (as fastify-plugin would), so it covers the
 * context it is registered in: the whole app on the root instance, or one prefixed
 * scope (with its own catalog and format) when registered inside that scope.
 */
export function errataFastify(instance: FastifyLike, options: ErrorHandlerOptions, done: (err?: Error) => void): void {
  checkHandlerOptions("errataFastify", options, REGISTER_OPTIONS);
  // The handlers send the reply themselves and return nothing for Fastify to send.
  instance.setErrorHandler((error: unknown, request, res) => {
    replyWithError(res, error, request, options);
  });
  instance.setNotFoundHandler((request, res) => {
    replyWithError(res, routeNotFound(options.catalog, request.method, request.url), request, options);
  });
  Object.defineProperty(instance, OPTIONS, { value: options, configurable: true });
  // A throw costs Fastify about 15% of an error request; reply.sendError(err) gives the same answer without one.
  if (!instance.hasReplyDecorator("sendError")) {
    instance.decorateReply("sendError", function (this: FastifyReplyLike, error: unknown) {
      return replyWithError(this, error, this.request, optionsOf(this.server) ?? options);
    });
  }
  done();
}
Object.defineProperty(errataFastify, Symbol.for("skip-override"), { value: true });
Object.defineProperty(errataFastify, Symbol.for("fastify.display-name"), { value: "errata" });
