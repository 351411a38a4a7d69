/**
 * The static site: an index per catalog and one for all of them (instant search
 * over code, name, message, causes and solutions; filters by catalog, category,
 * status and retryability), and one page per error at `<catalog>/<slug>/`, the
 * path of the docs URL the wire formats emit when the catalog's site is deployed
 * at its docsBaseUrl. Pages, index and assets only: it works offline, from disk.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Catalog, ErrorDefinition, Solution } from "../catalog/model.js";
import { ACTOR, retrySentence } from "./advice.js";
import { CSS, JS } from "./assets.js";
import { type DocEntry, docEntry } from "./entries.js";
import { exampleResponses, httpHead } from "./examples.js";
import { html, page, safeHref, scriptJson } from "./html.js";

/** The site's files: path (with `/`) → content. */
export type SiteFiles = Map<string, string>;

interface IndexEntry extends DocEntry {
  readonly catalog: string;
  readonly href: string;
}

function codeBlock(code: string, language = ""): string {
  return `<pre><code${language ? ` class="language-${html(language)}"` : ""}>${html(code)}</code></pre>`;
}

function list(title: string, items: readonly string[]): string {
  if (items.length === 0) return "";
  return `<h2>${html(title)}</h2><ul>${items.map((i) => `<li>${html(i)}</li>`).join("")}</ul>`;
}

function solutions(items: readonly Solution[]): string {
  return items
    .map((s) => {
      const head = [s.title, s.text].filter(Boolean).join(": ");
      return `${head ? `<p>${html(head)}</p>` : ""}${s.code ? codeBlock(s.code, s.language) : ""}`;
    })
    .join("");
}

function errorPage(def: ErrorDefinition, catalog: Catalog): string {
  const id = def.code === def.name ? def.name : `${def.code} ${def.name}`;
  const parts: string[] = [];
  parts.push(`<h1>${html(id)}</h1>`);
  parts.push(
    `<p class="meta">${html(def.title)}<span class="badge">HTTP ${def.status}</span><span class="badge">${html(def.category)}</span><span class="badge ${def.retryable ? "retry" : "noretry"}">${def.retryable ? "retryable" : "not retryable"}</span></p>`,
  );
  if (def.deprecated) {
    const d = def.deprecated;
    parts.push(
      `<p><strong>Deprecated</strong>${d.since ? ` since ${html(d.since)}` : ""}${d.replacedBy ? `: use <code>${html(d.replacedBy)}</code>` : ""}${d.reason ? ` (${html(d.reason)})` : ""}</p>`,
    );
  }
  if (def.description) parts.push(`<p>${html(def.description)}</p>`);
  parts.push(`<p>Message: <code>${html(def.message.source)}</code></p>`);
  parts.push(
    `<div class="next"><p><strong>Retry:</strong> ${html(retrySentence(def.retry))}</p><p><strong>Who acts:</strong> ${html(ACTOR[def.actor])}</p><p><strong>Recovery:</strong> ${html(def.recovery.action.replace(/_/g, " "))} (recoverable: ${html(def.recovery.recoverable)})</p></div>`,
  );
  if (def.details.length > 0) {
    const rows = def.details
      .map(
        (f) =>
          `<tr><td><code>${html(f.name)}</code></td><td>${html(f.type === "array" && f.items ? `${f.items}[]` : f.type)}${f.nullable ? " | null" : ""}${f.required ? "" : " (optional)"}</td><td>${html(f.description)}</td></tr>`,
      )
      .join("");
    parts.push(`<h2>Details</h2><table><tr><th>Field</th><th>Type</th><th>Description</th></tr>${rows}</table>`);
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
    parts.push(
      `<h2>Example${example.title ? `: ${html(example.title)}` : ""}</h2>${codeBlock(httpHead(example), "http")}${codeBlock(example.body, example.language)}`,
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
  if (links) parts.push(`<h2>See also</h2><ul>${links}</ul>`);
  if (def.docsUrl) parts.push(`<p class="meta">Permanent address: <code>${html(def.docsUrl)}</code></p>`);
  parts.push(`<p><a href="../index.html">All ${html(catalog.title)} errors</a></p>`);
  return page(`${id} · ${catalog.title}`, "../../", parts.join("\n"));
}

function indexPage(title: string, root: string, entries: readonly IndexEntry[], catalogs: readonly Catalog[]): string {
  const options = (values: readonly (readonly [string, string])[]) =>
    values.map(([value, label]) => `<option value="${html(value)}">${html(label)}</option>`).join("");
  const categories = [...new Map(entries.map((e) => [e.category, e.categoryTitle])).entries()];
  const statuses = [...new Set(entries.map((e) => e.status))]
    .sort((a, b) => a - b)
    .map((s) => [String(s), `HTTP ${s}`] as const);
  const catalogFilter =
    catalogs.length > 1
      ? `<select id="catalog" aria-label="Catalog"><option value="">All catalogs</option>${options(catalogs.map((c) => [c.name, c.title] as const))}</select>`
      : "";
  // The list is in the page too, so that it reads without JavaScript; the script re-renders it.
  const items = entries
    .map(
      (e) =>
        `<li><a href="${html(e.href)}">${html(e.code === e.name ? e.name : `${e.code} ${e.name}`)}</a><span class="badge">HTTP ${e.status}</span><span class="msg">${html(e.message)}</span></li>`,
    )
    .join("\n");
  const body = `<h1>${html(title)}</h1>
<div class="search" role="search">
<input id="q" type="search" placeholder="Search codes, messages, causes, solutions…" aria-label="Search errors" autocomplete="off">
${catalogFilter}<select id="category" aria-label="Category"><option value="">All categories</option>${options(categories)}</select>
<select id="status" aria-label="HTTP status"><option value="">All statuses</option>${options(statuses)}</select>
<select id="retryable" aria-label="Retryable"><option value="">Retryable or not</option><option value="true">Retryable</option><option value="false">Not retryable</option></select>
</div>
<p id="count">${entries.length} errors</p>
<ul class="errors" id="results">
${items}
</ul>
<script type="application/json" id="errata-index">${scriptJson(entries)}</script>`;
  return page(title, root, body);
}

/** Build the site of some catalogs, in memory. */
export function buildSite(catalogs: readonly Catalog[]): SiteFiles {
  const files: SiteFiles = new Map();
  files.set("_errata/errata.css", CSS);
  files.set("_errata/errata.js", JS);
  const all: IndexEntry[] = [];
  for (const catalog of catalogs) {
    const own: IndexEntry[] = [];
    for (const def of catalog.errors) {
      const entry = docEntry(def, catalog);
      // Links name index.html, so that the site also works opened from disk.
      own.push({ ...entry, catalog: catalog.name, href: `${entry.page}index.html` });
      all.push({ ...entry, catalog: catalog.name, href: `${catalog.name}/${entry.page}index.html` });
      files.set(`${catalog.name}/${entry.page}index.html`, errorPage(def, catalog));
    }
    files.set(`${catalog.name}/index.html`, indexPage(`${catalog.title} errors`, "../", own, [catalog]));
  }
  const title = catalogs.length === 1 ? `${catalogs[0]?.title} errors` : "Error reference";
  files.set("index.html", indexPage(title, "", all, catalogs));
  return files;
}

/** Write files under a directory. */
export function writeFiles(dir: string, files: SiteFiles): void {
  for (const [path, content] of files) {
    const target = join(dir, ...path.split("/"));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}
