/**
 * Lint rules over the Catalog model: the design mistakes that load fine but
 * break the contract (a retryable 404, a 500 in a validation category, a message
 * parameter no details field declares, an "outcome" with a 5xx status…). The
 * catalog's own checks are here; each error's are in lintError.ts.
 */

import { errorProblems } from "./lintError.js";
import { LINT_RULES } from "./lintRules.js";
import { findError } from "./lookup.js";
import type { Catalog, RuleSeverity } from "./model.js";
import { nearest } from "./nearest.js";
import type { Problem } from "./problem.js";

export { LINT_RULES, type LintRule, NEVER_RETRYABLE_STATUSES } from "./lintRules.js";

/**
 * The shape free-form codes share, as a pattern for `codes:` (`SHOP-0001`, `SHOP-0042` →
 * `SHOP-\d{4}`; `CART-01`, `SHOP-02` → `[A-Z]{4}-\d{2}`), or undefined when they differ.
 */
export function sharedCodeShape(codes: readonly string[]): string | undefined {
  if (codes.length < 2) return undefined;
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const digits = (code: string) =>
    code
      .split(/(\d+)/)
      .map((part, i) => (i % 2 === 1 ? `\\d{${part.length}}` : literal(part)))
      .join("");
  const letters = (code: string) =>
    code
      .split(/(\d+|[A-Z]+|[a-z]+)/)
      .map((part) =>
        /^\d+$/.test(part)
          ? `\\d{${part.length}}`
          : /^[A-Z]+$/.test(part)
            ? `[A-Z]{${part.length}}`
            : /^[a-z]+$/.test(part)
              ? `[a-z]{${part.length}}`
              : literal(part),
      )
      .join("");
  for (const shape of [digits, letters]) {
    const first = shape(codes[0] as string);
    if (/\\d|\[A-Z\]|\[a-z\]/.test(first) && codes.every((c) => shape(c) === first)) return first;
  }
  return undefined;
}

/** Apply a catalog's `lint:` settings and each error's own: rules turned off or changed in severity. */
function configured(catalog: Catalog, problems: Problem[]): Problem[] {
  const byError = new Map<string, Readonly<Record<string, RuleSeverity>>>();
  for (const def of catalog.errors) if (def.lint && def.catalog === catalog.name) byError.set(def.name, def.lint);
  const out: Problem[] = [];
  for (const p of problems) {
    const own = p.path[0] === "errors" ? byError.get(String(p.path[1])) : undefined;
    const setting = own?.[p.rule] ?? catalog.lint.rules[p.rule];
    if (setting === "off") continue;
    out.push(setting === undefined || setting === p.severity ? p : { ...p, severity: setting });
  }
  return out;
}

