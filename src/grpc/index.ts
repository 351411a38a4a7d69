/**
 * errata/grpc: the catalog's errors over gRPC (@grpc/grpc-js), with Google's rich
 * error model. `toGrpcError` gives a ServiceError with the catalog's gRPC code, the
 * message, and `grpc-status-details-bin`: a google.rpc.Status whose details are the
 * Google format's (ErrorInfo with errata's hints in its metadata, RetryInfo,
 * BadRequest, LocalizedMessage, Help, RequestInfo). `errataService` wraps a service's
 * handlers, unary and streaming, so that anything thrown goes out that way, made safe
 * first as the HTTP adapters make it (an unknown value is INTERNAL, nothing leaked).
 * `fromGrpcError` reads what grpc-js's client rejects with back into a typed error.
 */
import { Metadata, type ServiceError, type UntypedServiceImplementation } from "@grpc/grpc-js";
import type { Catalog } from "../catalog/model.js";
import { clientErrors } from "../own/client.js";
import { errorOfStatus, statusOfThrown } from "../protobuf/errors.js";
import { statusBytes, statusJson } from "../protobuf/status.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import { markUpstream } from "../runtime/upstream.js";
import { checkHandlerOptions, type ErrorHandlerOptions } from "../server/respond.js";

/** The trailer grpc-js and every gRPC library read rich error details from. */
export const DETAILS_KEY = "grpc-status-details-bin";

/**
 * The ServiceError for anything thrown while serving a call: the catalog's gRPC code
 * and message, the Status in `grpc-status-details-bin`, the request id in
 * `x-request-id`. `metadata` is the call's (its request id, traceparent and
 * accept-language are read).
 */
export function toGrpcError(thrown: unknown, options: ErrorHandlerOptions = {}, metadata?: Metadata): ServiceError {
  const status = statusOfThrown(thrown, options, (name) => metadata?.get(name)[0]);
  const trailers = new Metadata();
  trailers.set(DETAILS_KEY, Buffer.from(statusBytes(status.code, status.message, status.details)));
  trailers.set("x-request-id", status.requestId);
  return Object.assign(new Error(status.message), { code: status.code, details: status.message, metadata: trailers });
}

/** What fromGrpcError reads of an error grpc-js's client rejected with. */
export interface GrpcErrorLike {
  readonly code?: number;
  readonly details?: string;
  readonly metadata?: { get(key: string): unknown[] };
}

/**
 * The typed error of a failed call: the Status in `grpc-status-details-bin` read as
 * the Google format is (the catalogs' error, its details typed, retry advice,
 * localized text), marked upstream; without details, an error named by its gRPC code
 * whose retry advice follows gRPC's rules (UNAVAILABLE and RESOURCE_EXHAUSTED retry).
 * Never throws: bytes that are not a Status are a WIRE_DECODE_FAILED error.
 */
export function fromGrpcError(error: GrpcErrorLike, options: { catalogs?: readonly Catalog[] } = {}): ErrataError {
  const bytes = error.metadata?.get(DETAILS_KEY)[0];
  if (!(bytes instanceof Uint8Array)) return errorOfStatus(error.code, error.details ?? "", [], options.catalogs ?? []);
  try {
    const status = statusJson(bytes);
    return errorOfStatus(status.code, status.message, status.details, options.catalogs ?? []);
  } catch {
    return markUpstream(
      clientErrors.WIRE_DECODE_FAILED({
        reason: "grpc-status-details-bin is not a google.rpc.Status",
        format: "google",
      }),
    );
  }
}

/** A grpc-js handler, whatever its kind: errata wraps it without reading its types. */
type Handler = (call: never, callback: never) => unknown;

/** What errataService reads of a grpc-js service definition: each method's streaming. */
export type ServiceDefinitionLike = Readonly<
  Record<string, { readonly requestStream: boolean; readonly responseStream: boolean }>
>;

/** What a wrapped handler sees of its call: the metadata it was sent with, and how to fail a stream. */
interface CallLike {
  readonly metadata?: Metadata;
  emit?(event: "error", error: ServiceError): boolean;
}

type Callback = (error: unknown, value?: unknown, ...rest: unknown[]) => void;

/**
 * A unary or client-streaming handler: it answers through its callback, or by the
 * value its promise resolves with (an async handler that returns its reply, as
 * grpc-js alone would leave unanswered); whatever comes first answers, once.
 */
function unary(handler: Handler, options: ErrorHandlerOptions) {
  return (call: CallLike, callback: Callback) => {
    let answered = false;
    const answer: Callback = (...args) => {
      if (answered) return;
      answered = true;
      callback(...args);
    };
    const fail = (thrown: unknown) => answer(toGrpcError(thrown, options, call.metadata));
    const reply: Callback = (error, ...rest) => (error ? fail(error) : answer(null, ...rest));
    try {
      const result = (handler as unknown as (c: CallLike, cb: Callback) => unknown)(call, reply);
      if (result instanceof Promise) result.then((value) => value !== undefined && answer(null, value), fail);
    } catch (thrown) {
      fail(thrown);
    }
  };
}

/**
 * A request stream read with `for await` is destroyed when the loop ends early (a
 * throw), and a destroyed stream never sends its status: the client would wait
 * forever. Iterated without that, the thrown error still ends the call with its status.
 */
function keepOnReturn(call: CallLike): void {
  const iterator = (call as { iterator?: (o: { destroyOnReturn: boolean }) => AsyncIterator<unknown> }).iterator;
  if (typeof iterator !== "function") return;
  Object.defineProperty(call, Symbol.asyncIterator, {
    value: () => iterator.call(call, { destroyOnReturn: false }),
    configurable: true,
  });
}

function streaming(handler: Handler, options: ErrorHandlerOptions) {
  return (call: CallLike) => {
    keepOnReturn(call);
    const fail = (thrown: unknown) => call.emit?.("error", toGrpcError(thrown, options, call.metadata));
    try {
      const result = (handler as unknown as (c: CallLike) => unknown)(call);
      if (result instanceof Promise) result.catch(fail);
    } catch (thrown) {
      fail(thrown);
    }
  };
}

/**
 * A service implementation whose handlers answer anything they throw (or pass to
 * their callback) with `toGrpcError`: unary and client-streaming calls through the
 * callback, server-streaming and bidirectional ones as the stream's error.
 * @example
 * server.addService(RepoService.service, errataService(RepoService.service, { getRepo }, { catalog }));
 */
export function errataService(
  definition: ServiceDefinitionLike,
  implementation: Readonly<Record<string, Handler>>,
  options: ErrorHandlerOptions = {},
): UntypedServiceImplementation {
  checkHandlerOptions("errataService", options);
  const wrapped: UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(implementation)) {
    const streams = definition[method]?.responseStream === true;
    wrapped[method] = (streams ? streaming(handler, options) : unary(handler, options)) as never;
  }
  return wrapped;
}
