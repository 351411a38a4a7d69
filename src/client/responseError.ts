/**
 * A failed response as a typed error. The body is read up to a limit and decoded
 * in whatever errata wire format it is, resolved against the client's catalogs;
 * Retry-After (seconds or HTTP-date) and X-Request-Id come from the headers. A body
 * in no known format (an HTML error page, a proxy's text) still becomes a typed
 * error, HTTP_<status>, whose kind follows the status.
 */
import type { Catalog } from "../catalog/model.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import { decode } from "../wire/codec.js";
import { headerValue, isRecord, parseRetryAfter } from "../wire/common.js";
import { materialize } from "../wire/resolve.js";

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

/** A generic error for a response whose body errata cannot read as an error. */
function httpError(res: Response, reason: string, raw: unknown): ErrataError {
  return materialize(
    {
      name: `HTTP_${res.status}`,
      message: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`,
      status: res.status,
      details: { reason },
      retryAfter: parseRetryAfter(headerValue(res.headers, "retry-after")),
      requestId: headerValue(res.headers, "x-request-id"),
    },
    [],
    res.status,
    raw,
  ).error;
}

/** The typed error a non-2xx response stands for. */
export async function errorFromResponse(
  res: Response,
  catalogs: readonly Catalog[],
  maxBytes: number,
): Promise<ErrataError> {
  const bytes = await readLimited(res, maxBytes);
  if (bytes === undefined) return httpError(res, `the error body is larger than ${maxBytes} bytes`, undefined);
  if (bytes.byteLength === 0) return httpError(res, "the response has no body", undefined);
  const result = decode(bytes, {
    catalogs,
    status: res.status,
    headers: res.headers,
    contentType: res.headers.get("content-type") ?? undefined,
    maxBytes,
  });
  if (result.ok) return result.error;
  return httpError(res, String(result.error.details.reason ?? result.error.message), bytes);
}

/** A JSON-RPC error or a failed MCP tool result carried by a 2xx response, as a typed error. */
export function errorInSuccess(body: unknown, res: Response, catalogs: readonly Catalog[]): ErrataError | undefined {
  if (!isRecord(body)) return undefined;
  const rpcError = body.jsonrpc === "2.0" && isRecord(body.error);
  const toolError = body.isError === true || (isRecord(body.result) && body.result.isError === true);
  if (!rpcError && !toolError) return undefined;
  const result = decode(body, { catalogs, status: res.status, headers: res.headers, format: "jsonrpc" });
  return result.ok ? result.error : undefined;
}