/** `lint:` settings naming rules that do not exist. */
function unknownRules(catalog: Catalog): Problem[] {
  const known = Object.keys(LINT_RULES);
  const check = (settings: Readonly<Record<string, RuleSeverity>>, at: (string | number)[]) =>
    Object.keys(settings)
      .filter((rule) => !Object.hasOwn(LINT_RULES, rule))
      .map((rule): Problem => {
        const suggestion = nearest(rule, known)[0];
        return {
          severity: "error",
          rule: "unknown-rule",
          message: `no lint rule is called "${rule}"${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
          path: [...at, rule],
          ...(suggestion ? { suggestion } : {}),
        };
      });
  return [
    ...check(catalog.lint.rules, ["lint", "rules"]),
    ...catalog.errors.flatMap((d) =>
      d.lint && d.catalog === catalog.name ? check(d.lint, ["errors", d.name, "lint"]) : [],
    ),
  ];
}

/**
 * Lint the errors a catalog declares itself (included catalogs are linted in their
 * own files), then apply its `lint:` settings, catalog-wide then per error, to those
 * problems and to `also` (the checks of a layer above: errata's own errors, own/lint.ts).
 */
export function lintCatalog(catalog: Catalog, also: readonly Problem[] = []): Problem[] {
  const own = catalog.errors.filter((def) => def.catalog === catalog.name);
  const problems = [...catalogProblems(catalog), ...own.flatMap((def) => errorProblems(def, catalog)), ...also];
  return [...configured(catalog, problems), ...unknownRules(catalog)];
}

/** Per declared locale other than the default: how many of the catalog's own errors lack a translated message. */
function missingTranslations(catalog: Catalog): Problem[] {
  const own = catalog.errors.filter((d) => d.catalog === catalog.name && !d.notAnError);
  const out: Problem[] = [];
  for (const [i, locale] of catalog.locales.entries()) {
    if (locale === catalog.defaultLocale) continue;
    const missing = own.filter((d) => d.translations[locale]?.message === undefined).map((d) => d.name);
    if (missing.length === 0) continue;
    const shown = missing.slice(0, 5).join(", ");
    out.push({
      severity: LINT_RULES["translation-missing"].severity,
      rule: "translation-missing",
      message: `${locale}: ${missing.length} of ${own.length} errors have no translated message (${shown}${missing.length > 5 ? ", …" : ""}); they fall back to ${catalog.defaultLocale}`,
      path: ["locales", i],
    });
  }
  return out;
}

/** The catalog's own checks: languages without translations, a code shape to declare, a Google domain. */
function catalogProblems(catalog: Catalog): Problem[] {
  const problems: Problem[] = missingTranslations(catalog);
  if (catalog.codeStyle.style === "free") {
    const own = catalog.errors.filter((d) => d.catalog === catalog.name && d.code !== d.name).map((d) => d.code);
    const shape = sharedCodeShape(own);
    if (shape) {
      problems.push({
        severity: LINT_RULES["code-pattern"].severity,
        rule: "code-pattern",
        message: `every code has the shape ${shape}: declare it, and lint checks each new code against it`,
        path: ["codes"],
        suggestion: `codes: { style: pattern, pattern: '${shape}' }`,
      });
    }
  }
  if (catalog.format === "google" && catalog.domain === undefined) {
    problems.push({
      severity: LINT_RULES["google-domain"].severity,
      rule: "google-domain",
      message: `ErrorInfo.domain would be "${catalog.name}", which another service may use too (AIP-193 wants it globally unique)`,
      path: ["domain"],
      suggestion: "set domain: to the service's DNS name, such as api.example.com",
    });
  }
  return [...problems, ...operationProblems(catalog), ...mapProblems(catalog)];
}

/** A map rule of the catalog's own whose target's message needs a parameter the rule does not copy. */
function mapProblems(catalog: Catalog): Problem[] {
  const problems: Problem[] = [];
  catalog.maps
    .filter((rule) => rule.catalog === catalog.name)
    .forEach((rule, i) => {
      const params = findError(catalog, rule.to)?.message.params ?? [];
      const missing = params.filter((p) => rule.details[p] === undefined);
      if (missing.length === 0) return;
      problems.push({
        severity: LINT_RULES["map-message"].severity,
        rule: "map-message",
        message: `${rule.to}'s message needs ${missing.join(", ")}, which this rule does not copy: it would show <${missing[0]}>`,
        path: ["maps", i, "details"],
        suggestion: `details: { ${missing.map((p) => `${p}: <path in the thrown value>`).join(", ")} }`,
      });
    });
  return problems;
}

/** An error no operation returns, and an operation that may return none, in a catalog that declares operations. */
function operationProblems(catalog: Catalog): Problem[] {
  const own = catalog.operations.filter((o) => o.catalog === catalog.name);
  if (own.length === 0) return [];
  const returned = new Set(catalog.operations.flatMap((o) => [...o.errors, ...o.commonErrors]));
  const unreturned = catalog.errors.filter((d) => d.catalog === catalog.name && !returned.has(d.name));
  const empty = own.filter((o) => o.errors.length === 0 && o.commonErrors.length === 0);
  return [
    ...unreturned.map(
      (d): Problem => ({
        severity: LINT_RULES["error-unreturned"].severity,
        rule: "error-unreturned",
        message: `no operation returns ${d.name}: add it to an operation's errors or to commonErrors`,
        path: ["errors", d.name],
      }),
    ),
    ...empty.map(
      (o): Problem => ({
        severity: LINT_RULES["operation-without-errors"].severity,
        rule: "operation-without-errors",
        message: `operation ${o.id} declares no errors, and gets no common ones`,
        path: ["operations", o.id],
      }),
    ),
  ];
}
