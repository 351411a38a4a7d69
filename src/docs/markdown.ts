/**
 * The Markdown troubleshooting reference, shaped like the hand-written ones it
 * replaces: the response format, a code table per category, a section per error
 * (symptoms, causes, solutions with their code, sub-codes and reasons, an example
 * response in the catalog's wire format with its headers), the HTTP status summary
 * with its retryable column, and handling patterns drawn from the retry advice.
 * Errors are organised by category, or by group when the catalog says so; catalog
 * prose is Markdown whose headings move below the error's and whose HTML is escaped.
 */

import { STATUS_CODES } from "node:http";
import { summaryLine } from "../catalog/build.js";
import { localizedCatalog } from "../catalog/locale.js";
import type { Catalog, ErrorDefinition, MetaValue, RetryPolicy, Solution, StatusSummary } from "../catalog/model.js";
import { statusPhrase } from "../wire/formats/problem.js";
import { ACTOR, detailNotes, retrySentence } from "./advice.js";
import { exampleResponses, httpHead } from "./examples.js";
import { docSections, referenceTitle } from "./layout.js";
import { cell, fence, inlineCode, link, plainText } from "./markdownText.js";
import { operationsMarkdown, returnedByMarkdown } from "./operations.js";
import { proseMarkdown } from "./prose.js";

export { fence, plainText } from "./markdownText.js";

const FORMAT_NAMES: Record<Catalog["format"], string> = {
  problem: "RFC 9457 problem details (`application/problem+json`)",
  jsonapi: "JSON:API error objects (`application/vnd.api+json`)",
  google: "Google's error model (`{ error: { code, message, status, details } }`)",
  envelope: "a JSON envelope (`{ error: { code, message, details }, meta }`)",
  flat: "a flat JSON body (`{ error, code, details }`)",
  jsonrpc: "JSON-RPC 2.0 error objects",
  binary: "errata's binary frame (`application/vnd.errata.frame`)",
};

/** A list item of catalog prose: Markdown, its continuation lines indented under the item. */
function item(text: string, indent = ""): string {
  return `${indent}- ${proseMarkdown(text, 6).replace(/\n/g, `\n${indent}  `)}`;
}

/** An extension field's value as the reference shows it. */
export function metaText(value: MetaValue): string {
  return Array.isArray(value) ? value.map(String).join(", ") : String(value);
}

function solutions(list: readonly Solution[], indent = ""): string[] {
  const out: string[] = [];
  for (const s of list) {
    const head = [s.title && plainText(s.title), s.text].filter(Boolean).join(": ");
    if (head) out.push(item(head, indent));
    if (s.code) out.push("", fence(s.code, s.language), "");
  }
  return out;
}

/** The note under an error whose text is partly in the default language. */
export function fallbackNote(fields: readonly string[], locale: string, defaultLocale: string): string {
  return `Not yet translated into ${locale}: ${fields.join(", ")} (shown in ${defaultLocale}).`;
}

