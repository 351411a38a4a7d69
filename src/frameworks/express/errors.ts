/**
 * Express 5: `app.use(expressNotFound(opts))` after the routes, then
 * `app.use(expressErrorHandler(opts))`. Express requests and responses are
 * node:http's, so these are thin wrappers over sendError. Express reads a thrown
 * falsy value, "route" or "router" as a call to next(), not as an error: such a
 * throw reaches expressNotFound (a 404), never the error handler.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { routeNotFound } from "../../server/normalize.js";
import { checkHandlerOptions, type ErrorHandlerOptions } from "../../server/respond.js";
import { sendError } from "../node/errors.js";

type Request = IncomingMessage & { readonly originalUrl?: string };

/** Error middleware (four parameters, as Express requires). Passes on when headers were already sent. */
export function expressErrorHandler(
  options: ErrorHandlerOptions = {},
): (err: unknown, req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
  checkHandlerOptions("expressErrorHandler", options);
  return function errataErrorHandler(err, req, res, next) {
    if (res.headersSent) {
      next(err);
      return;
    }
    sendError(res, err, req, options);
  };
}

/** Middleware for requests no route matched: ROUTE_NOT_FOUND in the catalog's format. */
export function expressNotFound(options: ErrorHandlerOptions = {}): (req: Request, res: ServerResponse) => void {
  checkHandlerOptions("expressNotFound", options);
  return (req, res) => {
    sendError(
      res,
      routeNotFound(options.catalog, req.method ?? "GET", req.originalUrl ?? req.url ?? "/"),
      req,
      options,
    );
  };
}
