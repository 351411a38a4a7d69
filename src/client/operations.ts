/**
 * Calls by operation: `operationClient(api, OPERATIONS).call("starRepo", { params:
 * { repoId } })` takes the method and path template from the catalog's operations
 * (as `errata codegen --target ts` writes them), fills each `{param}` with its value
 * as one encoded path segment, and calls through the client, with its retries and
 * typed errors. A template's parameters are required at compile time; a value that
 * would leave its segment is encoded (`/`, `?`, `#`) or refused (`.`, `..`). The path is
 * relative to the client's baseUrl, as OpenAPI's paths are to its server: give a
 * base path a trailing slash (https://api.example.com/v1/).
 */
import type { CallOptions, Client } from "./options.js";

/** An operation as the generated module describes it; only HTTP ones can be called. */
export interface OperationRoute {
  readonly kind: string;
  readonly method?: string;
  readonly path?: string;
}

/** The `{param}` names of a path template. */
export type PathParams<P> = P extends `${string}{${infer N}}${infer Rest}` ? N | PathParams<Rest> : never;

/** The ids of the HTTP operations among O. */
export type HttpOperationId<O> = {
  [K in keyof O & string]: O[K] extends { readonly kind: "http"; readonly path: string } ? K : never;
}[keyof O & string];

type PathOf<O, K extends keyof O> = O[K] extends { readonly path: infer P extends string } ? P : never;

/** What a call of one operation takes: its path parameters, a query, a JSON body, and the call options. */
export type OperationCallOptions<P extends string> = Omit<CallOptions, "method" | "body" | "json"> & {
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Appended as the query string; undefined values are left out. */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
} & ([PathParams<P>] extends [never]
    ? { readonly params?: Readonly<Record<string, never>> }
    : { readonly params: Readonly<Record<PathParams<P>, string | number>> });

/** A client that calls operations by id. */
export interface OperationClient<O> {
  /** Call the operation and resolve with its parsed JSON body; its failures are the typed errors of the client. */
  call<K extends HttpOperationId<O>, T = unknown>(
    id: K,
    ...options: [PathParams<PathOf<O, K>>] extends [never]
      ? [options?: OperationCallOptions<PathOf<O, K>>]
      : [options: OperationCallOptions<PathOf<O, K>>]
  ): Promise<T>;
}

/**
 * One path segment, percent-encoded. A dot segment is refused: URL parsers resolve
 * `..` (and `%2E%2E`, which WHATWG URL reads as the same) to the parent, so no
 * encoding of it stays inside its segment.
 */
function segment(name: string, value: unknown): string {
  if (typeof value !== "string" && typeof value !== "number") {
    throw new TypeError(`path parameter ${name} must be a string or a number`);
  }
  const text = String(value);
  if (text === "") throw new RangeError(`path parameter ${name} is empty`);
  if (text === "." || text === "..") throw new RangeError(`path parameter ${name} cannot be "${text}"`);
  return encodeURIComponent(text);
}

/** The path of a template with its parameters filled in. */
export function fillPath(template: string, params: Readonly<Record<string, unknown>> = {}): string {
  return template.replace(/\{([^{}]+)\}/g, (_whole, name: string) => segment(name, params[name]));
}

function queryString(query: OperationCallOptions<string>["query"]): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) search.append(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}

/**
 * A client for the catalog's operations.
 * @example
 * const api = operationClient(createClient({ baseUrl, catalogs: [gitclaw] }), OPERATIONS);
 * try { await api.call("starRepo", { params: { repoId: "r1" } }); }
 * catch (e) { if (isOperationError("starRepo", e)) … } // only starRepo's errors type-check
 */
export function operationClient<const O extends Readonly<Record<string, OperationRoute>>>(
  client: Pick<Client, "json">,
  operations: O,
): OperationClient<O> {
  return {
    call(id: string, options: Partial<OperationCallOptions<string>> & { params?: Record<string, unknown> } = {}) {
      const route = operations[id];
      if (route?.kind !== "http" || !route.method || !route.path) {
        return Promise.reject(new TypeError(`${id} is not an HTTP operation of this catalog`));
      }
      const { params, query, body, ...rest } = options;
      let path: string;
      try {
        // Relative to the client's baseUrl, so that a base path (https://api.example.com/v1/) is kept.
        path = `.${fillPath(route.path, params)}${queryString(query)}`;
      } catch (error) {
        return Promise.reject(error);
      }
      return client.json(path, { ...rest, method: route.method, ...(body !== undefined ? { json: body } : {}) });
    },
  } as OperationClient<O>;
}
