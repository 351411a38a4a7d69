/**
 * errata/fastify: the Fastify plugin, with `reply.sendError` declared on Fastify's
 * own FastifyReply. A separate entry point, so that only apps that have Fastify
 * load its types.
 */
import type {} from "fastify";

export { errataFastify } from "./errors.js";

declare module "fastify" {
  interface FastifyReply {
    /**
     * Answer with an error as errata's error handler would (catalog, wire format,
     * headers, no internals), without throwing it: a throw costs Fastify about 15%
     * of an error request. Added by the errata plugin.
     */
    sendError(error: unknown): FastifyReply;
  }
}
