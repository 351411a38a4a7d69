/**
 * errata/graphql: the catalog's errors in GraphQL responses, both ways. A declared
 * ErrataError thrown in a resolver becomes a GraphQL error whose `extensions` say
 * what a program needs (code, name, retryable, retryAfter, details, docs, requestId);
 * anything else stays masked as INTERNAL_ERROR, logged, nothing of it sent. Hooked
 * into GraphQL Yoga as its `maskedErrors` (`errataYogaErrors`) and into Apollo Server
 * as its `formatError` (`errataFormatError`); their plugins (language.ts) put the
 * catalog's text into the request's language. `fromGraphQLErrors` gives a response's
 * typed errors beside its partial data.
 */
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Catalog } from "../catalog/model.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import { markUpstream } from "../runtime/upstream.js";
import { checkHandlerOptions, type ErrorHandlerOptions, errorResponse } from "../server/respond.js";
import { bool, int, isRecord, num, rec, str } from "../wire/common.js";
import { materialize } from "../wire/resolve.js";

export { errataApolloLanguage, errataYogaLanguage } from "./language.js";

/** What errata writes in a GraphQL error's `extensions`. */
export interface ErrataExtensions {
  readonly code: string;
  readonly name: string;
  readonly retryable: boolean;
  readonly retryAfter?: number;
  readonly details: Readonly<Record<string, unknown>>;
  readonly docs?: string;
  readonly requestId: string;
}

/** The resolver's own error under GraphQL's wrapper (`originalError`), as GraphQL-js nests it. */
function thrownOf(error: unknown): unknown {
  let inner = error;
  for (let depth = 0; depth < 8 && isRecord(inner) && "originalError" in inner && inner.originalError; depth++) {
    inner = inner.originalError;
  }
  return inner;
}

/** A GraphQL error that is GraphQL's own (a syntax or validation error): no resolver threw it. */
function isGraphQLOwn(error: unknown): boolean {
  return isRecord(error) && !("originalError" in error && error.originalError) && error.name === "GraphQLError";
}

/** The message and extensions of anything a resolver threw, made safe as the HTTP adapters make it. */
export function graphqlError(
  error: unknown,
  options: ErrorHandlerOptions = {},
): { message: string; extensions: ErrataExtensions } {
  const r = errorResponse(thrownOf(error), undefined, { ...options, format: "flat" }, {});
  const e = r.error;
  const extensions: ErrataExtensions = {
    code: e.code,
    name: e.name,
    retryable: e.retryable,
    ...(e.retryAfter !== undefined ? { retryAfter: e.retryAfter } : {}),
    details: e.details,
    ...(e.docs ? { docs: e.docs } : {}),
    requestId: r.requestId,
  };
  return { message: e.message, extensions };
}

/** A formatted error (what GraphQL sends) with errata's message and extensions, its locations and path kept. */
function formatted(error: unknown, format: GraphQLFormattedError, options: ErrorHandlerOptions): GraphQLFormattedError {
  // GraphQL's own request errors (syntax, validation) are the client's, sent as GraphQL words them.
  if (isGraphQLOwn(error)) return format;
  const { message, extensions } = graphqlError(error, options);
  return {
    message,
    ...(format.locations ? { locations: format.locations } : {}),
    ...(format.path ? { path: format.path } : {}),
    extensions: { ...extensions },
  };
}

/**
 * Apollo Server's `formatError`: each error a resolver threw with errata's message
 * and extensions (no stack trace, whatever the environment).
 * @example
 * new ApolloServer({ typeDefs, resolvers, formatError: errataFormatError({ catalog }) });
 */
export function errataFormatError(
  options: ErrorHandlerOptions = {},
): (format: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  checkHandlerOptions("errataFormatError", options);
  return (format, error) => formatted(error, format, options);
}

/** What GraphQL Yoga's `maskedErrors` takes: a function from any error to the one it sends. */
export interface YogaMaskedErrors {
  readonly maskError: (error: unknown, message: string) => Error;
}

/**
 * GraphQL Yoga's `maskedErrors`: a declared ErrataError goes out with errata's
 * extensions, anything else masked as INTERNAL_ERROR (Yoga's own masking, with the
 * catalog's error and a trace id).
 * @example
 * createYoga({ schema, maskedErrors: errataYogaErrors({ catalog }) });
 */
export function errataYogaErrors(options: ErrorHandlerOptions = {}): YogaMaskedErrors {
  checkHandlerOptions("errataYogaErrors", options);
  return {
    maskError: (error) => {
      if (isGraphQLOwn(error)) return error as Error;
      const { message, extensions } = graphqlError(error, options);
      const at = error instanceof GraphQLError ? error : undefined;
      return new GraphQLError(message, {
        ...(at?.nodes ? { nodes: at.nodes } : {}),
        ...(at?.path ? { path: at.path } : {}),
        extensions: { ...extensions },
      });
    },
  };
}

/** A GraphQL response's data beside its errors, each one typed. */
export interface TypedGraphQLResponse<D = unknown> {
  readonly data: D | null | undefined;
  readonly errors: readonly ErrataError[];
}

/** One error of a response as the catalogs know it, or a generic error keeping its code. */
function typedError(item: unknown, catalogs: readonly Catalog[]): ErrataError {
  const e = rec(item) ?? {};
  const x = rec(e.extensions) ?? {};
  const code = str(x.code);
  const fields = {
    code,
    name: str(x.name),
    message: str(e.message),
    details: rec(x.details),
    retryable: bool(x.retryable),
    retryAfter: num(x.retryAfter),
    requestId: str(x.requestId),
    status: int(rec(x.http)?.status),
  };
  // An error no extension names (GraphQL's own, another server's): its message is what there is.
  if (code === undefined) fields.code = "GRAPHQL_ERROR";
  return markUpstream(materialize(fields, catalogs, undefined, item).error);
}

/**
 * The typed errors of a GraphQL response (a parsed body), beside its data, which a
 * partial result keeps. Never throws: a body that is not a GraphQL response gives
 * no data and no errors.
 */
export function fromGraphQLErrors<D = unknown>(
  response: unknown,
  options: { readonly catalogs?: readonly Catalog[] } = {},
): TypedGraphQLResponse<D> {
  const body = rec(response) ?? {};
  const errors = Array.isArray(body.errors) ? body.errors.slice(0, 1000) : [];
  return {
    data: body.data as D | null | undefined,
    errors: errors.map((item) => typedError(item, options.catalogs ?? [])),
  };
}
