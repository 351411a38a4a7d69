/**
 * The core every adapter shares: from anything thrown and the request's headers,
 * the status, headers and body to send, in the catalog's wire format (or the one
 * the client's Accept asks for), with the request id and trace id in both.
 */

import Negotiator from "negotiator";
import { boundedMemo } from "../catalog/memo.js";
import type { Catalog, WireFormat } from "../catalog/model.js";
import { checkOptions, type KnownOptions } from "../own/options.js";
import { localizeError } from "../runtime/createErrors.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import { encode } from "../wire/codec.js";
import { headerValue } from "../wire/common.js";
import { FORMATS } from "../wire/formats/index.js";
import { JSONRPC_ID_PREFIX } from "../wire/formats/jsonrpc.js";
import { json } from "../wire/json.js";
import type { Encoded, EncodeOptions, RateLimitState } from "../wire/types.js";
import { requestIdFrom, traceIdFrom } from "./ids.js";
import { internal, type Normalized, type NormalizeOptions, normalize } from "./normalize.js";
import { declaredOrNot, operationOf, type RouteHint, type UndeclaredError } from "./operations.js";

/** The logger of every part given none of its own (setDefaultLogger). */
let defaultLogger: Logger | undefined;

/**
 * One logger for every part of errata: the error handlers and the guards that are
 * given none of their own log here (pino, or anything with `error` and `info`).
 * Without it, a guard's setup problem is still written to stderr, once per problem.
 * @example setDefaultLogger(app.log)
 */
export function setDefaultLogger(logger: Logger | undefined): void {
  defaultLogger = logger;
}

/** The logger a part uses: its own, else the shared default. */
export function loggerOf(own: Logger | undefined): Logger | undefined {
  return own ?? defaultLogger;
}

/** A pino-compatible logger: 5xx and unexpected errors go to `error`, 4xx to `info`. */
export interface Logger {
  error(object: Record<string, unknown>, message?: string): void;
  info(object: Record<string, unknown>, message?: string): void;
  /** Warnings (an operation's undeclared error); info when absent. */
  warn?(object: Record<string, unknown>, message?: string): void;
}

/** What an error response was made of, for hooks such as tracing. */
export interface ErrorEvent {
  readonly error: ErrataError;
  /** The value that was thrown, for the server's own eyes only. */
  readonly thrown: unknown;
  readonly expected: boolean;
  readonly requestId: string;
  readonly traceId?: string;
  readonly status: number;
  /** The id of the catalog operation the request is, when the catalog declares operations and one matched. */
  readonly operation?: string;
}

export interface ErrorHandlerOptions extends NormalizeOptions {
  /** The API's catalog: its wire format, rate-limit header style and fallback errors. */
  readonly catalog?: Catalog;
  /** The wire format; defaults to the catalog's, then problem. */
  readonly format?: WireFormat;
  /** Agent hints in bodies (see errata/wire); default true. */
  readonly hints?: boolean;
  readonly logger?: Logger;
  /** Called once per error response; never allowed to break it. */
  readonly onError?: (event: ErrorEvent) => void;
  /** Rate-limit state to advertise, for a given error. */
  readonly rateLimit?: (error: ErrataError) => RateLimitState | readonly RateLimitState[] | undefined;
  /**
   * Called when an operation sends an error its catalog entry does not declare; it
   * never changes the response. Default: a warning logged once per operation and error.
   */
  readonly onUndeclared?: (event: UndeclaredError) => void;
  /** Meant for tests: an undeclared error is answered as OPERATION_ERROR_UNDECLARED (500), a failure the test sees. */
  readonly strict?: boolean;
  /** The path the catalog's operation paths sit under on this server (`/v1`, a router's prefix), left out when matching routes. */
  readonly basePath?: string;
}

/** Every option of an error handler: an unknown key is refused (a misspelt `catalog` is not ignored). */
const HANDLER_OPTIONS = {
  catalog: true,
  format: true,
  hints: true,
  logger: true,
  onError: true,
  rateLimit: true,
  upstream: true,
  onUndeclared: true,
  strict: true,
  basePath: true,
} as const satisfies KnownOptions<ErrorHandlerOptions>;

/** Options objects already checked: a handler called per request checks its options once. */
const checked = new WeakSet<object>();

/**
 * Refuse an error handler's unknown option (OPTION_UNKNOWN, with a did-you-mean);
 * `extra` lists the keys a handler takes besides the shared ones.
 */
export function checkHandlerOptions(where: string, options: object, extra: Readonly<Record<string, true>> = {}): void {
  if (checked.has(options)) return;
  checkOptions(where, options, { ...HANDLER_OPTIONS, ...extra });
  checked.add(options);
}

