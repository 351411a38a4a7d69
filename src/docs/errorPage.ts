/**
 * One error's page: what it means, who acts and how to recover, its details,
 * sub-codes, reasons, example responses in the catalog's wire format, the
 * operations that return it, and links. Catalog text goes through `html` or the
 * prose renderer, never into markup as it is.
 */
import type { Catalog, ErrorDefinition, Solution } from "../catalog/model.js";
import { ACTOR, detailNotes, retrySentence } from "./advice.js";
import { exampleResponses, httpHead } from "./examples.js";
import { html, page, safeHref } from "./html.js";
import { groupChain, groupPath } from "./layout.js";
import { metaText } from "./markdown.js";
import { returnedByHtml } from "./operationPages.js";
import { proseHtml, proseInline } from "./prose.js";

function codeBlock(code: string, language = ""): string {
  return `<pre><code${language ? ` class="language-${html(language)}"` : ""}>${html(code)}</code></pre>`;
}

function list(title: string, items: readonly string[]): string {
  if (items.length === 0) return "";
  return `<h2>${html(title)}</h2><ul>${items.map((i) => `<li>${proseInline(i)}</li>`).join("")}</ul>`;
}

function solutions(items: readonly Solution[]): string {
  return items
    .map((s) => {
      const head = [s.title, s.text].filter(Boolean).join(": ");
      return `${head ? proseHtml(head, 3) : ""}${s.code ? codeBlock(s.code, s.language) : ""}`;
    })
    .join("");
}

function badges(def: ErrorDefinition, catalog: Catalog): string {
  const out = [
    def.status !== undefined ? `HTTP ${def.status}` : "no HTTP status",
    def.exitCode !== undefined ? `exit ${def.exitCode}` : undefined,
    def.category,
    def.group ? groupPath(catalog, def.group) : undefined,
  ]
    .filter((b): b is string => b !== undefined)
    .map((b) => `<span class="badge">${html(b)}</span>`);
  // A `maybe` error is retried when its condition holds (errata's client checks `when:`): neither badge fits.
  const [kind, label] =
    def.retry.policy === "maybe"
      ? ["maybe", "retryable when…"]
      : def.retryable
        ? ["retry", "retryable"]
        : ["noretry", "not retryable"];
  out.push(`<span class="badge ${kind}" title="${html(retrySentence(def.retry))}">${label}</span>`);
  return out.join("");
}

/** What a page in one language adds: its tag, the switcher to the others, the note on what is not translated. */
export interface Language {
  readonly lang: string;
  readonly switcher: string;
  /** `<link rel="alternate" hreflang>` to the same page in each language, for the head. */
  readonly alternates?: string;
  readonly untranslated?: string;
}

/** Each catalog's group sections, rendered once per group: every error of a group repeats it. */
const groupSections = new WeakMap<Catalog, Map<string, string>>();

/** What the catalog says of the error's group and the groups it sits in ("" when nothing). */
function groupSection(def: ErrorDefinition, catalog: Catalog): string {
  if (!def.group) return "";
  let sections = groupSections.get(catalog);
  if (!sections) {
    sections = new Map();
    groupSections.set(catalog, sections);
  }
  let section = sections.get(def.group);
  if (section === undefined) {
    const groups = groupChain(catalog, def.group).filter((g) => g.description);
    const said = groups.map(
      (g) => `<h2>${html(g.title)}</h2><div class="prose">${proseHtml(g.description ?? "", 3)}</div>`,
    );
    section = groups.length === 0 ? "" : `<section class="group">${said.join("")}</section>`;
    sections.set(def.group, section);
  }
  return section;
}

