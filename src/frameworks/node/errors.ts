/** The node:http adapter: send anything thrown as a response in the catalog's format. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RouteHint } from "../../server/operations.js";
import {
  checkHandlerOptions,
  type ErrorHandlerOptions,
  type ErrorResponse,
  errorResponse,
  warnerOf,
} from "../../server/respond.js";

/** The options a missing body was already reported for: once each, not once per request. */
const warned = new WeakSet<ErrorHandlerOptions>();

/**
 * node:http reads no body: a JSON-RPC error can echo the request's id only when the
 * handler put the parsed body on `req.body`. Without it the id is null, and a client
 * that matches answers by id (json-rpc-2.0's request()) waits forever: said once.
 */
function warnNoBody(options: ErrorHandlerOptions): void {
  if ((options.format ?? options.catalog?.format) !== "jsonrpc" || warned.has(options)) return;
  warned.add(options);
  warnerOf(options)(
    "errata: sendError answered a JSON-RPC POST with id null: node:http reads no body, so put the parsed request on req.body before sendError (req.body = JSON.parse(text)) for the error to echo the request's id",
  );
}

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
  const body = (req as { body?: unknown } | undefined)?.body;
  if (body === undefined && req?.method === "POST") warnNoBody(options);
  const r = errorResponse(thrown, req?.headers, options, { body, ...routeOf(req) });
  if (res.headersSent) {
    res.destroy();
    return r;
  }
  res.writeHead(r.status, r.headers);
  res.end(r.body);
  return r;
}
