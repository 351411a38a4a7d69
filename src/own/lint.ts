/**
 * The whole lint, as `errata lint` runs it: the model's rules (catalog/lint.ts) and
 * those that need errata's own errors. `own:` may name only the errors errata sends
 * on an API's behalf (sent.ts), and each target must declare every detail errata
 * fills, with its type. A catalog whose codes are its own (E012, SHOP-0042) is told
 * (info) which of errata's errors would still go out under errata's names.
 */
import { LINT_RULES, lintCatalog as lintModel } from "../catalog/lint.js";
import { findError } from "../catalog/lookup.js";
import type { Catalog, DetailField } from "../catalog/model.js";
import { nearest } from "../catalog/nearest.js";
import type { Problem } from "../catalog/problem.js";
import { fallback } from "./fallback.js";
import { SENT } from "./sent.js";

const typeOf = (d: DetailField) => (d.type === "array" ? `array of ${d.items ?? "any"}` : d.type);

/** What is wrong with one `own:` entry, if anything. */
function entryProblems(catalog: Catalog, name: string, target: string): Problem[] {
  const at = ["own", name];
  if (!SENT.includes(name)) {
    const suggestion = nearest(name, SENT)[0];
    const hint = suggestion ? `; did you mean ${suggestion}?` : "";
    const message = `errata sends no error called ${name} on the API's behalf${hint}`;
    return [
      {
        severity: LINT_RULES["own-unknown"].severity,
        rule: "own-unknown",
        message,
        path: at,
        ...(suggestion ? { suggestion } : {}),
      },
    ];
  }
  const theirs = findError(catalog, target)?.details ?? [];
  const problems: Problem[] = [];
  for (const field of fallback(undefined, name as never).definition?.details ?? []) {
    const declared = theirs.find((d) => d.name === field.name);
    if (declared && typeOf(declared) === typeOf(field)) continue;
    const found = declared ? `declares it as ${typeOf(declared)}` : "does not declare it";
    problems.push({
      severity: LINT_RULES["own-details"].severity,
      rule: "own-details",
      message: `${name} fills ${field.name} (${typeOf(field)}), and ${target} ${found}`,
      path: at,
      suggestion: `errors.${target}.details.${field.name}: ${typeOf(field)}`,
    });
  }
  return problems;
}

/** errata's errors a catalog with codes of its own would still send under errata's names. */
function unmapped(catalog: Catalog): Problem[] {
  if (catalog.codeStyle.style === "name") return [];
  const left = SENT.filter((name) => catalog.own[name] === undefined && !findError(catalog, name));
  if (left.length === 0) return [];
  const shown = left.slice(0, 6).join(", ");
  return [
    {
      severity: LINT_RULES["own-unmapped"].severity,
      rule: "own-unmapped",
      message: `${left.length} of errata's errors would go out under errata's names and codes (${shown}${left.length > 6 ? ", …" : ""}): map those the API can send in own:`,
      path: ["own"],
    },
  ];
}

/** Every problem of `own:` and of errata's errors in the catalog. */
export function ownProblems(catalog: Catalog): Problem[] {
  const entries = Object.entries(catalog.own).flatMap(([name, target]) => entryProblems(catalog, name, target));
  return [...entries, ...unmapped(catalog)];
}

/** Lint a catalog: the model's rules and errata's own errors, with the catalog's `lint:` settings applied. */
export function lintCatalog(catalog: Catalog): Problem[] {
  return lintModel(catalog, ownProblems(catalog));
}
