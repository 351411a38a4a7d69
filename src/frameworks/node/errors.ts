/** The node:http adapter: send anything thrown as a response in the catalog's format. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RouteHint } from "../../server/operations.js";
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
/**
 * The route Express matched, its mount path included. An app-level error handler
 * sees the route's own pattern (`/:repoId/stars`) with `baseUrl` already reset, so
 * the mount path is what precedes the pattern's segments in the URL the client sent.
 */
function routeOf(req: IncomingMessage | undefined): { route?: RouteHint } {
  const matched = req as
    | (IncomingMessage & { route?: { path?: unknown }; baseUrl?: unknown; originalUrl?: unknown })
    | undefined;
  const pattern = matched?.route?.path;
  if (typeof pattern !== "string" || !req?.method) return {};
  let base = typeof matched?.baseUrl === "string" ? matched.baseUrl : "";
  const sent = typeof matched?.originalUrl === "string" ? matched.originalUrl : (req.url ?? "");
  if (!base && !/[*?()]/.test(pattern)) {
    const path = (sent.split("?")[0] ?? "").split("/").filter(Boolean);
    const own = pattern.split("/").filter(Boolean).length;
    base = path.length > own ? `/${path.slice(0, path.length - own).join("/")}` : "";
  }
  return { route: { method: req.method, route: `${base}${pattern}` } };
}

export function sendError(
  res: ServerResponse,
  thrown: unknown,
  req?: IncomingMessage,
  options: ErrorHandlerOptions = {},
): ErrorResponse {
  checkHandlerOptions("sendError", options);
  // A body parser (express.json()) leaves the parsed body on the request: a JSON-RPC error echoes its id.
  const r = errorResponse(thrown, req?.headers, options, {
    body: (req as { body?: unknown } | undefined)?.body,
    ...routeOf(req),
  });
  if (res.headersSent) {
    res.destroy();
    return r;
  }
  res.writeHead(r.status, r.headers);
  res.end(r.body);
  return r;
}
