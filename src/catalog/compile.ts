/**
 * Compile raw catalog input into the model: schema validation, then the build.
 * The one path every catalog takes, whether it comes from a file or from TypeScript.
 * When the schema refuses some errors, the others are still built, so that one run
 * reports the build's problems too (an unknown category, a duplicate code) instead
 * of hiding them until the schema's are fixed.
 */
import { buildCatalog } from "./build.js";
import type { Catalog } from "./model.js";
import type { Problem } from "./problem.js";
import { catalogSchema } from "./schema.js";
import { validateCatalogInput } from "./validate.js";

export interface CompileResult {
  /** The model, absent when the input does not have the catalog's shape. */
  readonly catalog?: Catalog;
  readonly problems: readonly Problem[];
}

/**
 * The input without the errors the schema refused. Undefined when a problem lies
 * outside one error: leaving out a catalog-wide field (its locales, categories or
 * code style) would make the build report problems that are not there.
 */
function withoutRefused(
  raw: Record<string, unknown>,
  problems: readonly Problem[],
): Record<string, unknown> | undefined {
  if (typeof raw.errors !== "object" || raw.errors === null || Array.isArray(raw.errors)) return undefined;
  const errors: Record<string, unknown> = { ...(raw.errors as Record<string, unknown>) };
  for (const { path } of problems) {
    const [top, name] = path;
    if (top !== "errors" || typeof name !== "string") return undefined;
    delete errors[name];
  }
  return { ...raw, errors };
}

/** The build's problems of what the schema let through, beside the schema's own. */
function buildProblemsDespite(raw: unknown, refused: readonly Problem[], included: readonly Catalog[]): Problem[] {
  if (typeof raw !== "object" || raw === null || refused.some((p) => p.rule === "not-a-catalog")) return [];
  const pruned = withoutRefused(raw as Record<string, unknown>, refused);
  const rest = pruned && catalogSchema.safeParse(pruned);
  if (!rest?.success) return [];
  return [...buildCatalog(rest.data, included).problems];
}

export function compileCatalog(raw: unknown, included: readonly Catalog[] = [], source?: string): CompileResult {
  const validation = validateCatalogInput(raw);
  if (!validation.ok)
    return { problems: [...validation.problems, ...buildProblemsDespite(raw, validation.problems, included)] };
  return buildCatalog(validation.value, included, source);
}
