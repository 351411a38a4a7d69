/**
 * Compile raw catalog input into the model: schema validation, then the build.
 * The one path every catalog takes, whether it comes from a file or from TypeScript.
 */
import { buildCatalog } from "./build.js";
import type { Catalog } from "./model.js";
import type { Problem } from "./problem.js";
import { validateCatalogInput } from "./validate.js";

export interface CompileResult {
  /** The model, absent when the input does not have the catalog's shape. */
  readonly catalog?: Catalog;
  readonly problems: readonly Problem[];
}

export function compileCatalog(raw: unknown, included: readonly Catalog[] = [], source?: string): CompileResult {
  const validation = validateCatalogInput(raw);
  if (!validation.ok) return { problems: validation.problems };
  return buildCatalog(validation.value, included, source);
}
