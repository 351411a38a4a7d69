/** `errata explain <NAME|CODE>`: everything a person or an agent needs to act on one error. */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { textIn } from "../catalog/locale.js";
import { findError, suggestErrors } from "../catalog/lookup.js";
import type { Catalog, ErrorDefinition, Solution } from "../catalog/model.js";
import { ACTOR, detailNotes, retrySentence } from "../docs/advice.js";
import { groupPath } from "../docs/layout.js";
import { metaText } from "../docs/markdown.js";
import { ownErrors } from "../own/catalog.js";
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

/** The explanation of one error as text lines, in a language when one is asked for (what is not translated shows in the default, said so). */
export function explainLines(def: ErrorDefinition, catalog: Catalog, out: Output, locale?: string): string[] {
  const text = textIn(def, locale ?? catalog.defaultLocale, catalog.defaultLocale);
  const h = (s: string) => out.style("bold", s);
  const lines: string[] = [];
  const id = def.code === def.name ? def.name : `${def.code} ${def.name}`;
  lines.push(
    `${out.style(["bold", "red"], id)}: ${h(text.title)}${def.notAnError ? out.style("green", " (not an error)") : ""}`,
  );
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
  if (def.deprecated) {
    const d = def.deprecated;
    lines.push(
      out.style(
        "yellow",
        `Deprecated${d.since ? ` since ${d.since}` : ""}${d.replacedBy ? `: use ${d.replacedBy}` : ""}${d.reason ? ` (${d.reason})` : ""}`,
      ),
    );
  }
  if (locale !== undefined) {
    const fellBack =
      text.fallback.length > 0
        ? ` (not translated, shown in ${catalog.defaultLocale}: ${text.fallback.join(", ")})`
        : "";
    lines.push(out.style("dim", `language ${text.locale}${fellBack}`));
  }
  lines.push("");
  if (text.description) lines.push(text.description, "");
  lines.push(`${h("Message:")} ${text.message.source}`);
  if (def.details.length > 0) {
    lines.push(h("Details:"));
    for (const f of def.details) {
      const type = f.type === "array" && f.items ? `${f.items}[]` : f.type;
      const notes = detailNotes(def, f);
      lines.push(
        `  ${f.name}: ${type}${f.nullable ? " | null" : ""}${f.required ? "" : " (optional)"}${f.description ? ` — ${f.description}` : ""}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`,
      );
    }
  }
  const list = (title: string, items: readonly string[]) => {
    if (items.length === 0) return;
    lines.push("", h(title));
    for (const item of items) lines.push(`  • ${item}`);
  };
  const meta = Object.entries(def.meta);
  if (meta.length > 0) {
    lines.push("", h("Extension fields:"));
    for (const [key, value] of meta) lines.push(`  ${key}: ${metaText(value)}`);
  }
  list("Symptoms:", def.symptoms);
  list("Causes:", text.causes);
  if (text.solutions.length > 0) lines.push("", h("Solutions:"), ...solutionLines(text.solutions, out));
  if (def.subcodes.length > 0) {
    lines.push("", h("Sub-codes:"));
    for (const s of def.subcodes) {
      lines.push(
        `  ${s.code} ${s.name}${s.description ? `: ${s.description}` : ""}${s.retry ? ` (${s.retry.policy})` : ""}`,
      );
      lines.push(...solutionLines(s.solutions, out, "    "));
    }
  }
  if (def.reasons.length > 0) {
    lines.push("", h("Reasons:"));
    for (const r of def.reasons) {
      lines.push(`  ${r.name}${r.description ? `: ${r.description}` : ""}${r.retry ? ` (${r.retry.policy})` : ""}`);
      lines.push(...solutionLines(r.solutions, out, "    "));
    }
  }
  lines.push("", h("What to do next:"));
  lines.push(`  Retry: ${retrySentence(def.retry)}`);
  const rec = def.recovery;
  lines.push(
    `  Recovery: ${rec.action.replace(/_/g, " ")} (recoverable: ${rec.recoverable}${rec.summary ? `, ${rec.summary}` : ""})`,
  );
  lines.push(`  Who acts: ${ACTOR[def.actor]}`);
  if (def.docsUrl) lines.push(`  Docs: ${def.docsUrl}`);
  for (const link of def.links) lines.push(`  See also: ${link.title} <${link.url}>`);
  return lines;
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
  if (catalogFiles.length === 0 && !existsSync(DEFAULT_CATALOG)) {
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
