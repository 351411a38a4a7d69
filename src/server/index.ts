/**
 * errata/server: one error handler for any framework. Anything thrown leaves in
 * the API's wire format, with the right status, Retry-After, request and trace ids,
 * and never an unexpected error's message or stack.
 */

export { expressErrorHandler, expressNotFound } from "../frameworks/express/errors.js";
export {
  errataFastify,
  type FastifyLike,
  type FastifyReplyLike,
  type FastifyRequestLike,
} from "../frameworks/fastify/errors.js";
export { type ToResponseOptions, toResponse } from "../frameworks/fetch/errors.js";
export { type HonoContextLike, honoErrorHandler, honoMiddleware, honoNotFound } from "../frameworks/hono/errors.js";
export { sendError } from "../frameworks/node/errors.js";
export { requestIdFrom, traceIdFrom } from "./ids.js";
export { errataTool, type ToolErrorResult } from "./mcp.js";
export {
  MAX_VIOLATIONS,
  type Normalized,
  type NormalizeOptions,
  normalize,
  passThrough,
  requestValidation,
  routeNotFound,
} from "./normalize.js";
export { type RouteHint, routeShape, type UndeclaredError } from "./operations.js";
export { recordOnSpan } from "./otel.js";
export {
  type ErrorEvent,
  type ErrorHandlerOptions,
  type ErrorResponse,
  errorResponse,
  type HeaderSource,
  type Logger,
  negotiate,
  setDefaultLogger,
} from "./respond.js";
