/**
 * What changed in one error between two versions of a catalog, by part: its
 * identity on the wire (code, status, kind, exit code, problem type, JSON-RPC code,
 * retryability), its details, its sub-codes and reasons, its extension fields, and
 * the text around it (documentation only, translations included).
 */
import { type Catalog, type ErrorDefinition, type MetaValue, TRANSLATION_FIELDS } from "../catalog/model.js";
import type { Change, Impact } from "./diff.js";
import { arrow, same, typeOf, valueText } from "./values.js";

/** The two catalogs an error is compared between. */
export interface Versions {
  readonly from: Catalog;
  readonly to: Catalog;
}

/** Records the changes of one error. */
interface Recorder {
  add(impact: Impact, rule: string, message: string, field?: string, from?: unknown, to?: unknown): void;
  /** A field that changed, its message `NAME: what old → new`. */
  changed(impact: Impact, rule: string, field: string, from: unknown, to: unknown, what?: string): void;
}

function recorderOf(name: string, out: Change[]): Recorder {
  const add: Recorder["add"] = (impact, rule, message, field, from, to) => {
    const values = field !== undefined ? { field, from: valueText(from), to: valueText(to) } : {};
    out.push({ impact, rule, error: name, ...values, message });
  };
  return {
    add,
    changed: (impact, rule, field, from, to, what = field) =>
      add(impact, rule, `${name}: ${what} ${arrow(from, to)}`, field, from, to),
  };
}

const bothProblem = (v: Versions) => v.to.format === "problem" && v.from.format === "problem";

/** Code, status, kind, exit code, problem type, JSON-RPC code and retry advice. */
function identity(a: ErrorDefinition, b: ErrorDefinition, r: Recorder, versions: Versions): void {
  if (a.code !== b.code) r.changed("breaking", "code-changed", "code", a.code, b.code);
  if (a.status !== b.status) r.changed("breaking", "status-changed", "status", a.status, b.status, "HTTP status");
  if (a.kind !== b.kind) {
    const message = `${b.name}: kind ${a.kind} → ${b.kind}: its runtime class changes (instanceof checks on the old one turn false)`;
    r.add("breaking", "kind-changed", message, "kind", a.kind, b.kind);
  }
  if (a.exitCode !== b.exitCode)
    r.changed("breaking", "exit-code-changed", "exitCode", a.exitCode, b.exitCode, "exit code");
  // RFC 9457 makes a problem's type URI its identity: a problem client matches on it.
  if (bothProblem(versions) && a.docsUrl !== b.docsUrl) {
    const [x, y] = [a.docsUrl ?? "about:blank", b.docsUrl ?? "about:blank"];
    r.changed("breaking", "type-changed", "type", x, y, "problem type URI");
  }
  if (a.jsonrpc?.code !== b.jsonrpc?.code) {
    const message = `${b.name}: JSON-RPC code ${a.jsonrpc?.code ?? "none"} → ${b.jsonrpc?.code ?? "none"}`;
    r.add("breaking", "jsonrpc-code-changed", message);
  }
  const policies = `${a.retry.policy} → ${b.retry.policy}`;
  if (a.retryable !== b.retryable) {
    const flip = a.retryable ? "retryable → not retryable" : "not retryable → retryable";
    r.add("breaking", "retryable-changed", `${b.name}: ${flip} (${policies})`);
  } else if (!same(a.retry, b.retry)) {
    r.add("compatible", "retry-advice-changed", `${b.name}: retry advice ${policies}`);
  }
}

/** Details fields removed, retyped, now required or added, and message parameters removed. */
function details(a: ErrorDefinition, b: ErrorDefinition, r: Recorder): void {
  for (const f of a.details) {
    const g = b.details.find((x) => x.name === f.name);
    if (!g) r.add("breaking", "detail-removed", `${b.name}: details field ${f.name} removed`);
    else if (typeOf(f) !== typeOf(g)) {
      r.add("breaking", "detail-type-changed", `${b.name}: details field ${f.name} ${typeOf(f)} → ${typeOf(g)}`);
    } else if (!f.required && g.required) {
      r.add("compatible", "detail-now-required", `${b.name}: details field ${f.name} is now always present`);
    }
  }
  for (const g of b.details) {
    if (a.details.some((f) => f.name === g.name)) continue;
    const optional = g.required ? "" : " (optional)";
    r.add("compatible", "detail-added", `${b.name}: details field ${g.name} (${typeOf(g)}) added${optional}`);
  }
  for (const p of a.message.params) {
    if (!b.message.params.includes(p))
      r.add("breaking", "message-param-removed", `${b.name}: message parameter {${p}} removed`);
  }
}