export type HeaderSource = Readonly<Record<string, string | readonly string[] | undefined>> | Headers | undefined;

export interface ErrorResponse extends Encoded {
  readonly error: ErrataError;
  readonly requestId: string;
  readonly traceId?: string;
}

/**
 * The longest part of an Accept or Accept-Language header that is negotiated: the
 * entries that fit in 1 KiB (real clients send far less). The negotiator's work grows
 * faster than the header, and not every runtime caps headers as Node does.
 */
export const MAX_NEGOTIATED_LENGTH = 1024;

/** A list header cut after its last entry within MAX_NEGOTIATED_LENGTH. */
function bounded(header: string): string {
  if (header.length <= MAX_NEGOTIATED_LENGTH) return header;
  const cut = header.lastIndexOf(",", MAX_NEGOTIATED_LENGTH);
  return header.slice(0, cut > 0 ? cut : MAX_NEGOTIATED_LENGTH);
}

/** The formats a client can ask for by media type, besides the API's own. */
const NEGOTIABLE: readonly WireFormat[] = ["problem", "jsonapi"];

/** The format to answer in, and whether its body goes out as plain `application/json`. */
export interface Negotiated {
  readonly format: WireFormat;
  readonly plainJson: boolean;
}

const OWN: Record<WireFormat, Negotiated> = Object.fromEntries(
  Object.keys(FORMATS).map((f) => [f, { format: f, plainJson: false }]),
) as Record<WireFormat, Negotiated>;

/**
 * The format to answer in: by the client's Accept (q-values honoured, through
 * jshttp's negotiator), among the API's own format and the two with media types of
 * their own (problem+json, vnd.api+json). The API's own wins ties and answers when
 * nothing offered is acceptable: an error is sent all the same. A client that
 * refuses problem+json or vnd.api+json (`q=0`), or ranks `application/json` above
 * it, gets the same body as `application/json`, which every JSON client reads.
 */
export function negotiateMedia(accept: string | undefined, fallback: WireFormat): Negotiated {
  // Most clients name none of the formats and exclude nothing (*/*, application/json): the API's own.
  if (!accept || !/problem|vnd\.api|q=0(?:[^.]|\.0*(?:[^0-9]|$)|$)/i.test(accept)) return OWN[fallback];
  let chosen = negotiated.get(fallback);
  if (!chosen) {
    chosen = boundedMemo((header) => byNegotiator(header, fallback), { entries: 256, keyLength: 1024 });
    negotiated.set(fallback, chosen);
  }
  return chosen(bounded(accept));
}

/** The format to answer in, by the client's Accept: see negotiateMedia. */
export function negotiate(accept: string | undefined, fallback: WireFormat): WireFormat {
  return negotiateMedia(accept, fallback).format;
}

/** Accept headers repeat: their outcome per API format, 256 at most each. */
const negotiated = new Map<WireFormat, (accept: string) => Negotiated>();

const PLAIN_JSON = "application/json";

function byNegotiator(accept: string, fallback: WireFormat): Negotiated {
  const offered = [fallback, ...NEGOTIABLE.filter((f) => f !== fallback)];
  const types = offered.map((f) => FORMATS[f].contentType);
  // A body of a +json type is JSON too: offered last, as the API's own format labelled plainly.
  const relabel = NEGOTIABLE.includes(fallback);
  if (relabel) types.push(PLAIN_JSON);
  let chosen: string | undefined;
  try {
    chosen = new Negotiator({ headers: { accept } }).mediaType(types);
  } catch {
    return OWN[fallback];
  }
  if (relabel && chosen === PLAIN_JSON) return { format: fallback, plainJson: true };
  const index = chosen === undefined ? -1 : types.indexOf(chosen);
  return OWN[index < 0 ? fallback : (offered[index] as WireFormat)];
}

function quietly(run: () => void): void {
  try {
    run();
  } catch {
    // A broken logger or hook must not turn an error response into a crash.
  }
}

/** Accept-Language headers repeat too: their outcome per list of locales (a catalog's), 256 at most per list. */
const languagesChosen = new WeakMap<readonly string[], (acceptLanguage: string) => string | undefined>();

/** The caller's preferred language among a catalog's (prefixes match: fr-BE takes fr), by the maintained negotiator. */
export function negotiateLanguage(acceptLanguage: string | undefined, locales: readonly string[]): string | undefined {
  if (!acceptLanguage) return undefined;
  let chosen = languagesChosen.get(locales);
  if (!chosen) {
    const offered = [...locales];
    chosen = boundedMemo((header) => new Negotiator({ headers: { "accept-language": header } }).languages(offered)[0], {
      entries: 256,
      keyLength: 256,
    });
    languagesChosen.set(locales, chosen);
  }
  return chosen(bounded(acceptLanguage));
}

