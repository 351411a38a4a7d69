/**
 * errata/orpc: the catalog's errors as oRPC's typed errors, both ways.
 * `orpcErrors(catalog, names)` is the map oRPC's `.errors({...})` takes (each error's
 * status, message and details as a Standard Schema, so oRPC's client types `data`);
 * `errataMiddleware()` turns what a handler throws into the ORPCError oRPC sends
 * (an errata error as itself, anything else made safe first: INTERNAL_ERROR, nothing
 * leaked); `fromORPCError` reads what oRPC's client throws back into the catalog's
 * typed ErrataError.
 */
import { ORPCError } from "@orpc/client";
import { fitsField } from "../catalog/fits.js";
import type { Catalog, DetailField, ErrorDefinition } from "../catalog/model.js";
import { type ErrataError, isErrataError } from "../runtime/ErrataError.js";
import type { DefinedCatalog, ErrorFactory } from "../runtime/types.js";
import { normalize } from "../server/normalize.js";
import { materialize } from "../wire/resolve.js";

/** A Standard Schema (v1), the validator interface oRPC reads error data with. */
export interface DataSchema<T> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: "errata";
    readonly validate: (
      value: unknown,
    ) =>
      | { readonly value: T }
      | { readonly issues: readonly { readonly message: string; readonly path?: readonly string[] }[] };
    readonly types?: { readonly input: T; readonly output: T };
  };
}

/** What oRPC's `.errors()` takes for one error. */
export interface OrpcErrorDefinition<T> {
  readonly status: number;
  readonly message: string;
  readonly data: DataSchema<T>;
}

type DetailsOf<F, N> = N extends keyof F
  ? F[N] extends ErrorFactory<infer _N, infer D, infer _S, infer _R, infer _L, infer _G>
    ? D
    : never
  : never;

/** The `.errors()` map of the named errors of a typed catalog. */
export type OrpcErrorMap<F, N extends string> = { readonly [K in N]: OrpcErrorDefinition<DetailsOf<F, K>> };

/** A details field's problem with a value, or undefined when it fits. */
function fieldProblem(field: DetailField, value: unknown): string | undefined {
  if (value === undefined) return field.required ? `${field.name} is required` : undefined;
  if (value === null) return field.nullable ? undefined : `${field.name} cannot be null`;
  // A number that is not finite is no JSON number: it cannot travel.
  const finite = typeof value !== "number" || Number.isFinite(value);
  if (!finite || !fitsField({ ...field, enum: undefined }, value)) return `${field.name} must be ${field.type}`;
  return fitsField(field, value) ? undefined : `${field.name} must be one of ${field.enum?.join(", ")}`;
}

/** The schema of an error's details: an object with its declared fields, each of its type. */
function detailsSchema<T>(def: ErrorDefinition): DataSchema<T> {
  return {
    "~standard": {
      version: 1,
      vendor: "errata",
      validate: (value) => {
        const data = value === undefined ? {} : value;
        if (typeof data !== "object" || data === null || Array.isArray(data))
          return { issues: [{ message: "details must be an object" }] };
        const issues = def.details.flatMap((f) => {
          const problem = fieldProblem(f, (data as Record<string, unknown>)[f.name]);
          return problem ? [{ message: problem, path: [f.name] }] : [];
        });
        return issues.length > 0 ? { issues } : { value: data as T };
      },
    },
  };
}

function catalogOf(source: Catalog | DefinedCatalog<object>): Catalog {
  return "catalog" in source ? source.catalog : source;
}

/**
 * The map oRPC's `.errors({...})` takes, for the named errors (an operation's,
 * `OPERATIONS.starRepo.errors` from errata codegen) or every error of the catalog.
 */
export function orpcErrors<F extends object, const N extends keyof F & string>(
  catalog: DefinedCatalog<F>,
  names: readonly N[],
): OrpcErrorMap<F, N>;
export function orpcErrors(
  catalog: Catalog,
  names?: readonly string[],
): Record<string, OrpcErrorDefinition<Record<string, unknown>>>;
export function orpcErrors(
  source: Catalog | DefinedCatalog<object>,
  names?: readonly string[],
): Record<string, OrpcErrorDefinition<unknown>> {
  const catalog = catalogOf(source);
  const wanted = names ? new Set(names) : undefined;
  const defs = catalog.errors.filter((d) => d.status !== undefined && (!wanted || wanted.has(d.name)));
  return Object.fromEntries(
    defs.map((d) => [d.name, { status: d.status as number, message: d.title, data: detailsSchema(d) }]),
  );
}

/** Options of the middleware. */
export interface ErrataMiddlewareOptions {
  /** The catalog: its own fallbacks (INTERNAL_ERROR…) are used for what is not an errata error. */
  readonly catalog?: Catalog;
}

/** What a handler threw, as the ORPCError oRPC sends: an errata error as itself, anything else made safe. */
export function toORPCError(thrown: unknown, options: ErrataMiddlewareOptions = {}): ORPCError<string, unknown> {
  if (thrown instanceof ORPCError) return thrown;
  const { error } = normalize(thrown, options.catalog, globalThis.crypto.randomUUID(), {});
  return new ORPCError(error.name, {
    status: error.status ?? 500,
    message: error.message,
    data: error.details,
    cause: thrown,
  });
}

/** oRPC middleware: what the procedure throws leaves as ORPCError (defined when its `.errors()` map has it). */
export function errataMiddleware(options: ErrataMiddlewareOptions = {}) {
  return async <R>({ next }: { next: () => R }): Promise<Awaited<R>> => {
    try {
      return await next();
    } catch (thrown) {
      throw toORPCError(thrown, options);
    }
  };
}

/** What oRPC's client threw, as the catalog's typed ErrataError (a defined error of the catalog is known to it). */
export function fromORPCError(thrown: unknown, catalogs: readonly (Catalog | DefinedCatalog<object>)[]): ErrataError {
  if (isErrataError(thrown)) return thrown;
  const e = thrown instanceof ORPCError ? thrown : new ORPCError("INTERNAL_SERVER_ERROR", { cause: thrown });
  const data = e.data;
  const details =
    typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const fields = { name: e.code, code: e.code, message: e.message, status: e.status, details };
  return materialize(fields, catalogs.map(catalogOf), e.status, e.toJSON()).error;
}
