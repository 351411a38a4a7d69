/** `errata explain <NAME|CODE>`: everything a person or an agent needs to act on one error. */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { textIn } from "../catalog/locale.js";
import { findError, suggestErrors } from "../catalog/lookup.js";
import type { Catalog, ErrorDefinition, Solution } from "../catalog/model.js";
import { operationsReturning, routeOf } from "../catalog/operations.js";
import { ACTOR, detailNotes, retrySentence } from "../docs/advice.js";
import { groupPath } from "../docs/layout.js";
import { metaText } from "../docs/markdown.js";
import { ownErrors } from "../own/catalog.js";
import { errataCatalog } from "../own/documented.js";
import { loadCatalog } from "../sources/load.js";
import type { Output } from "./output.js";

/** The catalog used when none is given. */
export const DEFAULT_CATALOG = "errata.yaml";

function solutionLines(solutions: readonly Solution[], out: Output, indent = "  "): string[] {
  const lines: string[] = [];
  for (const s of solutions) {
    const head = [s.title, s.text].filter(Boolean).join(": ");
    if (head) lines.push(`${indent}• ${head}`);
    if (s.code) {
      lines.push(`${indent}${out.style("dim", `\`\`\`${s.language ?? ""}`)}`);
      for (const line of s.code.replace(/\n$/, "").split("\n")) lines.push(`${indent}${out.style("cyan", line)}`);
      lines.push(`${indent}${out.style("dim", "```")}`);
    }
  }
  return lines;
}

type Text = ReturnType<typeof textIn>;

/** The title line, the facts line, a deprecation and the language shown. */
function headLines(def: ErrorDefinition, catalog: Catalog, out: Output, text: Text, locale?: string): string[] {
  const id = def.code === def.name ? def.name : `${def.code} ${def.name}`;
  const notAnError = def.notAnError ? out.style("green", " (not an error)") : "";
  const lines = [`${out.style(["bold", "red"], id)}: ${out.style("bold", text.title)}${notAnError}`];
  const facts = [
    `${catalog.name} ${catalog.version}`,
    `category ${def.category}`,
    def.group ? `group ${groupPath(catalog, def.group)}` : undefined,
    // An error with no HTTP status (a CLI's) shows none: its exit code instead, when it has one.
    def.status !== undefined ? `HTTP ${def.status} · gRPC ${def.grpc}` : "no HTTP status",
    def.exitCode !== undefined ? `exit code ${def.exitCode}` : undefined,
    `severity ${def.severity}`,
  ];
  lines.push(out.style("dim", facts.filter(Boolean).join(" · ")));
  const d = def.deprecated;
  if (d) {
    const since = `${d.since ? ` since ${d.since}` : ""}${d.sunset ? `, sunset ${d.sunset}` : ""}`;
    const use = d.replacedBy ? `: use ${d.replacedBy}` : "";
    lines.push(out.style("yellow", `Deprecated${since}${use}${d.reason ? ` (${d.reason})` : ""}`));
  }
  if (locale !== undefined) {
    const untranslated = text.fallback.join(", ");
    const fellBack = untranslated ? ` (not translated, shown in ${catalog.defaultLocale}: ${untranslated})` : "";
    lines.push(out.style("dim", `language ${text.locale}${fellBack}`));
  }
  return lines;
}

/** The message and each details field: its type, whether optional, its description and notes. */
function messageLines(def: ErrorDefinition, out: Output, text: Text): string[] {
  const lines = [""];
  if (text.description) lines.push(text.description, "");
  lines.push(`${out.style("bold", "Message:")} ${text.message.source}`);
  if (def.details.length > 0) lines.push(out.style("bold", "Details:"));
  for (const f of def.details) {
    const type = f.type === "array" && f.items ? `${f.items}[]` : f.type;
    const notes = detailNotes(def, f);
    const optional = `${f.nullable ? " | null" : ""}${f.required ? "" : " (optional)"}`;
    const described = f.description ? ` — ${f.description}` : "";
    lines.push(`  ${f.name}: ${type}${optional}${described}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`);
  }
  return lines;
}

/** A titled section: the title, then its lines; nothing when it has none. */
function section(out: Output, title: string, lines: readonly string[]): string[] {
  return lines.length === 0 ? [] : ["", out.style("bold", title), ...lines];
}

/** Extension fields, symptoms, causes, solutions, sub-codes and reasons. */
function guidanceLines(def: ErrorDefinition, out: Output, text: Text): string[] {
  const bullets = (items: readonly string[]) => items.map((item) => `  • ${item}`);
  const variant = (head: string, retry: { policy: string } | undefined, solutions: readonly Solution[]) => [
    `  ${head}${retry ? ` (${retry.policy})` : ""}`,
    ...solutionLines(solutions, out, "    "),
  ];
  return [
    ...section(
      out,
      "Extension fields:",
      Object.entries(def.meta).map(([k, v]) => `  ${k}: ${metaText(v)}`),
    ),
    ...section(out, "Symptoms:", bullets(def.symptoms)),
    ...section(out, "Causes:", bullets(text.causes)),
    ...section(out, "Solutions:", solutionLines(text.solutions, out)),
    ...section(
      out,
      "Sub-codes:",
      def.subcodes.flatMap((s) =>
        variant(`${s.code} ${s.name}${s.description ? `: ${s.description}` : ""}`, s.retry, s.solutions),
      ),
    ),
    ...section(
      out,
      "Reasons:",
      def.reasons.flatMap((r) =>
        variant(`${r.name}${r.description ? `: ${r.description}` : ""}`, r.retry, r.solutions),
      ),
    ),
  ];
}

/** What to do next: retry, recovery, who acts, the operations that return it, and where to read more. */
function nextLines(def: ErrorDefinition, catalog: Catalog, out: Output): string[] {
  const rec = def.recovery;
  const summary = rec.summary ? `, ${rec.summary}` : "";
  return [
    "",
    out.style("bold", "What to do next:"),
    `  Retry: ${retrySentence(def.retry)}`,
    `  Recovery: ${rec.action.replace(/_/g, " ")} (recoverable: ${rec.recoverable}${summary})`,
    `  Who acts: ${ACTOR[def.actor]}`,
    ...operationsReturning(catalog, def.name).map((o) => `  Returned by: ${o.id} (${routeOf(o)})`),
    ...(def.docsUrl ? [`  Docs: ${def.docsUrl}`] : []),
    ...def.links.map((link) => `  See also: ${link.title} <${link.url}>`),
  ];
}

/** The explanation of one error as text lines, in a language when one is asked for (what is not translated shows in the default, said so). */
export function explainLines(def: ErrorDefinition, catalog: Catalog, out: Output, locale?: string): string[] {
  const text = textIn(def, locale ?? catalog.defaultLocale, catalog.defaultLocale);
  return [
    ...headLines(def, catalog, out, text, locale),
    ...messageLines(def, out, text),
    ...guidanceLines(def, out, text),
    ...nextLines(def, catalog, out),
  ];
}

/** errata's own error a query names: CATALOG_NOT_FOUND, or a rule of scan or verify by its id (raised-undeclared). */
function ownError(query: string): ErrorDefinition | undefined {
  const name = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/.test(query) ? query.toUpperCase().replace(/-/g, "_") : query;
  return errataCatalog.errors.find((e) => e.name === name);
}

/** Run explain; returns the exit code (1 when the error is unknown). */
export function runExplain(
  query: string,
  catalogFiles: readonly string[],
  out: Output,
  write: (s: string) => void,
  locale?: string,
): number {
  const files = catalogFiles.length > 0 ? catalogFiles : [DEFAULT_CATALOG];
  const own = ownError(query);
  const explainOwn = (def: ErrorDefinition) => {
    write(`${explainLines(def, errataCatalog, out, locale).join("\n")}\n`);
    return 0;
  };
  if (catalogFiles.length === 0 && !existsSync(DEFAULT_CATALOG)) {
    if (own) return explainOwn(own);
    throw ownErrors.CLI_USAGE({
      problem: `no catalog given and no ${DEFAULT_CATALOG} in ${process.cwd()}`,
      usage: "errata explain <NAME|CODE> --catalog <file>",
    });
  }
  const catalogs = files.map((f) => loadCatalog(f));
  for (const catalog of catalogs) {
    const def = findError(catalog, query);
    if (def) {
      write(`${explainLines(def, catalog, out, locale).join("\n")}\n`);
      return 0;
    }
  }
  if (own) return explainOwn(own);
  const suggestions = suggestErrors(catalogs, query);
  const error = ownErrors.UNKNOWN_ERROR({
    query,
    catalogs: catalogs.map((c) => c.name).join(", "),
    suggestions,
  });
  write(`${error.message} (read ${files.join(", ")}).\n`);
  if (suggestions.length > 0) write(`Did you mean ${suggestions.join(", ")}?\n`);
  const elsewhere = declaredNearby(query, files);
  for (const file of elsewhere) write(`Declared in ${file}: npx errata explain ${query} --catalog ${file}\n`);
  if (elsewhere.length === 0)
    write("If another catalog declares it, name it: --catalog <file> (more than one may be given)\n");
  return 1;
}

/** The other catalog files beside those read (YAML and JSON) that declare `query`; ones that do not load are passed over. */
function declaredNearby(query: string, read: readonly string[]): string[] {
  const seen = new Set(read.map((f) => resolve(f)));
  const found: string[] = [];
  for (const dir of new Set(read.map((f) => dirname(f)))) {
    let names: string[];
    try {
      names = readdirSync(dir)
        .filter((n) => /\.(ya?ml|json)$/i.test(n))
        .sort();
    } catch {
      continue;
    }
    for (const name of names.slice(0, 50)) {
      const file = join(dir, name);
      if (seen.has(resolve(file))) continue;
      seen.add(resolve(file));
      try {
        if (findError(loadCatalog(file), query)) found.push(file);
      } catch {
        // Not a catalog, or a broken one: not where the error is declared.
      }
    }
  }
  return found;
}
