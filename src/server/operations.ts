/**
 * Which operation a request is, and whether the error it gets is one the operation
 * declares. Each adapter says what it knows of the request (Express's, Fastify's
 * and Hono's route pattern with the method, the JSON-RPC method, the MCP tool, or
 * the operation's id); the catalog's operations are indexed once. An undeclared
 * error runs `onUndeclared`, by default a warning logged once per operation and
 * error; with `strict` (meant for tests) the response becomes
 * OPERATION_ERROR_UNDECLARED, a failure the test sees.
 */
import type { Catalog, Operation } from "../catalog/model.js";
import { operationErrors, pathShape } from "../catalog/operations.js";
import { ownErrors } from "../own/catalog.js";
import type { ErrataError } from "../runtime/ErrataError.js";

/** What an adapter knows of the request's operation. */
export interface RouteHint {
  /** The operation's id, when the caller names it (an MCP tool wrapper, a hand-made handler). */
  readonly operation?: string;
  readonly method?: string;
  /** The router's pattern of the route: `/repos/:repoId/stars` (Express, Fastify, Hono) or `/repos/{repoId}/stars`. */
  readonly route?: string;
  /** The JSON-RPC method called. */
  readonly rpcMethod?: string;
  /** The MCP tool called. */
  readonly tool?: string;
}

/** An undeclared error sent by an operation, for the `onUndeclared` hook. */
export interface UndeclaredError {
  readonly operation: Operation;
  readonly error: ErrataError;
}

/** A route pattern with its parameters' names left out: `/repos/:id/stars` and `/repos/{repoId}/stars` are one. */
export function routeShape(route: string): string {
  return pathShape(route.replace(/:[A-Za-z0-9_]+/g, "{}")).replace(/(.)\/$/, "$1");
}

type Index = ReadonlyMap<string, Operation>;

function indexOf(catalog: Catalog): Index {
  const index = new Map<string, Operation>();
  for (const o of catalog.operations) {
    index.set(`id ${o.id}`, o);
    if (o.kind === "http") index.set(`http ${o.method} ${routeShape(o.path ?? "")}`, o);
    else index.set(`${o.kind} ${o.name}`, o);
  }
  return index;
}

const indexes = new WeakMap<Catalog, Index>();

/** The catalog's operation the hint names, if any; `basePath` is left out of a route before it is matched. */
export function operationOf(
  catalog: Catalog | undefined,
  hint: RouteHint | undefined,
  basePath = "",
): Operation | undefined {
  if (!catalog || !hint || catalog.operations.length === 0) return undefined;
  let index = indexes.get(catalog);
  if (!index) {
    index = indexOf(catalog);
    indexes.set(catalog, index);
  }
  if (hint.operation !== undefined) return index.get(`id ${hint.operation}`);
  if (hint.tool !== undefined) return index.get(`mcp ${hint.tool}`);
  if (hint.rpcMethod !== undefined) return index.get(`jsonrpc ${hint.rpcMethod}`);
  if (hint.route === undefined || !hint.method) return undefined;
  const base = basePath.replace(/\/+$/, "");
  const route = base && hint.route.startsWith(`${base}/`) ? hint.route.slice(base.length) : hint.route;
  return index.get(`http ${hint.method.toUpperCase()} ${routeShape(route)}`);
}

/** The names each operation may return, kept: an error response must not rebuild them. */
const names = new WeakMap<Operation, ReadonlySet<string>>();

function declared(operation: Operation): ReadonlySet<string> {
  let found = names.get(operation);
  if (!found) {
    found = new Set(operationErrors(operation));
    names.set(operation, found);
  }
  return found;
}

/** Pairs already warned of, `operation error` (bounded: a warning is for a person to read). */
const warned = new Set<string>();

/** What the check needs of the handler's options. */
export interface DeclaredCheck {
  readonly onUndeclared?: (event: UndeclaredError) => void;
  readonly strict?: boolean;
}

/**
 * The error to send for an operation: the same one when the operation declares it
 * (or the request is no known operation), else the same one after `onUndeclared`,
 * or OPERATION_ERROR_UNDECLARED under `strict`.
 */
export function declaredOrNot(
  error: ErrataError,
  operation: Operation | undefined,
  options: DeclaredCheck,
  warn: (message: string) => void,
): ErrataError {
  if (!operation || declared(operation).has(error.name)) return error;
  if (options.onUndeclared) {
    try {
      options.onUndeclared({ operation, error });
    } catch {
      // A failing hook must not change the response.
    }
  } else {
    const pair = `${operation.id} ${error.name}`;
    if (!warned.has(pair) && warned.size < 1000) {
      warned.add(pair);
      warn(`errata: operation ${operation.id} sent ${error.name}, which the catalog does not declare for it`);
    }
  }
  if (!options.strict) return error;
  return ownErrors.OPERATION_ERROR_UNDECLARED({ operation: operation.id, error: error.name }, { stack: false });
}
