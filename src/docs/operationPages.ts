/**
 * The site's pages of the API's operations: an index of them under the catalog's
 * folder (`operations/`), a page per operation with its route, parameters and
 * errors by status, each linked to its error's page, and the "Returned by" section
 * of an error's page.
 */

import type { Catalog, ErrorDefinition, Operation } from "../catalog/model.js";
import { slug } from "../catalog/names.js";
import { errorsByStatus, operationsReturning, routeOf } from "../catalog/operations.js";
import { html, page } from "./html.js";
import { proseHtml } from "./prose.js";

/** The folder of the operations' pages under a catalog's: an error named OPERATIONS would take it. */
export const OPERATIONS_FOLDER = "operations";

const slugsOf = new WeakMap<Catalog, ReadonlyMap<string, string>>();

/** Each operation's page folder: its id as a slug, made unique (`createStar` → `createstar`); built once a catalog. */
export function operationSlugs(catalog: Catalog): ReadonlyMap<string, string> {
  const known = slugsOf.get(catalog);
  if (known) return known;
  const taken = new Set<string>();
  const out = new Map<string, string>();
  for (const o of catalog.operations) {
    const base = o.id.toLowerCase().replace(/[^a-z0-9_-]+/g, "-") || "operation";
    let s = base;
    for (let n = 2; taken.has(s); n++) s = `${base}-${n}`;
    taken.add(s);
    out.set(o.id, s);
  }
  slugsOf.set(catalog, out);
  return out;
}

/** An error's "Returned by" section, linking each operation's page from the error's. */
export function returnedByHtml(catalog: Catalog, def: ErrorDefinition): string {
  const operations = operationsReturning(catalog, def.name);
  if (operations.length === 0) return "";
  const slugs = operationSlugs(catalog);
  const items = operations.map(
    (o) =>
      `<li><a href="../${OPERATIONS_FOLDER}/${html(slugs.get(o.id))}/index.html">${html(o.id)}</a> <code>${html(routeOf(o))}</code></li>`,
  );
  return `<h2>Returned by</h2><ul class="operations">${items.join("")}</ul>`;
}

function operationPage(catalog: Catalog, o: Operation, root: string, lang: string): string {
  const parts = [`<h1>${html(o.id)}</h1>`, `<p class="meta"><code>${html(routeOf(o))}</code></p>`];
  if (o.summary) parts.push(`<p>${html(o.summary)}</p>`);
  if (o.description) parts.push(`<div class="prose">${proseHtml(o.description, 3)}</div>`);
  if (o.parameters.length > 0) {
    const rows = o.parameters.map(
      (p) => `<tr><td><code>{${html(p.name)}}</code></td><td>${html(p.description)}</td></tr>`,
    );
    parts.push(`<h2>Parameters</h2><table><tr><th>Parameter</th><th>Description</th></tr>${rows.join("")}</table>`);
  }
  const rows = errorsByStatus(catalog, o).flatMap(({ status, errors }) =>
    errors.map((d) => {
      const common = o.errors.includes(d.name) ? "" : `<span class="badge">common</span>`;
      const link = `<a href="../../${html(slug(d.name))}/index.html">${html(d.name)}</a>`;
      return `<tr><td>${status ?? "none"}</td><td>${link}${common}</td><td>${html(d.title)}</td></tr>`;
    }),
  );
  parts.push(
    rows.length > 0
      ? `<h2>Errors</h2><table><tr><th>Status</th><th>Error</th><th>Title</th></tr>${rows.join("")}</table>`
      : "<p>This operation declares no errors.</p>",
  );
  parts.push(`<p><a href="../index.html">All operations</a> · <a href="../../index.html">All errors</a></p>`);
  return page(`${o.id} · ${catalog.title}`, root, parts.join("\n"), lang);
}

function indexPage(catalog: Catalog, slugs: ReadonlyMap<string, string>, root: string, lang: string): string {
  const items = catalog.operations.map((o) => {
    const summary = o.summary ? `<span class="msg">${html(o.summary)}</span>` : "";
    const link = `<a href="${html(slugs.get(o.id))}/index.html">${html(o.id)}</a>`;
    return `<li>${link}<code class="title">${html(routeOf(o))}</code>${summary}</li>`;
  });
  const body = `<h1>${html(catalog.title)} operations</h1>
<p>${catalog.operations.length} operations, and the errors each may return.</p>
<ul class="errors">${items.join("\n")}</ul>
<p><a href="../index.html">All errors</a></p>`;
  return page(`Operations · ${catalog.title}`, root, body, lang);
}

/**
 * The operations' pages of a catalog in one language, by file under the catalog's
 * language folder; `root` leads from that folder to the site's root.
 */
export function operationPages(catalog: Catalog, root: string, lang: string): Map<string, string> {
  const files = new Map<string, string>();
  if (catalog.operations.length === 0) return files;
  const slugs = operationSlugs(catalog);
  files.set(`${OPERATIONS_FOLDER}/index.html`, indexPage(catalog, slugs, `${root}../`, lang));
  for (const o of catalog.operations) {
    files.set(`${OPERATIONS_FOLDER}/${slugs.get(o.id)}/index.html`, operationPage(catalog, o, `${root}../../`, lang));
  }
  return files;
}