function errorSection(def: ErrorDefinition, catalog: Catalog, untranslated?: string): string[] {
  const out: string[] = [];
  const id = def.code === def.name ? def.name : `${def.code} ${def.name}`;
  out.push(`#### ${plainText(id)}`, "");
  if (untranslated) out.push(`> _${untranslated}_`, "");
  if (def.notAnError) out.push("_Not an error: an outcome reported through the error vocabulary._", "");
  if (def.deprecated) {
    const d = def.deprecated;
    out.push(
      `> **Deprecated**${d.since ? ` since ${plainText(d.since)}` : ""}${d.sunset ? `, no longer sent after ${plainText(d.sunset)}` : ""}${d.replacedBy ? `: use ${inlineCode(d.replacedBy)}` : ""}${d.reason ? ` (${plainText(d.reason)})` : ""}${d.link ? ` (${link("more", d.link)})` : ""}`,
      "",
    );
  }
  if (def.description) out.push(proseMarkdown(def.description, 5), "");
  out.push(`**Message:** ${inlineCode(def.message.source)}`, "");
  // An error with no HTTP status (a CLI's) shows no HTTP lines: its exit code instead, when it has one.
  const facts = [
    def.status !== undefined
      ? `**HTTP ${def.status}** · gRPC ${inlineCode(def.grpc)}`
      : "**No HTTP status** (not sent over HTTP)",
    def.exitCode !== undefined ? `**Exit code ${def.exitCode}**` : undefined,
    `severity ${def.severity}`,
    def.since ? `since ${plainText(def.since)}` : undefined,
  ].filter(Boolean);
  out.push(facts.join(" · "), "");
  out.push(`**Retry:** ${plainText(retrySentence(def.retry))}`, "");
  out.push(`**Who acts:** ${ACTOR[def.actor]}`, "");
  if (def.details.length > 0) {
    out.push("**Details:**", "", "| Field | Type | Description |", "|-------|------|-------------|");
    for (const f of def.details) {
      const type = `${f.type === "array" && f.items ? `${f.items}[]` : f.type}${f.nullable ? " \\| null" : ""}${f.required ? "" : " (optional)"}`;
      const notes = detailNotes(def, f).map(plainText);
      out.push(`| ${inlineCode(f.name)} | ${type} | ${[cell(f.description), ...notes].filter(Boolean).join(" — ")} |`);
    }
    out.push("");
  }
  const meta = Object.entries(def.meta);
  if (meta.length > 0) {
    out.push("**Extension fields:**", "", "| Field | Value |", "|-------|-------|");
    for (const [key, value] of meta) out.push(`| ${inlineCode(key)} | ${plainText(metaText(value))} |`);
    out.push("");
  }
  const list = (title: string, items: readonly string[]) => {
    if (items.length === 0) return;
    out.push(`**${title}:**`, ...items.map((i) => item(i)), "");
  };
  list("Symptoms", def.symptoms);
  list("Common Causes", def.causes);
  if (def.solutions.length > 0) out.push("**Solutions:**", ...solutions(def.solutions), "");
  if (def.subcodes.length > 0) {
    out.push("**Sub-codes:**", "", "| Sub-code | Name | Meaning | Retry |", "|----------|------|---------|-------|");
    for (const s of def.subcodes) {
      out.push(
        `| ${inlineCode(s.code)} | ${plainText(s.name)} | ${cell(s.description)} | ${s.retry?.policy ?? def.retry.policy} |`,
      );
    }
    out.push("");
    for (const s of def.subcodes)
      if (s.solutions.length > 0) out.push(`${plainText(s.name)}:`, ...solutions(s.solutions), "");
  }
  if (def.reasons.length > 0) {
    out.push("**Reasons:**", "", "| Reason | Meaning | Retry |", "|--------|---------|-------|");
    for (const r of def.reasons)
      out.push(`| ${inlineCode(r.name)} | ${cell(r.description)} | ${r.retry?.policy ?? def.retry.policy} |`);
    out.push("");
  }
  for (const example of exampleResponses(def, catalog)) {
    out.push(`**Example${example.title ? `: ${plainText(example.title)}` : ""}:**`, "");
    const head = httpHead(example);
    if (head !== undefined) out.push(fence(head, "http"), "");
    out.push(fence(example.body, example.language), "");
  }
  if (def.docsUrl) out.push(`Docs: ${link(def.docsUrl, def.docsUrl)}`, "");
  out.push(...returnedByMarkdown(catalog, def));
  for (const l of def.links) out.push(`See also: ${link(l.title, l.url)}`, "");
  return out;
}

/** How many error names a summary row lists before "and N more". */
const ROW_NAMES = 5;

