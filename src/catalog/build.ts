/**
 * Build the Catalog model from validated input: resolve every default
 * (error ← category ← kind), parse templates, merge included catalogs, and
 * report what makes a catalog unusable (unknown category, bad code, duplicates).
 * The stages live beside it: the catalog-wide sections (sections.ts), each error
 * (errorDefinition.ts), and the shared resolutions (resolve.ts).
 */
import { resolveCodeStyle } from "./codeStyle.js";
import { buildError } from "./errorDefinition.js";
import { rateLimitsOf } from "./limits.js";
import { mapsOf, ownOf } from "./maps.js";
import type { Catalog, Category, CodeStyle, IdempotencyPolicy, StatusSummary } from "./model.js";
import { titleCase } from "./names.js";
import { nearest } from "./nearest.js";
import { operationsOf } from "./operations.js";
import type { Problem } from "./problem.js";
import { type BuildResult, extensionsOf, linkOf, present } from "./resolve.js";
import type { CatalogInput } from "./schema.js";
import { categoriesOf, groupsOf, localesOf, mergeIncluded, type Registry, type Report } from "./sections.js";

export { type BuildResult, summaryLine } from "./resolve.js";

/**
 * Build a catalog from validated input. `included` are the already built
 * catalogs named by `include`; their errors come first and must not clash.
 */
export function buildCatalog(input: CatalogInput, included: readonly Catalog[] = [], source?: string): BuildResult {
  const problems: Problem[] = [];
  const report: Report = (path, rule, message, suggestion) => {
    problems.push({ severity: "error", rule, message, path, ...(suggestion ? { suggestion } : {}) });
  };
  const styleResult = resolveCodeStyle(input.codes, input.errors);
  let codeStyle: CodeStyle = { style: "name" };
  if ("problem" in styleResult) report(["codes"], "code-style", styleResult.problem);
  else codeStyle = styleResult;
  const categories = categoriesOf(input, report);
  const groups = groupsOf(input, report);
  const locales = localesOf(input, report);
  const defaultLocale = locales[0] ?? "en";
  const extensions = extensionsOf(input, included);
  const registry: Registry = { errors: [], byName: new Map(), byCode: new Map() };
  mergeIncluded(included, { registry, categories, groups }, report);
  const context = {
    input,
    report,
    codeStyle,
    categories,
    groups,
    locales,
    defaultLocale,
    onWire: new Set(extensions.filter((f) => f.wire).map((f) => f.name)),
    registry,
  };
  for (const [name, e] of Object.entries(input.errors)) buildError(context, name, e);
  checkReplacements(input, registry, report);
  const { commonErrors, operations } = operationsOf(input, included, {
    registry,
    categories: new Set(categories.keys()),
    groups,
    report,
    catalog: input.name,
  });
  const statuses: StatusSummary[] = Object.entries(input.statuses ?? {}).map(([s, row]) => ({
    status: Number(s),
    ...row,
  }));

  const catalog: Catalog = {
    name: input.name,
    version: input.version,
    title: input.title ?? titleCase(input.name),
    format: input.format ?? "problem",
    codeStyle,
    rateLimitHeaders: input.rateLimitHeaders ?? "ietf",
    rateLimits: rateLimitsOf(input, included),
    includes: [...new Set(included.flatMap((c) => [c.name, ...c.includes]))],
    categories: [...categories.values()].map(({ defaults: _defaults, ...c }) => c as Category),
    groups: [...groups.values()],
    statuses,
    errors: registry.errors,
    commonErrors,
    operations,
    own: ownOf(input, included, registry, report),
    maps: mapsOf(input, included, registry, report),
    guides: (input.guides ?? []).map((g) => ({ ...g })),
    links: (input.links ?? []).map(linkOf),
    locales: locales.length > 0 ? locales : [defaultLocale],
    defaultLocale,
    organize: input.organize ?? "category",
    extensions,
    lint: {
      rules: { ...(input.lint?.rules ?? {}) },
      allowStatuses: [...(input.lint?.allowStatuses ?? [])],
    },
  };
  for (const [key, value] of Object.entries(optionalOf(input, included, source))) {
    if (value !== undefined) Object.assign(catalog, { [key]: value });
  }
  return { catalog, problems };
}

/** A deprecation's dates are real days, and its sunset does not come before it. */
function checkDates(name: string, d: { since?: string; sunset?: string }, report: Report): void {
  const at = ["errors", name, "deprecated"];
  for (const key of ["since", "sunset"] as const) {
    const value = d[key];
    if (value === undefined) continue;
    const day = value.slice(0, 10);
    const parsed = Date.parse(day);
    // Date.parse rolls 2026-02-30 over into March: the day must come back as it was written.
    const real =
      !Number.isNaN(parsed) && new Date(parsed).toISOString().startsWith(day) && !Number.isNaN(Date.parse(value));
    if (!real) report([...at, key], "deprecation-date", `${value} is no date`);
  }
  if (d.since && d.sunset && Date.parse(d.sunset) < Date.parse(d.since)) {
    report([...at, "sunset"], "deprecation-date", `the sunset (${d.sunset}) comes before the deprecation (${d.since})`);
  }
}

/** Each deprecation's dates, and its `replacedBy`, which must name an error once all are known. */
function checkReplacements(input: CatalogInput, registry: Registry, report: Report): void {
  for (const [name, e] of Object.entries(input.errors)) {
    if (typeof e.deprecated === "object") checkDates(name, e.deprecated, report);
    const replacedBy = typeof e.deprecated === "object" ? e.deprecated.replacedBy : undefined;
    if (!replacedBy || registry.byName.has(replacedBy)) continue;
    const suggestion = nearest(replacedBy, registry.byName.keys())[0];
    report(
      ["errors", name, "deprecated", "replacedBy"],
      "unknown-error",
      `replacedBy names an unknown error "${replacedBy}"`,
      suggestion,
    );
  }
}

/** The catalog-wide fields the model has only when given (idempotency: the catalog's own, else an included one's). */
function optionalOf(input: CatalogInput, included: readonly Catalog[], source: string | undefined) {
  const idempotency: IdempotencyPolicy | undefined = input.idempotency
    ? {
        header: input.idempotency.header ?? "Idempotency-Key",
        lifetimeSeconds: input.idempotency.lifetime ?? 86_400,
        methods: [...(input.idempotency.methods ?? ["POST", "PATCH"])],
      }
    : included.find((c) => c.idempotency)?.idempotency;
  return {
    description: present(input.description),
    docsBaseUrl: input.docsBaseUrl,
    challenge: input.challenge,
    domain: input.domain,
    sdk: input.sdk,
    idempotency,
    source,
  };
}
