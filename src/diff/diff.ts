/**
 * The contract diff: what changed between two versions of a catalog, and what it
 * does to the clients that depend on it. Breaking: an error removed or renamed, a
 * code, JSON-RPC number, status or exit code changed, the kind changed (and with it
 * the runtime class: `instanceof UnavailableError` turns false), retryability
 * flipped, a details field removed or retyped, a message parameter removed, a
 * sub-code or reason removed, the wire format changed, the identity a format puts
 * on the wire changed (a problem `type` URI, a Google ErrorInfo domain), an
 * extension field sent on the wire changed. Compatible: errors, sub-codes, reasons,
 * details and extension fields added. Docs: the text around them, field by field
 * with old and new values. From those, the semver bump required.
 */
import {
  type Catalog,
  type DetailField,
  type ErrorDefinition,
  type MetaValue,
  TRANSLATION_FIELDS,
} from "../catalog/model.js";

export type Impact = "breaking" | "compatible" | "docs";
export type Bump = "major" | "minor" | "patch" | "none";

export interface Change {
  readonly impact: Impact;
  /** A stable rule name, such as `error-removed` or `status-changed`. */
  readonly rule: string;
  /** The error it concerns, when it concerns one. */
  readonly error?: string;
  /** The field that changed (`status`, `title`, `meta.owner`), when one did. */
  readonly field?: string;
  /** The old and new values as text, when a field changed. */
  readonly from?: string;
  readonly to?: string;
  readonly message: string;
  /** Accepted by the ignore file: reported, but not counted as breaking. */
  readonly accepted?: boolean;
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

/** A value as a change records it, whole: quoted strings, JSON, "none" for absent. */
function valueText(value: unknown): string {
  if (value === undefined || value === null) return "none";
  return typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
}

/** The longest value a message shows whole. */
const SHOWN = 80;

/**
 * Two values as a change's message shows them: whole when short, else cut to a
 * window around their first difference, so the two sides never read the same.
 */
function shownPair(from: unknown, to: unknown): [string, string] {
  const a = valueText(from);
  const b = valueText(to);
  if (a.length <= SHOWN && b.length <= SHOWN) return [a, b];
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  const start = Math.max(0, at - 20);
  const cut = (t: string) =>
    t.length <= SHOWN && start === 0
      ? t
      : `${start > 0 ? "…" : ""}${t.slice(start, start + SHOWN - 2)}${start + SHOWN - 2 < t.length ? "…" : ""}`;
  return [cut(a), cut(b)];
}

/** "old → new", cut as shownPair cuts. */
function arrow(from: unknown, to: unknown): string {
  const [a, b] = shownPair(from, to);
  return `${a} → ${b}`;
}

function compareError(
  a: ErrorDefinition,
  b: ErrorDefinition,
  out: Change[],
  catalogs: { readonly from: Catalog; readonly to: Catalog },
): void {
  const add = (impact: Impact, rule: string, message: string, field?: string, from?: unknown, to?: unknown) =>
    out.push({
      impact,
      rule,
      error: b.name,
      ...(field !== undefined ? { field, from: valueText(from), to: valueText(to) } : {}),
      message,
    });
  const changed = (impact: Impact, rule: string, field: string, from: unknown, to: unknown, what = field) =>
    add(impact, rule, `${b.name}: ${what} ${arrow(from, to)}`, field, from, to);
  if (a.code !== b.code) changed("breaking", "code-changed", "code", a.code, b.code);
  if (a.status !== b.status) changed("breaking", "status-changed", "status", a.status, b.status, "HTTP status");
  if (a.kind !== b.kind) {
    add(
      "breaking",
      "kind-changed",
      `${b.name}: kind ${a.kind} → ${b.kind}: its runtime class changes (instanceof checks on the old one turn false)`,
      "kind",
      a.kind,
      b.kind,
    );
  }
  if (a.exitCode !== b.exitCode)
    changed("breaking", "exit-code-changed", "exitCode", a.exitCode, b.exitCode, "exit code");
  // RFC 9457 makes a problem's type URI its identity: a problem client matches on it.
  if (catalogs.to.format === "problem" && catalogs.from.format === "problem" && a.docsUrl !== b.docsUrl) {
    changed(
      "breaking",
      "type-changed",
      "type",
      a.docsUrl ?? "about:blank",
      b.docsUrl ?? "about:blank",
      "problem type URI",
    );
  }
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
  compareMeta(a, b, catalogs.to, add);
  // The text around the contract, field by field, with old and new values.
  const fields: [string, (d: ErrorDefinition) => unknown][] = [
    ["title", (d) => d.title],
    ["description", (d) => d.description],
    ["message", (d) => d.message.source],
    ["symptoms", (d) => d.symptoms],
    ["causes", (d) => d.causes],
    ["solutions", (d) => d.solutions],
    ["examples", (d) => d.examples],
    ["links", (d) => d.links],
    ["category", (d) => d.category],
    ["group", (d) => d.group],
    ["severity", (d) => d.severity],
    ["actor", (d) => d.actor],
    ["recovery", (d) => d.recovery],
  ];
  if (!(catalogs.to.format === "problem" && catalogs.from.format === "problem"))
    fields.push(["docs", (d) => d.docsUrl]);
  for (const [field, read] of fields) {
    if (!same(read(a), read(b))) changed("docs", `${field}-changed`, field, read(a), read(b));
  }
  // Translations are documentation: the code is the identity, never the text.
  for (const locale of new Set([...Object.keys(a.translations), ...Object.keys(b.translations)])) {
    const [x, y] = [a.translations[locale], b.translations[locale]];
    const text = (t: typeof x) => (t ? { ...t, message: t.message?.source } : undefined);
    const [from, to] = [text(x), text(y)];
    if (from && to) {
      // Both sides translate it: each field that changed, from what to what.
      for (const field of TRANSLATION_FIELDS) {
        if (!same(from[field], to[field])) {
          changed(
            "docs",
            "translation-changed",
            `translations.${locale}.${field}`,
            from[field],
            to[field],
            `${locale} ${field}`,
          );
        }
      }
    } else if (!same(from, to)) {
      add(
        "docs",
        "translation-changed",
        `${b.name}: ${locale} translation ${from ? "removed" : "added"}`,
        `translations.${locale}`,
        from,
        to,
      );
    }
  }
  for (const f of a.details) {
    const g = b.details.find((x) => x.name === f.name);
    if (g && f.description !== g.description) {
      changed("docs", "detail-description-changed", `details.${f.name}.description`, f.description, g.description);
    }
  }
}

/**
 * Extension fields: one sent on the wire (declared `wire: true`) is part of the body a
 * client reads, so removing or changing it breaks; any other is documentation.
 */
function compareMeta(
  a: ErrorDefinition,
  b: ErrorDefinition,
  to: Catalog,
  add: (impact: Impact, rule: string, message: string, field?: string, from?: unknown, to?: unknown) => void,
): void {
  const onWire = new Set(to.extensions.filter((f) => f.wire).map((f) => f.name));
  const keys = new Set([...Object.keys(a.meta), ...Object.keys(b.meta)]);
  for (const key of keys) {
    const [x, y]: (MetaValue | undefined)[] = [a.meta[key], b.meta[key]];
    if (same(x, y)) continue;
    const wire = onWire.has(key);
    const impact: Impact = !wire ? "docs" : x === undefined ? "compatible" : "breaking";
    const rule = x === undefined ? "meta-added" : y === undefined ? "meta-removed" : "meta-changed";
    add(impact, rule, `${b.name}: meta.${key} ${arrow(x, y)}${wire ? " (sent on the wire)" : ""}`, `meta.${key}`, x, y);
  }
}

/** The ErrorInfo domain a Google-format catalog sends (google.ts: the domain, else the name). */
const googleDomain = (c: Catalog): string => c.domain ?? c.name;

/** One accepted change of an ignore file: a rule, and the error it concerns or `*`. */
export interface Acceptance {
  readonly rule: string;
  readonly error: string;
}

/** Compare two versions of a catalog; changes an acceptance names are kept, marked accepted, and break nothing. */
export function diffCatalogs(from: Catalog, to: Catalog, accepted: readonly Acceptance[] = []): CatalogDiff {
  const changes: Change[] = [];
  if (from.format !== to.format) {
    changes.push({
      impact: "breaking",
      rule: "format-changed",
      field: "format",
      from: from.format,
      to: to.format,
      message: `wire format ${from.format} → ${to.format}`,
    });
  }
  // AIP-193: ErrorInfo is identified by reason and domain together.
  if (from.format === "google" && to.format === "google" && googleDomain(from) !== googleDomain(to)) {
    changes.push({
      impact: "breaking",
      rule: "domain-changed",
      field: "domain",
      from: googleDomain(from),
      to: googleDomain(to),
      message: `ErrorInfo domain ${googleDomain(from)} → ${googleDomain(to)}: clients match errors by reason and domain`,
    });
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
      compareError(a, b, changes, { from, to });
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
      compareError({ ...a, name: renamed.name }, renamed, changes, { from, to });
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
  // Categories that come or go with their errors are said by those errors' changes.
  const categories = (c: Catalog, other: Catalog) =>
    c.categories.filter((x) => other.categories.some((y) => y.id === x.id));
  const catalogFields: [string, (c: Catalog, other: Catalog) => unknown][] = [
    ["title", (c) => c.title],
    ["description", (c) => c.description],
    ["guides", (c) => c.guides],
    ["links", (c) => c.links],
    ["statuses", (c) => c.statuses],
    ["docsBaseUrl", (c) => c.docsBaseUrl],
    ["groups", (c) => c.groups],
    ["categories", categories],
  ];
  for (const [field, read] of catalogFields) {
    const [x, y] = [read(from, to), read(to, from)];
    if (same(x, y)) continue;
    changes.push({
      impact: "docs",
      rule: `catalog-${field}-changed`,
      field,
      from: valueText(x),
      to: valueText(y),
      message: `catalog ${field} ${arrow(x, y)}`,
    });
  }
  // A language the API answered in and no longer does: callers asking for it get the default.
  for (const locale of from.locales) {
    if (to.locales.includes(locale)) continue;
    changes.push({
      impact: "docs",
      rule: "locale-removed",
      field: "locales",
      from: locale,
      to: "none",
      message: `locale ${locale} removed: callers asking for it get ${to.defaultLocale}`,
    });
  }
  const isAccepted = (c: Change) => accepted.some((a) => a.rule === c.rule && (a.error === "*" || a.error === c.error));
  for (const [i, c] of changes.entries()) if (isAccepted(c)) changes[i] = { ...c, accepted: true };
  const counted = changes.filter((c) => !c.accepted);
  const breaking = counted.some((c) => c.impact === "breaking");
  const required: Bump = breaking
    ? "major"
    : counted.some((c) => c.impact === "compatible")
      ? "minor"
      : counted.length > 0
        ? "patch"
        : "none";
  const actual = bumpBetween(from.version, to.version);
  // Before 1.0.0, a minor bump may break (semver's 0.y.z), so it counts as a major one.
  const effective = actual === "minor" && semver(from.version)?.[0] === 0 ? "major" : actual;
  const versionOk = effective !== "downgrade" && effective !== "invalid" && ORDER[effective] >= ORDER[required];
  return { catalog: to.name, from: from.version, to: to.version, changes, required, actual, versionOk, breaking };
}