/** Log an error response and call the onError hook; neither may break the response. */
export function report(event: ErrorEvent, options: ErrorHandlerOptions): void {
  const logger = options.logger ?? defaultLogger;
  const { onError } = options;
  if (logger) {
    quietly(() => {
      const entry = {
        err: event.thrown,
        code: event.error.code,
        status: event.status,
        requestId: event.requestId,
        traceId: event.traceId,
        ...(event.operation ? { operation: event.operation } : {}),
      };
      if (!event.expected || event.status >= 500)
        logger.error(entry, event.expected ? event.error.message : "unexpected error");
      else logger.info(entry, event.error.message);
    });
  }
  if (onError) quietly(() => onError(event));
}

/** What an adapter knows of the request beyond its headers. */
export interface RequestContext {
  /**
   * The request's parsed body, when a parser read it: a JSON-RPC error echoes the
   * request's id (JSON-RPC 2.0 §5), and a batch gets one error per request.
   */
  readonly body?: unknown;
  /** What the adapter knows of the request's operation (its route pattern and method, a tool, an id). */
  readonly route?: RouteHint;
}

type JsonRpcId = string | number | null;

/** A JSON-RPC request's id, as §5 wants it echoed: null when it cannot be read. */
function jsonRpcId(request: unknown): JsonRpcId {
  if (typeof request !== "object" || request === null || Array.isArray(request)) return null;
  const id = (request as { id?: unknown }).id;
  return typeof id === "string" || (typeof id === "number" && Number.isFinite(id)) ? id : null;
}

/**
 * True for a JSON-RPC notification: a Request (`"jsonrpc": "2.0"` and a method) with
 * no id member. It gets no response, not even an error (JSON-RPC 2.0 §4.1). Anything
 * else without an id is an invalid Request, answered with id null (§5, §6's examples).
 */
function isNotification(request: unknown): boolean {
  if (typeof request !== "object" || request === null || Array.isArray(request) || "id" in request) return false;
  const { jsonrpc, method } = request as { jsonrpc?: unknown; method?: unknown };
  return jsonrpc === "2.0" && typeof method === "string";
}

/** The request id (the client's X-Request-Id, else a new one) and the trace id (traceparent), when there is one. */
interface Ids {
  readonly requestId: string;
  readonly traceId?: string;
}

function idsOf(headers: HeaderSource): Ids {
  const requestId = requestIdFrom(headerValue(headers, "x-request-id"));
  const traceId = traceIdFrom(headerValue(headers, "traceparent"));
  return traceId ? { requestId, traceId } : { requestId };
}

/** The encoder's options for this response: the ids, hints, catalog and rate-limit state. */
function encodeOptionsOf(error: ErrataError, ids: Ids, options: ErrorHandlerOptions) {
  const encodeOptions: { -readonly [K in keyof EncodeOptions]: EncodeOptions[K] } = { requestId: ids.requestId };
  if (ids.traceId) encodeOptions.traceId = ids.traceId;
  if (options.hints !== undefined) encodeOptions.hints = options.hints;
  if (options.catalog) encodeOptions.catalog = options.catalog;
  const rateLimitOf = options.rateLimit;
  if (rateLimitOf) {
    quietly(() => {
      const state = rateLimitOf(error);
      if (state) encodeOptions.rateLimit = state;
    });
  }
  return encodeOptions;
}

/**
 * Encode the error in the format chosen. A JSON-RPC batch gets one error per request
 * that has an id (a batch of notifications gets nothing back); the error is encoded
 * once and each response differs only in its id, so a batch of 100,000 requests
 * costs 100,000 string joins, not 100,000 encodes.
 */
function encodeIn(
  format: WireFormat,
  error: ErrataError,
  ids: Ids,
  options: ErrorHandlerOptions,
  request: RequestContext,
) {
  const encodeOptions = encodeOptionsOf(error, ids, options);
  if (format !== "jsonrpc") return encode(error, format, encodeOptions);
  if (!Array.isArray(request.body) || request.body.length === 0) {
    const single = encode(error, format, { ...encodeOptions, id: jsonRpcId(request.body) });
    return isNotification(request.body) ? { ...single, status: 204, body: "" } : single;
  }
  const answered = request.body.filter((r) => !isNotification(r));
  const once = encode(error, format, { ...encodeOptions, id: null });
  const rest = (once.body as string).slice(`${JSONRPC_ID_PREFIX}null`.length);
  if (answered.length === 0) return { ...once, status: 204, body: "" };
  return { ...once, body: `[${answered.map((r) => `${JSONRPC_ID_PREFIX}${json(jsonRpcId(r))}${rest}`).join(",")}]` };
}

