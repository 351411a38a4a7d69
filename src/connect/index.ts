/**
 * errata/connect: the catalog's errors as Connect's (@connectrpc/connect v2), both
 * ways. `toConnectError` gives a ConnectError with the catalog's code and message and
 * Google's standard details (ErrorInfo with errata's hints and the details in its
 * metadata, RetryInfo, BadRequest, LocalizedMessage, Help, RequestInfo) as Connect's
 * details: each one's type name and protobuf bytes, which Connect writes in its JSON
 * error form (`{code, message, details: [{type, value, debug}]}`) and in gRPC's
 * trailer, and which connect-es clients read with `findDetails`. `errataConnect`
 * turns what a handler throws into it (made safe first: INTERNAL, nothing leaked);
 * `fromConnectError` reads a client's error back into a typed ErrataError.
 */
import { ConnectError, type Interceptor } from "@connectrpc/connect";
import type { Catalog } from "../catalog/model.js";
import { clientErrors } from "../own/client.js";
import { errorOfStatus, statusOfThrown } from "../protobuf/errors.js";
import { anyParts, detailsJson } from "../protobuf/status.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import { markUpstream } from "../runtime/upstream.js";
import { checkHandlerOptions, type ErrorHandlerOptions } from "../server/respond.js";

/**
 * The ConnectError for anything thrown while serving a call: the catalog's code and
 * message, Google's standard details, the request id in `x-request-id`. `headers`:
 * the request's (its request id, traceparent and accept-language are read).
 */
export function toConnectError(thrown: unknown, options: ErrorHandlerOptions = {}, headers?: Headers): ConnectError {
  const status = statusOfThrown(thrown, options, (name) => headers?.get(name));
  const error = new ConnectError(status.message, status.code, { "x-request-id": status.requestId });
  // Details as Connect receives them (a type name and bytes): written as they are, no descriptor needed.
  const debug = status.details;
  for (const [i, part] of anyParts(status.details).entries()) error.details.push({ ...part, debug: debug[i] as never });
  return error;
}

/**
 * A Connect interceptor for a server's routes (`connectNodeAdapter({ routes,
 * interceptors: [errataConnect({ catalog })] })`): what a handler throws goes out as
 * toConnectError makes it.
 */
export function errataConnect(options: ErrorHandlerOptions = {}): Interceptor {
  checkHandlerOptions("errataConnect", options);
  return (next) => async (request) => {
    try {
      return await next(request);
    } catch (thrown) {
      throw toConnectError(thrown, options, request.header);
    }
  };
}

/**
 * The typed error of a failed call (what a connect-es client rejects with, or any
 * value: ConnectError.from reads it): its details read as the Google format's are,
 * marked upstream; without details, named by its code with gRPC's retry rules.
 * Never throws: details that are not Google's messages are a WIRE_DECODE_FAILED error.
 */
export function fromConnectError(thrown: unknown, options: { catalogs?: readonly Catalog[] } = {}): ErrataError {
  const error = ConnectError.from(thrown);
  const parts = error.details.flatMap((d) => ("value" in d && "type" in d ? [{ type: d.type, value: d.value }] : []));
  try {
    return errorOfStatus(error.code, error.rawMessage, detailsJson(parts), options.catalogs ?? []);
  } catch {
    return markUpstream(
      clientErrors.WIRE_DECODE_FAILED({ reason: "a Connect error detail is not Google's message", format: "google" }),
    );
  }
}