/** The status summary: the catalog's own rows, else one per status its errors use, with the status's meaning. */
function statusRows(catalog: Catalog): StatusSummary[] {
  if (catalog.statuses.length > 0) return [...catalog.statuses];
  const byStatus = new Map<number, ErrorDefinition[]>();
  for (const def of catalog.errors) {
    if (def.status === undefined) continue;
    const list = byStatus.get(def.status);
    if (list) list.push(def);
    else byStatus.set(def.status, [def]);
  }
  const titles = new Map(catalog.categories.map((c) => [c.id, c.label]));
  return [...byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, defs]) => {
      const retryable = defs.every((d) => d.retryable) ? "yes" : defs.some((d) => d.retryable) ? "maybe" : "no";
      const names = defs.slice(0, ROW_NAMES).map((d) => d.name);
      const more = defs.length > ROW_NAMES ? ` and ${defs.length - ROW_NAMES} more` : "";
      return {
        status,
        // The example responses' status lines say Node's phrase (418 I'm a Teapot); the registry's otherwise.
        meaning: STATUS_CODES[status] ?? statusPhrase(status),
        category: [...new Set(defs.map((d) => titles.get(d.category) ?? d.category))].join(", "),
        retryable,
        note: `${names.join(", ")}${more}`,
      };
    });
}

const PATTERNS: readonly [RetryPolicy, string][] = [
  ["never", "Do not retry: fix the request, the credentials or the configuration first."],
  ["retry_after", "Wait for the `Retry-After` delay the server sends, then retry (backoff when it sends none)."],
  ["backoff", "Retry with exponential backoff and full jitter; give up after a few attempts."],
  ["maybe", "Retry only when the condition holds."],
  ["transport", "The transport retries these itself: do not add a retry loop on top."],
];

/** Whether a failed write may be sent again: the catalog's idempotency policy, or its absence. */
function idempotencySection(catalog: Catalog): string[] {
  const policy = catalog.idempotency;
  if (!policy) {
    return [
      "### Writes",
      "",
      "This API does not declare idempotency keys. A write (POST, PATCH) that failed may already have run: do not send it again unless the request never reached the server (the connection was refused, the name did not resolve).",
      "",
    ];
  }
  const hours = policy.lifetimeSeconds / 3600;
  const lifetime = Number.isInteger(hours)
    ? `${hours} hour${hours === 1 ? "" : "s"}`
    : `${policy.lifetimeSeconds} seconds`;
  return [
    "### Idempotency keys",
    "",
    `This API honours idempotency keys. Send ${inlineCode(policy.header)} with every ${policy.methods.join(", ")} request, one unique key per operation (an RFC 8941 string such as ${inlineCode('"8e03978e-40d5-43e8-bc93-6894a57f9324"')}), and the same key on each retry of it. A repeat within ${lifetime} gets the first response instead of running again; the same key with another request is refused.`,
    "",
  ];
}

function handlingPatterns(catalog: Catalog): string[] {
  const out = ["## Handling Patterns", "", "Derived from each error's retry advice in the catalog.", ""];
  for (const [policy, advice] of PATTERNS) {
    const defs = catalog.errors.filter((d) => d.retry.policy === policy);
    if (defs.length === 0) continue;
    out.push(`### ${policy.replace("_", "-")}`, "", advice, "");
    for (const d of defs) {
      const extra = policy === "maybe" && d.retry.condition ? `: ${plainText(d.retry.condition)}` : "";
      out.push(`- ${inlineCode(d.code)}${d.code === d.name ? "" : ` ${d.name}`}${extra}`);
    }
    out.push("");
  }
  out.push(...idempotencySection(catalog));
  out.push(
    `errata's client applies all of this by itself: Retry-After, backoff with full jitter, a retry budget${catalog.idempotency ? ", an idempotency key per write" : ""}.`,
    "",
    fence(
      `import { createClient } from "errata/client";\n\nconst api = createClient({ baseUrl, catalogs: [catalog] });\ntry {\n  await api.json("/path", { method: "POST", json: body });\n} catch (error) {\n  // a typed ErrataError: error.code, error.details, error.retryAfter, error.requestId\n}`,
      "ts",
    ),
    "",
  );
  return out;
}

