/**
 * The contract diff: what changed between two versions of a catalog, and what it
 * does to the clients that depend on it. Breaking: an error removed or renamed, a
 * code, JSON-RPC number or status changed, retryability flipped, a details field
 * removed or retyped, a message parameter removed, a sub-code or reason removed,
 * the wire format changed. Compatible: errors, sub-codes, reasons and details
 * fields added. Docs: the text around them. From those, the semver bump required.
 */
import type { Catalog, DetailField, ErrorDefinition } from "../catalog/model.js";

export type Impact = "breaking" | "compatible" | "docs";
export type Bump = "major" | "minor" | "patch" | "none";

export interface Change {
  readonly impact: Impact;
  /** A stable rule name, such as `error-removed` or `status-changed`. */
  readonly rule: string;
  /** The error it concerns, when it concerns one. */
  readonly error?: string;
  readonly message: string;
}

export interface CatalogDiff {
  readonly catalog: string;
  readonly from: string;
  readonly to: string;
  readonly changes: readonly Change[];
  /** The bump the changes need. */
  readonly required: Bump;
  /** The bump from the old version to the new one. */
  readonly actual: Bump | "downgrade" | "invalid";
  /** True when the new version's bump is at least the required one. */
  readonly versionOk: boolean;
  readonly breaking: boolean;
}

const ORDER: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

function semver(version: string): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** The bump between two versions. */
export function bumpBetween(from: string, to: string): Bump | "downgrade" | "invalid" {
  const a = semver(from);
  const b = semver(to);
  if (!a || !b) return "invalid";
  for (let i = 0; i < 3; i++) {
    if ((b[i] as number) > (a[i] as number)) return (["major", "minor", "patch"] as const)[i] as Bump;
    if ((b[i] as number) < (a[i] as number)) return "downgrade";
  }
  return "none";
}

