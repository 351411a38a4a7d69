/**
 * errata's exception filter for NestJS, on the Express and the Fastify platform
 * alike: anything a handler throws (Nest's HttpExceptions through exceptions.ts)
 * leaves in the catalog's format, sent by the platform's own errata adapter
 * (node:http's `sendError` under Express, the Fastify plugin's reply under Fastify),
 * so the normalisation, the route and the body read are theirs. Contexts other than
 * HTTP (microservices, websockets) are left to Nest.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Catch } from "@nestjs/common";
import { checkHandlerOptions, type ErrorHandlerOptions } from "../../server/respond.js";
import { replyWithError } from "../fastify/errors.js";
import type { FastifyReplyLike, FastifyRequestLike } from "../fastify/types.js";
import { sendError } from "../node/errors.js";
import { fromNest } from "./exceptions.js";

/** What the filter reads of Nest's ArgumentsHost. */
export interface ArgumentsHostLike {
  getType(): string;
  switchToHttp(): { getRequest(): unknown; getResponse(): unknown };
}

/** The request, Express's or Fastify's: what the filter reads of it itself. */
interface RequestLike {
  readonly method?: string;
  readonly url?: string;
  readonly originalUrl?: string;
}

/** Fastify's reply, told from Express's response by its raw node response. */
type Reply = FastifyReplyLike & { readonly raw: ServerResponse; readonly sent: boolean };

const isReply = (res: unknown): res is Reply =>
  typeof (res as Reply | undefined)?.code === "function" && (res as Reply).raw !== undefined;

/** The exception filter: `app.useGlobalFilters(new ErrataExceptionFilter({ catalog }))`, or ErrataModule. */
export class ErrataExceptionFilter {
  readonly #options: ErrorHandlerOptions;

  constructor(options: ErrorHandlerOptions = {}) {
    checkHandlerOptions("ErrataExceptionFilter", options);
    this.#options = options;
  }

  catch(exception: unknown, host: ArgumentsHostLike): void {
    if (host.getType() !== "http") throw exception;
    const http = host.switchToHttp();
    const req = (http.getRequest() ?? {}) as RequestLike;
    const method = req.method ?? "GET";
    const path = (req.originalUrl ?? req.url ?? "/").split("?")[0] ?? "/";
    const thrown = fromNest(exception, this.#options.catalog, method, path);
    const res = http.getResponse();
    if (!isReply(res)) return void sendError(res as ServerResponse, thrown, req as IncomingMessage, this.#options);
    // A reply already sent can no longer be replaced: end the connection, as sendError does.
    if (res.sent) return void res.raw.destroy();
    replyWithError(res, thrown, req as FastifyRequestLike, this.#options);
  }
}
Catch()(ErrataExceptionFilter);
