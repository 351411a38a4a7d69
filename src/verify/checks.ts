/**
 * The checks of one recorded error response against the catalogs: it decodes, its
 * code is declared, its status, format and media type are the catalog's, its
 * operation declares it, it carries the headers its error requires, and it leaks
 * nothing. Each failure is a finding of errata's own catalog; the (operation, error)
 * pairs seen are kept for coverage.
 */

import { findError } from "../catalog/lookup.js";
import type { Catalog, ErrorDefinition, Operation, WireFormat } from "../catalog/model.js";
import { operationErrors } from "../catalog/operations.js";
import type { Problem } from "../catalog/problem.js";
import { finding } from "../own/finding.js";
import { decode } from "../wire/codec.js";
import { FORMATS } from "../wire/formats/index.js";
import type { Exchange } from "./exchange.js";
import { responseLeaks } from "./leaks.js";
import { pathOf, type Routes } from "./routes.js";

/** What the checks share over a run: the catalogs, their routes, and the errors seen per operation. */
export interface Verifier {
  readonly catalogs: readonly Catalog[];
  readonly routes: Routes;
  /** Operation id → the names of the errors seen from it. */
  readonly seen: Map<string, Set<string>>;
}

/** Whether a body is a JSON-RPC error (sent with 200 over HTTP). */
const JSONRPC_ERROR = /^\s*[[{][\s\S]*"error"\s*:\s*\{/;

/** Whether an exchange is an error response: a 4xx or 5xx, a JSON-RPC error, or a code in errata's log. */
export function isErrorResponse(exchange: Exchange): boolean {
  if (exchange.status >= 400 || exchange.code !== undefined) return true;
  return exchange.body !== undefined && exchange.body.length < 1024 * 1024 && JSONRPC_ERROR.test(exchange.body);
}

/** `POST /repos/1/stars` (the URL's path only: a query may hold a caller's token). */
export function requestLabel(exchange: Exchange): string {
  if (!exchange.url) return exchange.operation ?? "a request";
  const path = pathOf(exchange.url);
  return path === undefined ? exchange.method || "a request" : `${exchange.method} ${path}`.slice(0, 300);
}

const mediaType = (contentType: string | undefined) => contentType?.split(";")[0]?.trim().toLowerCase();

/** The formats a response may be in: the catalog's, and those whose media type the request's Accept names. */
function allowedFormats(catalog: Catalog, exchange: Exchange): Set<WireFormat> {
  const accept = (exchange.requestHeaders.accept ?? "").toLowerCase();
  const asked = (Object.keys(FORMATS) as WireFormat[]).filter(
    (f) => FORMATS[f].contentType !== "application/json" && accept.includes(FORMATS[f].contentType),
  );
  return new Set([catalog.format, ...asked]);
}

/** The headers an error must be sent with, each with why. */
function requiredHeaders(def: ErrorDefinition, catalog: Catalog): [string, string][] {
  const out: [string, string][] = [];
  if (def.retry.policy === "retry_after") out.push(["Retry-After", "its retry policy is retry_after"]);
  if (def.status === 401) out.push(["WWW-Authenticate", "a 401 must carry a challenge (RFC 9110 §15.5.2)"]);
  if (def.kind === "rate_limit" && catalog.rateLimitHeaders === "ietf")
    for (const h of ["RateLimit", "RateLimit-Policy"]) out.push([h, "the catalog promises IETF rate-limit headers"]);
  if (def.kind === "rate_limit" && catalog.rateLimitHeaders === "legacy")
    for (const h of ["X-RateLimit-Limit", "X-RateLimit-Remaining"])
      out.push([h, "the catalog promises X-RateLimit-* headers"]);
  for (const h of def.headers ?? []) out.push([h.name, "the error declares it"]);
  return out;
}

/** The error an exchange carries, decoded from its body or named by errata's log; findings when it cannot be. */
function errorOf(v: Verifier, exchange: Exchange, request: string, out: Problem[]) {
  const { place, status } = exchange;
  if (exchange.code !== undefined) {
    for (const catalog of v.catalogs) {
      const def = findError(catalog, exchange.code);
      if (def) return { def, catalog, format: undefined };
    }
    out.push(finding("RESPONSE_CODE_UNDECLARED", { status, request, code: exchange.code.slice(0, 100) }, place));
    return undefined;
  }
  if (exchange.body === undefined) return undefined;
  const contentType = exchange.headers?.["content-type"];
  const result = decode(exchange.body, {
    catalogs: v.catalogs,
    status,
    ...(contentType ? { contentType } : {}),
    ...(exchange.headers ? { headers: exchange.headers } : {}),
  });
  if (!result.ok) {
    const reason = String((result.error.details as { reason?: unknown }).reason ?? result.error.message);
    out.push(finding("RESPONSE_UNDECODABLE", { status, request, reason }, place));
    return undefined;
  }
  const catalog = v.catalogs.find((c) => findError(c, result.error.name));
  const def = catalog && result.known ? findError(catalog, result.error.name) : undefined;
  if (!def || !catalog) {
    out.push(finding("RESPONSE_CODE_UNDECLARED", { status, request, code: result.error.code.slice(0, 100) }, place));
    return undefined;
  }
  return { def, catalog, format: result.format };
}

/** Status, format and media type against the catalog's. */
function shapeChecks(
  exchange: Exchange,
  found: NonNullable<ReturnType<typeof errorOf>>,
  request: string,
  out: Problem[],
) {
  const { def, catalog, format } = found;
  const { place, status } = exchange;
  const error = def.name;
  const rpc = format === "jsonrpc" || catalog.format === "jsonrpc";
  if (!rpc && def.status !== undefined && def.status !== status)
    out.push(finding("RESPONSE_STATUS_MISMATCH", { error, request, status, expected: def.status }, place));
  if (format === undefined) return;
  const allowed = allowedFormats(catalog, exchange);
  const sent = mediaType(exchange.headers?.["content-type"]);
  const expected = [...allowed].map((f) => `${f} (${FORMATS[f].contentType})`).join(" or ");
  if (!allowed.has(format))
    out.push(finding("RESPONSE_FORMAT_MISMATCH", { error, request, found: format, expected }, place));
  else if (sent !== undefined && sent !== FORMATS[format].contentType)
    out.push(
      finding("RESPONSE_FORMAT_MISMATCH", { error, request, found: `${format} sent as ${sent}`, expected }, place),
    );
}

/** Every check of one exchange; returns its findings. */
export function checkExchange(v: Verifier, exchange: Exchange): Problem[] {
  const out: Problem[] = [];
  const request = requestLabel(exchange);
  const { place, status } = exchange;
  for (const { leak, where } of responseLeaks(exchange.body, exchange.headers))
    out.push(finding("RESPONSE_LEAK", { status, request, leak, where }, place));
  const found = errorOf(v, exchange, request, out);
  if (!found) return out;
  shapeChecks(exchange, found, request, out);
  const error = found.def.name;
  if (exchange.headers) {
    for (const [header, why] of requiredHeaders(found.def, found.catalog))
      if (exchange.headers[header.toLowerCase()] === undefined)
        out.push(finding("RESPONSE_HEADER_MISSING", { error, request, header, why }, place));
  }
  const operation: Operation | undefined = v.routes.operationOf(exchange);
  if (operation) {
    const seen = v.seen.get(operation.id) ?? new Set<string>();
    seen.add(error);
    v.seen.set(operation.id, seen);
    if (!operationErrors(operation).includes(error))
      out.push(finding("RESPONSE_OFF_OPERATION", { error, operation: operation.id }, place));
  }
  return out;
}
