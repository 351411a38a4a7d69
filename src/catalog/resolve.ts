import { isIcu, parseIcu } from "./icu.js";
import type { Catalog, ExtensionField, Link, Recovery, RetryAdvice, Severity, Solution, Template } from "./model.js";
import type { Problem } from "./problem.js";
import type { CatalogInput, ErrorInput } from "./schema.js";
import { parseTemplate } from "./template.js";

/** A link as the model keeps it: a link without a title shows its URL. */
export function linkOf(link: { readonly title?: string | undefined; readonly url: string }): Link {
  return { title: link.title ?? link.url, url: link.url };
}

/** Headers a catalog error may not set: the body's own and the connection's. */
export const RESERVED_HEADERS = new Set([
  "content-type",
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "set-cookie",
  "x-request-id",
  "x-trace-id",
]);

export type RetryInput = NonNullable<ErrorInput["retry"]>;
export type RecoveryInput = NonNullable<ErrorInput["recovery"]>;
export type SolutionInput = NonNullable<ErrorInput["solutions"]>[number];
export type CategoryInput = NonNullable<CatalogInput["categories"]>[string];

export interface BuildResult {
  readonly catalog: Catalog;
  readonly problems: readonly Problem[];
}

export function resolveRetry(input: RetryInput): RetryAdvice {
  if (typeof input === "string") return { policy: input };
  const { when, ...rest } = input;
  if (!when) return rest;
  const lists: Record<string, readonly (string | number | boolean)[]> = {};
  for (const [field, value] of Object.entries(when)) lists[field] = Array.isArray(value) ? [...value] : [value];
  return { ...rest, when: lists };
}

export function resolveRecovery(input: RecoveryInput, retry: RetryAdvice): Recovery {
  const spec = typeof input === "string" ? { action: input } : input;
  const fallback =
    retry.policy === "transport"
      ? "auto"
      : spec.action === "none" || spec.action === "upgrade" || spec.action === "report_bug"
        ? "no"
        : "yes";
  const recovery: { -readonly [K in keyof Recovery]: Recovery[K] } = {
    action: spec.action,
    recoverable: ("recoverable" in spec && spec.recoverable) || fallback,
  };
  if ("summary" in spec && spec.summary) recovery.summary = spec.summary;
  return recovery;
}

export function resolveSolutions(input: readonly SolutionInput[] | undefined): Solution[] {
  return (input ?? []).map((s) => (typeof s === "string" ? { text: s } : { ...s }));
}

export function defaultSeverity(status: number | undefined, notAnError: boolean): Severity {
  if (notAnError) return "info";
  return status === undefined || status >= 500 ? "error" : "warning";
}

/** The first line of prose that reads as a sentence (not a heading, fence or list marker), for a table. */
export function summaryLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t === "" || /^(#|```|~~~|\||[-*+] |\d+\. )/.test(t)) continue;
    return t;
  }
  return undefined;
}

/** A message: ICU when it uses plural, select, number, date or time arguments, else errata's plain template. */
export function parseMessage(source: string, locale: string): Template | { readonly problem: string } {
  return isIcu(source) ? parseIcu(source, locale) : parseTemplate(source);
}

/** Prose as the model keeps it: an empty or blank string is absent. */
export function present(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === "" ? undefined : text;
}

export function joinUrl(base: string, path: string): string {
  return base.endsWith("/") ? base + path : `${base}/${path}`;
}

/** The extension fields of an error that its catalog sends on the wire; undefined when none. */
export function wireMetaOf(
  meta: ErrorInput["meta"],
  onWire: ReadonlySet<string>,
): Record<string, NonNullable<ErrorInput["meta"]>[string]> | undefined {
  if (!meta || onWire.size === 0) return undefined;
  const out: Record<string, NonNullable<ErrorInput["meta"]>[string]> = {};
  for (const [key, value] of Object.entries(meta)) if (onWire.has(key)) out[key] = value;
  return Object.keys(out).length > 0 ? out : undefined;
}

export type ExtensionInput = NonNullable<CatalogInput["extensions"]>[string];

/** The extension fields a catalog declares, then those of included catalogs it does not redeclare. */
export function extensionsOf(input: CatalogInput, included: readonly Catalog[]): ExtensionField[] {
  const fields = new Map<string, ExtensionField>();
  for (const [name, spec] of Object.entries(input.extensions ?? {}) as [string, ExtensionInput][]) {
    const s = typeof spec === "string" ? { type: spec } : spec;
    const field: ExtensionField = {
      name,
      type: s.type,
      required: ("required" in s && s.required) || false,
      wire: ("wire" in s && s.wire) || false,
    };
    if ("items" in s && s.items) Object.assign(field, { items: s.items });
    if ("enum" in s && s.enum) Object.assign(field, { enum: [...s.enum] });
    if ("description" in s && present(s.description)) Object.assign(field, { description: s.description });
    fields.set(name, field);
  }
  for (const inc of included) for (const f of inc.extensions) if (!fields.has(f.name)) fields.set(f.name, f);
  return [...fields.values()];
}