export function errorPage(def: ErrorDefinition, catalog: Catalog, root: string, language: Language): string {
  const id = def.code === def.name ? def.name : `${def.code} ${def.name}`;
  const parts: string[] = [];
  parts.push(language.switcher, `<h1>${html(id)}</h1>`);
  if (language.untranslated) {
    parts.push(`<p class="fallback" lang="${html(catalog.defaultLocale)}">${html(language.untranslated)}</p>`);
  }
  parts.push(`<p class="meta">${html(def.title)}${badges(def, catalog)}</p>`);
  const group = groupSection(def, catalog);
  if (group) parts.push(group);
  if (def.deprecated) {
    const d = def.deprecated;
    const more = d.link === undefined ? undefined : safeHref(d.link);
    parts.push(
      `<p><strong>Deprecated</strong>${d.since ? ` since ${html(d.since)}` : ""}${d.sunset ? `, no longer sent after ${html(d.sunset)}` : ""}${d.replacedBy ? `: use <code>${html(d.replacedBy)}</code>` : ""}${d.reason ? ` (${html(d.reason)})` : ""}${more ? ` <a href="${html(more)}" rel="noopener">More</a>` : ""}</p>`,
    );
  }
  if (def.description) parts.push(`<div class="prose">${proseHtml(def.description, 3)}</div>`);
  parts.push(`<p>Message: <code>${html(def.message.source)}</code></p>`);
  parts.push(
    `<div class="next"><p><strong>Retry:</strong> ${html(retrySentence(def.retry))}</p><p><strong>Who acts:</strong> ${html(ACTOR[def.actor])}</p><p><strong>Recovery:</strong> ${html(def.recovery.action.replace(/_/g, " "))} (recoverable: ${html(def.recovery.recoverable)})</p><p><strong>Severity:</strong> ${html(def.severity)}</p></div>`,
  );
  if (def.details.length > 0) {
    const rows = def.details
      .map(
        (f) =>
          `<tr><td><code>${html(f.name)}</code></td><td>${html(f.type === "array" && f.items ? `${f.items}[]` : f.type)}${f.nullable ? " | null" : ""}${f.required ? "" : " (optional)"}</td><td>${html([f.description, ...detailNotes(def, f)].filter(Boolean).join(" — "))}</td></tr>`,
      )
      .join("");
    parts.push(`<h2>Details</h2><table><tr><th>Field</th><th>Type</th><th>Description</th></tr>${rows}</table>`);
  }
  const meta = Object.entries(def.meta);
  if (meta.length > 0) {
    const rows = meta.map(([k, v]) => `<tr><td><code>${html(k)}</code></td><td>${html(metaText(v))}</td></tr>`);
    parts.push(`<h2>Extension fields</h2><table><tr><th>Field</th><th>Value</th></tr>${rows.join("")}</table>`);
  }
  parts.push(list("Symptoms", def.symptoms), list("Causes", def.causes));
  if (def.solutions.length > 0) parts.push(`<h2>Solutions</h2>${solutions(def.solutions)}`);
  if (def.subcodes.length > 0) {
    const rows = def.subcodes
      .map(
        (s) =>
          `<tr><td><code>${html(s.code)}</code></td><td>${html(s.name)}</td><td>${html(s.description)}</td><td>${html(s.retry?.policy ?? def.retry.policy)}</td></tr>`,
      )
      .join("");
    parts.push(
      `<h2>Sub-codes</h2><table><tr><th>Sub-code</th><th>Name</th><th>Meaning</th><th>Retry</th></tr>${rows}</table>`,
    );
  }
  if (def.reasons.length > 0) {
    const rows = def.reasons
      .map(
        (r) =>
          `<tr><td><code>${html(r.name)}</code></td><td>${html(r.description)}</td><td>${html(r.retry?.policy ?? def.retry.policy)}</td></tr>`,
      )
      .join("");
    parts.push(`<h2>Reasons</h2><table><tr><th>Reason</th><th>Meaning</th><th>Retry</th></tr>${rows}</table>`);
  }
  for (const example of exampleResponses(def, catalog)) {
    const head = httpHead(example);
    parts.push(
      `<h2>Example${example.title ? `: ${html(example.title)}` : ""}</h2>${head !== undefined ? codeBlock(head, "http") : ""}${codeBlock(example.body, example.language)}`,
    );
  }
  const links = def.links
    .map((l) => {
      const href = safeHref(l.url);
      return href
        ? `<li><a href="${html(href)}" rel="noopener">${html(l.title)}</a></li>`
        : `<li>${html(l.title)}</li>`;
    })
    .join("");
  const returnedBy = returnedByHtml(catalog, def);
  if (returnedBy) parts.push(returnedBy);
  if (links) parts.push(`<h2>See also</h2><ul>${links}</ul>`);
  if (def.docsUrl) parts.push(`<p class="meta">Permanent address: <code>${html(def.docsUrl)}</code></p>`);
  parts.push(`<p><a href="../index.html">All ${html(catalog.title)} errors</a></p>`);
  return page(`${id} · ${catalog.title}`, root, parts.join("\n"), language.lang, language.alternates);
}
