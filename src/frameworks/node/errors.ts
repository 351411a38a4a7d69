/** The node:http adapter: send anything thrown as a response in the catalog's format. */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  checkHandlerOptions,
  type ErrorHandlerOptions,
  type ErrorResponse,
  errorResponse,
} from "../../server/respond.js";

/**
 * Send an error response. When headers were already sent, the connection is
 * closed instead, since the body can no longer be replaced.
 * @example
 * http.createServer(async (req, res) => {
 *   try { await handle(req, res); } catch (err) { sendError(res, err, req, { catalog }); }
 * });
 */
export function sendError(
  res: ServerResponse,
  thrown: unknown,
  req?: IncomingMessage,
  options: ErrorHandlerOptions = {},
): ErrorResponse {
  checkHandlerOptions("sendError", options);
  // A body parser (express.json()) leaves the parsed body on the request: a JSON-RPC error echoes its id.
  const r = errorResponse(thrown, req?.headers, options, { body: (req as { body?: unknown } | undefined)?.body });
  if (res.headersSent) {
    res.destroy();
    return r;
  }
  res.writeHead(r.status, r.headers);
  res.end(r.body);
  return r;
}
