/**
 * Error maps: the rules that turn a foreign thrown value (Prisma's P2002, a Postgres
 * unique violation, fetch's TimeoutError) into one of the catalog's errors. Each rule
 * is checked as the catalog is built: it matches on something, its target is an
 * error of the catalog, and every field it copies is one of the target's details.
 * A catalog's own rules come before those of the catalogs it includes. `own:` is
 * checked here too, as far as the catalog alone can tell: each target is one of its
 * errors (which names are errata's, and their details, is errata's own lint).
 */
import type { Catalog, ErrorMap } from "./model.js";
import { nearest } from "./nearest.js";
import type { CatalogInput } from "./schema.js";
import type { Registry, Report } from "./sections.js";

/** The catalog's rules, built and checked; a rule with a problem is left out. */
export function mapsOf(
  input: CatalogInput,
  included: readonly Catalog[],
  registry: Registry,
  report: Report,
): ErrorMap[] {
  const own: ErrorMap[] = [];
  for (const [i, rule] of (input.maps ?? []).entries()) {
    const at = ["maps", i];
    const { name, code, status } = rule.match;
    if (name === undefined && code === undefined && status === undefined) {
      report([...at, "match"], "map-match", "a rule must match on at least one of name, code, status");
      continue;
    }
    const target = registry.byName.get(rule.to);
    if (!target) {
      const suggestion = nearest(rule.to, registry.byName.keys())[0];
      report([...at, "to"], "unknown-error", `no error is called ${rule.to}`, suggestion);
      continue;
    }
    const declared = new Set(target.details.map((d) => d.name));
    const details = rule.details ?? {};
    const stray = Object.keys(details).filter((field) => !declared.has(field));
    for (const field of stray) {
      const suggestion = nearest(field, declared)[0];
      const known = declared.size > 0 ? `: it has ${[...declared].join(", ")}` : ": it declares none";
      report([...at, "details", field], "map-detail", `${rule.to} has no detail ${field}${known}`, suggestion);
    }
    if (stray.length > 0) continue;
    own.push({
      match: {
        ...(name !== undefined ? { name } : {}),
        ...(code !== undefined ? { code: String(code) } : {}),
        ...(status !== undefined ? { status } : {}),
      },
      to: rule.to,
      details: { ...details },
      catalog: input.name,
    });
  }
  return [...own, ...included.flatMap((c) => c.maps)];
}

/** `own:`: errata's error names → the catalog's errors sent instead; an unknown target is reported. */
export function ownOf(
  input: CatalogInput,
  included: readonly Catalog[],
  registry: Registry,
  report: Report,
): Record<string, string> {
  const own: Record<string, string> = Object.assign({}, ...included.map((c) => c.own));
  for (const [name, target] of Object.entries(input.own ?? {})) {
    if (!registry.byName.has(target)) {
      const suggestion = nearest(target, registry.byName.keys())[0];
      report(["own", name], "unknown-error", `no error is called ${target}`, suggestion);
      continue;
    }
    own[name] = target;
  }
  return own;
}