/** Sub-codes and reasons removed, changed or added, and a new deprecation. */
function variants(a: ErrorDefinition, b: ErrorDefinition, r: Recorder): void {
  for (const s of a.subcodes) {
    const t = b.subcodes.find((x) => x.name === s.name);
    if (!t) r.add("breaking", "subcode-removed", `${b.name}: sub-code ${s.code} ${s.name} removed`);
    else if (t.code !== s.code)
      r.add("breaking", "subcode-changed", `${b.name}: sub-code ${s.name} ${s.code} → ${t.code}`);
  }
  for (const t of b.subcodes) {
    if (!a.subcodes.some((s) => s.name === t.name))
      r.add("compatible", "subcode-added", `${b.name}: sub-code ${t.code} ${t.name} added`);
  }
  for (const x of a.reasons) {
    if (!b.reasons.some((y) => y.name === x.name))
      r.add("breaking", "reason-removed", `${b.name}: reason ${x.name} removed`);
  }
  for (const y of b.reasons) {
    if (!a.reasons.some((x) => x.name === y.name))
      r.add("compatible", "reason-added", `${b.name}: reason ${y.name} added`);
  }
  if (!a.deprecated && b.deprecated) {
    const use = b.deprecated.replacedBy ? `, use ${b.deprecated.replacedBy}` : "";
    r.add("compatible", "error-deprecated", `${b.name}: deprecated${use}`);
  }
}

/**
 * Extension fields: one sent on the wire (declared `wire: true`) is part of the body a
 * client reads, so removing or changing it breaks; any other is documentation.
 */
function meta(a: ErrorDefinition, b: ErrorDefinition, r: Recorder, to: Catalog): void {
  const onWire = new Set(to.extensions.filter((f) => f.wire).map((f) => f.name));
  for (const key of new Set([...Object.keys(a.meta), ...Object.keys(b.meta)])) {
    const [x, y]: (MetaValue | undefined)[] = [a.meta[key], b.meta[key]];
    if (same(x, y)) continue;
    const wire = onWire.has(key);
    const impact: Impact = !wire ? "docs" : x === undefined ? "compatible" : "breaking";
    const rule = x === undefined ? "meta-added" : y === undefined ? "meta-removed" : "meta-changed";
    const message = `${b.name}: meta.${key} ${arrow(x, y)}${wire ? " (sent on the wire)" : ""}`;
    r.add(impact, rule, message, `meta.${key}`, x, y);
  }
}

/** The documentation fields of an error, compared one by one. */
const TEXT_FIELDS: readonly [string, (d: ErrorDefinition) => unknown][] = [
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

/** Translations are documentation: the code is the identity, never the text. Each changed field, from what to what. */
function translations(a: ErrorDefinition, b: ErrorDefinition, r: Recorder): void {
  for (const locale of new Set([...Object.keys(a.translations), ...Object.keys(b.translations)])) {
    const [x, y] = [a.translations[locale], b.translations[locale]];
    const text = (t: typeof x) => (t ? { ...t, message: t.message?.source } : undefined);
    const [from, to] = [text(x), text(y)];
    if (from && to) {
      for (const field of TRANSLATION_FIELDS) {
        if (same(from[field], to[field])) continue;
        r.changed(
          "docs",
          "translation-changed",
          `translations.${locale}.${field}`,
          from[field],
          to[field],
          `${locale} ${field}`,
        );
      }
    } else if (!same(from, to)) {
      const message = `${b.name}: ${locale} translation ${from ? "removed" : "added"}`;
      r.add("docs", "translation-changed", message, `translations.${locale}`, from, to);
    }
  }
}

/** The text around the contract, field by field with old and new values: documentation changes. */
function text(a: ErrorDefinition, b: ErrorDefinition, r: Recorder, versions: Versions): void {
  const fields = bothProblem(versions)
    ? TEXT_FIELDS
    : [...TEXT_FIELDS, ["docs", (d: ErrorDefinition) => d.docsUrl] as const];
  for (const [field, read] of fields) {
    if (!same(read(a), read(b))) r.changed("docs", `${field}-changed`, field, read(a), read(b));
  }
  translations(a, b, r);
  for (const f of a.details) {
    const g = b.details.find((x) => x.name === f.name);
    if (g && f.description !== g.description) {
      r.changed("docs", "detail-description-changed", `details.${f.name}.description`, f.description, g.description);
    }
  }
}

/** Every change between two versions of one error, added to `out`. */
export function compareError(a: ErrorDefinition, b: ErrorDefinition, out: Change[], versions: Versions): void {
  const r = recorderOf(b.name, out);
  identity(a, b, r, versions);
  details(a, b, r);
  variants(a, b, r);
  meta(a, b, r, versions.to);
  text(a, b, r, versions);
}
