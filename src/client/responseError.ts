/**
 * A failed response as a typed error. The body is read up to a limit and decoded
 * in whatever errata wire format it is, resolved against the client's catalogs;
 * Retry-After (seconds or HTTP-date) and X-Request-Id come from the headers. A body
 * in another server's shape (Boom, GitHub, Django, …) keeps that server's message
 * and fields; one in no known shape (an HTML page, a proxy's text) still becomes a
 * typed error, HTTP_<status>, whose kind follows the status. A body cut off mid-way
 * keeps the status it came with. `raw` holds the body as received.
 */
import type { Catalog } from "../catalog/model.js";
import { clientErrors } from "../own/client.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import { decode } from "../wire/codec.js";
import { headerValue, isRecord, parseJson, parseRetryAfter } from "../wire/common.js";
import { materialize } from "../wire/resolve.js";
import { readForeign } from "./foreign.js";
import { failureReason } from "./neverSent.js";

/** Read a body, or undefined when it is longer than `max` bytes (the rest is not downloaded). */
export async function readLimited(res: Response, max: number): Promise<Uint8Array | undefined> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** A generic error for a response errata cannot read as one of its own: the server's words when it has some. */
function httpError(
  res: Response,
  said: { readonly message?: string; readonly details: Readonly<Record<string, unknown>> },
  raw: unknown,
): ErrataError {
  return materialize(
    {
      name: `HTTP_${res.status}`,
      message: said.message ?? `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`,
      status: res.status,
      details: said.details,
      retryAfter: parseRetryAfter(headerValue(res.headers, "retry-after")),
      requestId: headerValue(res.headers, "x-request-id"),
    },
    [],
    res.status,
    raw,
  ).error;
}

const utf8 = new TextDecoder();

/** The typed error a non-2xx response stands for. */
export async function errorFromResponse(
  res: Response,
  catalogs: readonly Catalog[],
  maxBytes: number,
): Promise<ErrataError> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readLimited(res, maxBytes);
  } catch (error) {
    return httpError(res, { details: { reason: `the response body was cut off: ${failureReason(error)}` } }, undefined);
  }
  if (bytes === undefined) {
    return httpError(res, { details: { reason: `the error body is larger than ${maxBytes} bytes` } }, undefined);
  }
  if (bytes.byteLength === 0) return httpError(res, { details: { reason: "the response has no body" } }, undefined);
  const result = decode(bytes, {
    catalogs,
    status: res.status,
    headers: res.headers,
    contentType: res.headers.get("content-type") ?? undefined,
    maxBytes,
  });
  if (result.ok) return result.error;
  const reason = String(result.error.details.reason ?? result.error.message);
  let body: unknown;
  try {
    body = parseJson(utf8.decode(bytes));
  } catch {
    return httpError(res, { details: { reason } }, bytes);
  }
  const foreign = readForeign(body);
  return httpError(
    res,
    foreign ? { message: foreign.message, details: foreign.details } : { details: { reason } },
    bytes,
  );
}

function malformed(reason: string, res: Response): ErrataError {
  return clientErrors.WIRE_DECODE_FAILED({ reason, format: "jsonrpc", status: res.status }, { stack: false });
}

/** Why a JSON-RPC response that carries an error breaks JSON-RPC 2.0, or undefined when it keeps to it. */
function rpcViolation(body: Record<string, unknown>): string | undefined {
  if (body.jsonrpc !== "2.0") return `the response says jsonrpc ${JSON.stringify(body.jsonrpc)}; only "2.0" is read`;
  const e = body.error;
  if (!isRecord(e)) return "error is not an object";
  if (typeof e.code !== "number" || !Number.isSafeInteger(e.code)) return "error.code is not an integer";
  if (typeof e.message !== "string") return "error.message is not a string";
  return undefined;
}

/**
 * The error a 2xx body carries: a JSON-RPC error, or a failed MCP tool result.
 * A JSON-RPC response that breaks the spec (a non-integer code, a string `error`,
 * `jsonrpc: "1.0"`, a batch holding errors) is a typed WIRE_DECODE_FAILED, never a success.
 */
export function errorInSuccess(body: unknown, res: Response, catalogs: readonly Catalog[]): ErrataError | undefined {
  if (Array.isArray(body)) {
    const batch = body.length > 0 && body.every((item) => isRecord(item) && "jsonrpc" in item);
    if (batch && body.some((item) => "error" in (item as Record<string, unknown>))) {
      return malformed("a batch of JSON-RPC responses holds errors; json() reads one response, fetch() the batch", res);
    }
    return undefined;
  }
  if (!isRecord(body)) return undefined;
  const toolError = body.isError === true || (isRecord(body.result) && body.result.isError === true);
  if ("jsonrpc" in body && ("error" in body || body.jsonrpc !== "2.0")) {
    const violation = rpcViolation(body);
    if (violation) return malformed(violation, res);
  } else if (!toolError) {
    return undefined;
  }
  const result = decode(body, { catalogs, status: res.status, headers: res.headers, format: "jsonrpc" });
  return result.ok ? result.error : malformed(String(result.error.details.reason ?? result.error.message), res);
}
