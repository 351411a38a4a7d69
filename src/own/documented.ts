/**
 * errata's own catalog with its prose: the runtime part (catalog.ts) and the
 * causes, solutions and descriptions (guidance.ts), compiled like any catalog,
 * schema check included. For docs and explain; runtime code uses catalog.ts.
 */
import { compileCatalog } from "../catalog/compile.js";
import type { Catalog } from "../catalog/model.js";
import { formatPath, hasErrors } from "../catalog/problem.js";
import { ownDefinition } from "./catalog.js";
import { guidance } from "./guidance.js";

/** The input of errata's own documented catalog. */
export const documentedDefinition = {
  ...ownDefinition,
  errors: Object.fromEntries(
    Object.entries(ownDefinition.errors).map(([name, entry]) => [name, { ...entry, ...guidance[name] }]),
  ),
};

function compileDocumented(): Catalog {
  const { catalog, problems } = compileCatalog(documentedDefinition);
  if (!catalog || hasErrors(problems)) {
    const list = problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join("; ");
    throw new Error(`errata's own catalog is invalid (a bug in errata): ${list}`);
  }
  return catalog;
}

/** errata's own errors, documented: what causes each and how to fix it. */
export const errataCatalog: Catalog = compileDocumented();
