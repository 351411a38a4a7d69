/**
 * errata's exception filter for NestJS, on the Express and the Fastify platform
 * alike: anything a handler throws (Nest's HttpExceptions through exceptions.ts)
 * leaves in the catalog's format, with the same normalisation as every adapter.
 * Contexts other than HTTP (microservices, websockets) are left to Nest.
 */
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { Catch } from "@nestjs/common";
import type { RouteHint } from "../../server/operations.js";
import {
  checkHandlerOptions,
  type ErrorHandlerOptions,
  type ErrorResponse,
  errorResponse,
} from "../../server/respond.js";
import { fromNest } from "./exceptions.js";

/** What the filter reads of Nest's ArgumentsHost. */
export interface ArgumentsHostLike {
  getType(): string;
  switchToHttp(): { getRequest(): unknown; getResponse(): unknown };
}

/** The request, Express's or Fastify's: what errata reads of it. */
interface RequestLike {
  readonly method?: string;
  readonly url?: string;
  readonly originalUrl?: string;
  readonly headers?: IncomingHttpHeaders;
  readonly body?: unknown;
  readonly route?: { readonly path?: unknown };
  readonly routeOptions?: { readonly url?: unknown };
}

/** Fastify's reply: errata sends through it. */
interface ReplyLike {
  readonly raw: ServerResponse;
  readonly sent: boolean;
  code(status: number): ReplyLike;
  headers(values: Record<string, string>): ReplyLike;
  send(body: unknown): unknown;
}

function routeOf(req: RequestLike, method: string): { route?: RouteHint } {
  const pattern = req.route?.path ?? req.routeOptions?.url;
  return typeof pattern === "string" ? { route: { method, route: pattern } } : {};
}

/** Send on Fastify's reply or Express's response; a response already started is ended instead. */
function send(res: unknown, r: ErrorResponse): void {
  // Bytes, not a string: Fastify would add "; charset=utf-8" to the catalog's media type.
  const body = Buffer.from(r.body);
  if (res && typeof (res as ReplyLike).code === "function" && (res as ReplyLike).raw) {
    const reply = res as ReplyLike;
    if (reply.sent) return void reply.raw.destroy();
    reply.code(r.status).headers(r.headers).send(body);
    return;
  }
  const response = res as ServerResponse;
  if (response.headersSent) return void response.destroy();
  response.writeHead(r.status, r.headers).end(body);
}

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
    const context = { body: req.body, ...routeOf(req, method) };
    send(http.getResponse(), errorResponse(thrown, req.headers, this.#options, context));
  }
}
Catch()(ErrataExceptionFilter);