/** The Markdown reference's lines, a part at a time: the head, each error's section, the tail. */
function* referenceLines(source: Catalog, locale: string): Generator<string[]> {
  // In another language, each error's text comes from its translations; what has none is marked.
  const { catalog, fallback } = localizedCatalog(source, locale);
  const out: string[] = [`# ${plainText(referenceTitle(catalog))}`, ""];
  if (locale !== catalog.defaultLocale) {
    out.push(
      `_Language: ${locale}. ${fallback.size === 0 ? "Every error is translated." : `${fallback.size} of ${catalog.errors.length} errors are not fully translated: what shows in ${catalog.defaultLocale} is marked.`}_`,
      "",
    );
  }
  if (catalog.description) out.push(proseMarkdown(catalog.description, 2), "");
  out.push(
    `_Generated by errata from ${inlineCode(`${catalog.name} ${catalog.version}`)}. Edit the catalog, not this file._`,
    "",
  );
  out.push("## Error Response Format", "", `Errors are sent as ${FORMAT_NAMES[catalog.format]}.`, "");
  for (const def of catalog.errors) {
    const [example] = exampleResponses(def, catalog);
    if (!example) continue;
    out.push(`For example, ${inlineCode(def.name)}:`, "", fence(example.body, example.language), "");
    break;
  }
  const sections = docSections(catalog);
  yield out.splice(0);
  out.push(sections.by === "group" ? "## Error Codes by Group" : "## Error Codes by Category", "");
  for (const section of sections.sections) {
    const statuses = [...new Set(section.errors.flatMap((d) => (d.status === undefined ? [] : [d.status])))].sort(
      (a, b) => a - b,
    );
    out.push(`### ${plainText(section.title)}${statuses.length > 0 ? ` (${statuses.join(", ")})` : ""}`, "");
    if (section.description) out.push(proseMarkdown(section.description, 4), "");
    out.push("| Code | Description | Resolution |", "|------|-------------|------------|");
    for (const d of section.errors) {
      const resolution = d.solutions[0] ? [d.solutions[0].title, d.solutions[0].text].filter(Boolean).join(": ") : "";
      out.push(
        `| ${inlineCode(d.code)}${d.code === d.name ? "" : ` ${d.name}`} | ${cell(summaryLine(d.description) ?? plainText(d.title))} | ${cell(summaryLine(resolution))} |`,
      );
    }
    out.push("");
    for (const d of section.errors) {
      const missing = fallback.get(d.name);
      out.push(...errorSection(d, catalog, missing && fallbackNote(missing, locale, catalog.defaultLocale)));
      yield out.splice(0);
    }
  }
  out.push(...operationsMarkdown(catalog));
  out.push(
    "## HTTP Status Code Summary",
    "",
    "| Status | Meaning | Category | Retryable | Note |",
    "|--------|---------|----------|-----------|------|",
  );
  for (const row of statusRows(catalog)) {
    out.push(
      `| ${row.status} | ${plainText(row.meaning ?? row.usedFor ?? "")} | ${plainText(row.category ?? "")} | ${row.retryable ?? ""} | ${plainText(row.note ?? "")} |`,
    );
  }
  out.push("", ...handlingPatterns(catalog));
  for (const guide of catalog.guides) out.push(`## ${plainText(guide.title)}`, "", proseMarkdown(guide.body, 3), "");
  if (catalog.links.length > 0) {
    out.push("## Related Documentation", "", ...catalog.links.map((l) => `- ${link(l.title, l.url)}`), "");
  }
  yield out;
}

/**
 * The reference as parts to write one after the other: the same text as
 * renderMarkdown, never held whole (at 100,000 errors it is 200 MB). Lines are
 * joined by newlines, runs of blank lines collapse to one, and it ends with one newline.
 */
export function* markdownParts(source: Catalog, locale = source.defaultLocale): Generator<string> {
  let tail = "";
  let first = true;
  for (const lines of referenceLines(source, locale)) {
    if (lines.length === 0) continue;
    const text = `${tail}${first ? "" : "\n"}${lines.join("\n")}`;
    first = false;
    // White space at the end waits for what follows: a run of newlines may go on in the next part.
    let end = text.length;
    while (end > 0 && /\s/.test(text.charAt(end - 1))) end--;
    tail = text.slice(end);
    if (end > 0) yield text.slice(0, end).replace(/\n{3,}/g, "\n\n");
  }
  yield "\n";
}

/** The Markdown reference of a catalog in one language (default: the catalog's). */
export function renderMarkdown(source: Catalog, locale = source.defaultLocale): string {
  return [...markdownParts(source, locale)].join("");
}
