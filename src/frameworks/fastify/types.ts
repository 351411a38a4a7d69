/**
 * The parts of Fastify 5 that errata reads and calls, as one set of structural
 * types shared by the error handler and the guards' hooks: errata needs no
 * dependency on Fastify, and a real request, reply or instance fits them.
 */

/** What errata reads of a Fastify request. */
export interface FastifyRequestLike {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed body: a JSON-RPC error echoes its id, and the guards fingerprint it. */
  readonly body?: unknown;
  /** The connection: its peer is the client's address (the guards' `trustProxy` reads X-Forwarded-For). */
  readonly socket?: { readonly remoteAddress?: string };
  /** The route matched: its pattern (`/repos/:repoId/stars`) says which operation the request is. */
  readonly routeOptions?: { readonly url?: string };
}

/** What errata reads and calls on a Fastify reply. */
export interface FastifyReplyLike {
  readonly statusCode: number;
  code(status: number): FastifyReplyLike;
  header(name: string, value: string): FastifyReplyLike;
  headers(values: Record<string, string>): FastifyReplyLike;
  getHeaders(): Record<string, unknown>;
  send(payload?: unknown): FastifyReplyLike;
  /** The request this reply answers. */
  readonly request: FastifyRequestLike;
  /** The Fastify instance of the route's encapsulation context. */
  readonly server: object;
}

/** What errata's error handler calls on a Fastify instance. */
export interface FastifyLike {
  setErrorHandler(handler: (error: never, request: FastifyRequestLike, reply: FastifyReplyLike) => unknown): unknown;
  setNotFoundHandler(handler: (request: FastifyRequestLike, reply: FastifyReplyLike) => unknown): unknown;
  decorateReply(name: "sendError", method: (this: FastifyReplyLike, error: unknown) => unknown): unknown;
  hasReplyDecorator(name: string): boolean;
}

/** What the guards call on a Fastify instance (whose overloaded addHook no structural type matches). */
export interface FastifyHooks {
  addHook(
    name: "preHandler" | "onSend",
    hook: (request: never, reply: never, payload: never) => Promise<unknown>,
  ): unknown;
}