/** The response of an error already made safe to send: its format, language, body, ids and log entry. */
function respond(
  normalized: Normalized,
  thrown: unknown,
  headers: HeaderSource,
  ids: Ids,
  options: ErrorHandlerOptions,
  request: RequestContext,
): ErrorResponse {
  let { error, expected } = normalized;
  const { requestId, traceId } = ids;
  const own = options.format ?? options.catalog?.format ?? "problem";
  let { format, plainJson } = negotiateMedia(headerValue(headers, "accept"), own);
  let operation: string | undefined;
  if (options.catalog?.operations.length) {
    const matched = operationOf(options.catalog, routeHint(request, format), options.basePath);
    operation = matched?.id;
    const checked = declaredOrNot(error, matched, options, warnerOf(options));
    if (checked !== error) ({ error, expected } = { error: checked, expected: false });
  }
  // An error the catalog gives no HTTP status (a CLI's) thrown behind an HTTP format: the
  // server's mistake, logged with the thrown error and answered as INTERNAL_ERROR.
  if (error.status === undefined && format !== "jsonrpc" && format !== "binary") {
    ({ error, expected } = internal(options.catalog, traceId ?? requestId));
  }
  // A catalog in several languages answers in the caller's (Accept-Language), with Content-Language.
  const locales = options.catalog?.locales;
  const multilingual = options.catalog !== undefined && locales !== undefined && locales.length > 1;
  if (multilingual) {
    const language = negotiateLanguage(headerValue(headers, "accept-language"), locales);
    error = localizeError(error, language ?? options.catalog.defaultLocale, options.catalog.defaultLocale);
  }
  // A problem or JSON:API document describes an error: an outcome sent with a 2xx or 3xx
  // (Aragora's NO_CONSENSUS) goes in the API's own format, or as plain JSON.
  if (error.status !== undefined && error.status < 400 && (format === "problem" || format === "jsonapi")) {
    if (own !== "problem" && own !== "jsonapi") format = own;
    else plainJson = true;
  }
  const encoded: Encoded = encodeIn(format, error, ids, options, request);
  // errorHeaders made a fresh object for this response: add the ids to it in place.
  const responseHeaders = encoded.headers as Record<string, string>;
  if (plainJson) responseHeaders["Content-Type"] = PLAIN_JSON;
  responseHeaders["X-Request-Id"] = requestId;
  // The format follows the Accept header (and the language Accept-Language), so caches must key on them.
  responseHeaders.Vary = multilingual ? "Accept, Accept-Language" : "Accept";
  if (traceId) responseHeaders["X-Trace-Id"] = traceId;
  const status = encoded.status;
  if (options.logger || options.onError || defaultLogger)
    report({ error, thrown, expected, ...ids, status, ...(operation ? { operation } : {}) }, options);
  const { format: wire, body } = encoded;
  return { format: wire, status, headers: responseHeaders, body, error, ...ids };
}

/** The request's operation: over JSON-RPC, the method its body calls (one route serves them all); else the adapter's hint. */
function routeHint(request: RequestContext, format: WireFormat): RouteHint | undefined {
  const body = request.body;
  if (format === "jsonrpc" && typeof body === "object" && body !== null && !Array.isArray(body)) {
    const method = (body as { method?: unknown }).method;
    if (typeof method === "string") return { rpcMethod: method };
  }
  return request.route;
}

/** Where a warning goes: the logger's warn (or info), else the console. */
export function warnerOf(options: ErrorHandlerOptions): (message: string) => void {
  const logger = options.logger ?? defaultLogger;
  return (message) =>
    quietly(() => {
      if (!logger) console.warn(message);
      else if (logger.warn) logger.warn({}, message);
      else logger.info({}, message);
    });
}

/** Build the response for anything thrown while handling a request. Never throws. */
export function errorResponse(
  thrown: unknown,
  headers: HeaderSource,
  options: ErrorHandlerOptions = {},
  request: RequestContext = {},
): ErrorResponse {
  const ids = idsOf(headers);
  const normalized = normalize(thrown, options.catalog, ids.traceId ?? ids.requestId, options, request.body);
  return respond(normalized, thrown, headers, ids, options, request);
}

/**
 * The response of an error errata built itself from a catalog (a guard's refusal):
 * it is encoded as it is, without the normaliser's walk of an untrusted value.
 */
export function ownErrorResponse(
  error: ErrataError,
  headers: HeaderSource,
  options: ErrorHandlerOptions = {},
): ErrorResponse {
  return respond({ error, expected: true }, error, headers, idsOf(headers), options, {});
}
