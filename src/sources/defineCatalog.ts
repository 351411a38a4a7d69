/**
 * defineCatalog: declare a catalog in TypeScript and get fully typed factories.
 * The object goes through the same validation and build as a catalog file.
 */
import { compileCatalog } from "../catalog/compile.js";
import { hasErrors } from "../catalog/problem.js";
import { invalidCatalog } from "../own/catalog.js";
import { createErrors } from "../runtime/createErrors.js";
import type { CatalogDefinition, DefinedCatalog, Factories, IncludedFactories } from "../runtime/types.js";

export interface DefineCatalogOptions<I extends readonly DefinedCatalog<object>[]> {
  /** Catalogs whose errors this one includes (a company's shared base errors). */
  readonly include?: I;
  /** Capture stack traces when raising (default true). */
  readonly stack?: boolean;
  /** An error raised for a language has its `message` in it too (default false: `message` stays in the default). */
  readonly localizeMessage?: boolean;
}

/**
 * Declare a catalog in TypeScript.
 *
 * @example
 * const { errors } = defineCatalog({
 *   name: "shop", version: "1.0.0",
 *   errors: { MISSING_FIELD: { category: "validation", message: "Required field missing: {field}" } },
 * });
 * throw errors.MISSING_FIELD({ field: "task" });
 *
 * @throws ErrataError CATALOG_INVALID listing every problem of the declaration.
 */
export function defineCatalog<
  const C extends CatalogDefinition,
  const I extends readonly DefinedCatalog<object>[] = readonly [],
>(input: C, options: DefineCatalogOptions<I> = {}): DefinedCatalog<Factories<C> & IncludedFactories<I>> {
  const included = (options.include ?? []).map((d) => d.catalog);
  const { catalog, problems } = compileCatalog(input, included);
  if (!catalog || hasErrors(problems)) {
    throw invalidCatalog(typeof input.name === "string" ? input.name : "(unnamed)", problems);
  }
  const errors = createErrors(catalog, {
    ...(options.stack === undefined ? {} : { stack: options.stack }),
    ...(options.localizeMessage === undefined ? {} : { localizeMessage: options.localizeMessage }),
  });
  return { catalog, errors: errors as unknown as Factories<C> & IncludedFactories<I> };
}