function typeOf(f: DetailField): string {
  return `${f.type === "array" && f.items ? `${f.items}[]` : f.type}${f.nullable ? " | null" : ""}`;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function compareError(a: ErrorDefinition, b: ErrorDefinition, out: Change[]): void {
  const add = (impact: Impact, rule: string, message: string) => out.push({ impact, rule, error: b.name, message });
  if (a.code !== b.code) add("breaking", "code-changed", `${b.name}: code ${a.code} → ${b.code}`);
  if (a.status !== b.status) add("breaking", "status-changed", `${b.name}: HTTP status ${a.status} → ${b.status}`);
  if (a.jsonrpc?.code !== b.jsonrpc?.code) {
    add(
      "breaking",
      "jsonrpc-code-changed",
      `${b.name}: JSON-RPC code ${a.jsonrpc?.code ?? "none"} → ${b.jsonrpc?.code ?? "none"}`,
    );
  }
  if (a.retryable !== b.retryable) {
    add(
      "breaking",
      "retryable-changed",
      `${b.name}: ${a.retryable ? "retryable → not retryable" : "not retryable → retryable"} (${a.retry.policy} → ${b.retry.policy})`,
    );
  } else if (!same(a.retry, b.retry)) {
    add("compatible", "retry-advice-changed", `${b.name}: retry advice ${a.retry.policy} → ${b.retry.policy}`);
  }
  for (const f of a.details) {
    const g = b.details.find((x) => x.name === f.name);
    if (!g) add("breaking", "detail-removed", `${b.name}: details field ${f.name} removed`);
    else if (typeOf(f) !== typeOf(g)) {
      add("breaking", "detail-type-changed", `${b.name}: details field ${f.name} ${typeOf(f)} → ${typeOf(g)}`);
    } else if (!f.required && g.required) {
      add("compatible", "detail-now-required", `${b.name}: details field ${f.name} is now always present`);
    }
  }
  for (const g of b.details) {
    if (!a.details.some((f) => f.name === g.name)) {
      add(
        "compatible",
        "detail-added",
        `${b.name}: details field ${g.name} (${typeOf(g)}) added${g.required ? "" : " (optional)"}`,
      );
    }
  }
  for (const p of a.message.params) {
    if (!b.message.params.includes(p))
      add("breaking", "message-param-removed", `${b.name}: message parameter {${p}} removed`);
  }
  for (const s of a.subcodes) {
    const t = b.subcodes.find((x) => x.name === s.name);
    if (!t) add("breaking", "subcode-removed", `${b.name}: sub-code ${s.code} ${s.name} removed`);
    else if (t.code !== s.code)
      add("breaking", "subcode-changed", `${b.name}: sub-code ${s.name} ${s.code} → ${t.code}`);
  }
  for (const t of b.subcodes) {
    if (!a.subcodes.some((s) => s.name === t.name))
      add("compatible", "subcode-added", `${b.name}: sub-code ${t.code} ${t.name} added`);
  }
  for (const r of a.reasons) {
    if (!b.reasons.some((x) => x.name === r.name))
      add("breaking", "reason-removed", `${b.name}: reason ${r.name} removed`);
  }
  for (const r of b.reasons) {
    if (!a.reasons.some((x) => x.name === r.name))
      add("compatible", "reason-added", `${b.name}: reason ${r.name} added`);
  }
  if (!a.deprecated && b.deprecated)
    add(
      "compatible",
      "error-deprecated",
      `${b.name}: deprecated${b.deprecated.replacedBy ? `, use ${b.deprecated.replacedBy}` : ""}`,
    );
  const text = (d: ErrorDefinition) => [
    d.title,
    d.description,
    d.message.source,
    d.symptoms,
    d.causes,
    d.solutions,
    d.examples,
    d.docsUrl,
    d.links,
    d.category,
    d.severity,
    d.actor,
    d.recovery,
  ];
  const described = (d: ErrorDefinition, other: ErrorDefinition) =>
    d.details.filter((f) => other.details.some((g) => g.name === f.name)).map((f) => [f.name, f.description]);
  if (!same(text(a), text(b)) || !same(described(a, b), described(b, a))) {
    add("docs", "docs-changed", `${b.name}: documentation changed`);
  }
}

/** Compare two versions of a catalog. */
export function diffCatalogs(from: Catalog, to: Catalog): CatalogDiff {
  const changes: Change[] = [];
  if (from.format !== to.format) {
    changes.push({ impact: "breaking", rule: "format-changed", message: `wire format ${from.format} → ${to.format}` });
  }
  if (from.name !== to.name) {
    changes.push({ impact: "docs", rule: "catalog-renamed", message: `catalog name ${from.name} → ${to.name}` });
  }
  const byName = new Map(to.errors.map((e) => [e.name, e]));
  const byCode = new Map(to.errors.map((e) => [e.code, e]));
  const matched = new Set<string>();
  for (const a of from.errors) {
    const b = byName.get(a.name);
    if (b) {
      matched.add(b.name);
      compareError(a, b, changes);
      continue;
    }
    const renamed = a.code !== a.name ? byCode.get(a.code) : undefined;
    if (renamed && !from.errors.some((e) => e.name === renamed.name)) {
      matched.add(renamed.name);
      changes.push({
        impact: "breaking",
        rule: "error-renamed",
        error: renamed.name,
        message: `${a.name} renamed to ${renamed.name} (code ${a.code})`,
      });
      compareError({ ...a, name: renamed.name }, renamed, changes);
    } else {
      changes.push({
        impact: "breaking",
        rule: "error-removed",
        error: a.name,
        message: `${a.name} (${a.code}) removed`,
      });
    }
  }
  for (const b of to.errors) {
    if (!matched.has(b.name) && !from.errors.some((a) => a.name === b.name)) {
      changes.push({
        impact: "compatible",
        rule: "error-added",
        error: b.name,
        message: `${b.name} (${b.code}) added`,
      });
    }
  }
  const catalogText = (c: Catalog) => [c.title, c.description, c.guides, c.links, c.statuses, c.docsBaseUrl];
  // Categories that come or go with their errors are said by those errors' changes.
  const categories = (c: Catalog, other: Catalog) =>
    c.categories.filter((x) => other.categories.some((y) => y.id === x.id));
  if (!same(catalogText(from), catalogText(to)) || !same(categories(from, to), categories(to, from))) {
    changes.push({ impact: "docs", rule: "docs-changed", message: "catalog documentation changed" });
  }
  const breaking = changes.some((c) => c.impact === "breaking");
  const required: Bump = breaking
    ? "major"
    : changes.some((c) => c.impact === "compatible")
      ? "minor"
      : changes.length > 0
        ? "patch"
        : "none";
  const actual = bumpBetween(from.version, to.version);
  // Before 1.0.0, a minor bump may break (semver's 0.y.z), so it counts as a major one.
  const effective = actual === "minor" && semver(from.version)?.[0] === 0 ? "major" : actual;
  const versionOk = effective !== "downgrade" && effective !== "invalid" && ORDER[effective] >= ORDER[required];
  return { catalog: to.name, from: from.version, to: to.version, changes, required, actual, versionOk, breaking };
}
