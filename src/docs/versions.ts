/**
 * A versioned site: versions newest first (the same one twice refused), the
 * version list every index shows, and each version's changelog page, drawn from
 * the contract diff between it and the version before.
 */
import type { Catalog } from "../catalog/model.js";
import { bumpBetween, diffCatalogs } from "../diff/diff.js";
import { ownErrors } from "../own/catalog.js";
import { html, page } from "./html.js";

/** Newest first, by semantic version; the same version twice is refused. */
export function byVersion(versions: readonly Catalog[]): Catalog[] {
  const sorted = [...versions].sort((a, b) => {
    const bump = bumpBetween(a.version, b.version);
    return bump === "none" ? 0 : bump === "downgrade" ? -1 : 1;
  });
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1] as Catalog, sorted[i] as Catalog];
    if (bumpBetween(b.version, a.version) === "none") {
      throw ownErrors.CLI_USAGE({
        problem: `catalog ${a.name} is given twice at version ${a.version}${a.source && b.source ? ` (${b.source} and ${a.source})` : ""}: give each version once`,
        usage: "errata docs <catalog@1.0.0.yaml> <catalog@2.0.0.yaml> --out <dir>",
      });
    }
  }
  return sorted;
}

export function versionNav(versions: readonly Catalog[], current: string, toCatalog: string): string {
  const items = versions.map((c, i) => {
    const label = `${c.version}${i === 0 ? " (latest)" : ""}`;
    const link =
      c.version === current
        ? `<strong>${html(label)}</strong>`
        : `<a href="${html(`${toCatalog}${c.version}/index.html`)}">${html(label)}</a>`;
    return `${link} · <a href="${html(`${toCatalog}${c.version}/changes/index.html`)}">changes</a>`;
  });
  return `<nav class="versions" aria-label="Versions"><span class="meta">Versions:</span> ${items.join(" | ")}</nav>\n`;
}

export function changesPage(catalog: Catalog, previous: Catalog | undefined, nav: string): string {
  const title = `${catalog.title} ${catalog.version}: changes`;
  if (!previous) {
    return page(
      title,
      "../../../",
      `<h1>${html(title)}</h1>\n${nav}<p>The first version: ${catalog.errors.length} errors.</p>`,
    );
  }
  const diff = diffCatalogs(previous, catalog);
  const sections = (["breaking", "compatible", "docs"] as const)
    .map((impact) => {
      const changes = diff.changes.filter((c) => c.impact === impact);
      if (changes.length === 0) return "";
      const heading = { breaking: "Breaking", compatible: "Compatible", docs: "Documentation" }[impact];
      return `<h2>${heading} (${changes.length})</h2><ul>${changes.map((c) => `<li>${html(c.message)} <code>${html(c.rule)}</code></li>`).join("")}</ul>`;
    })
    .join("");
  const body = `<h1>${html(title)}</h1>
${nav}<p>From ${html(previous.version)} to ${html(catalog.version)}: ${diff.changes.length} change(s); ${html(diff.required)} version bump required.</p>
${sections || "<p>No changes to the error contract.</p>"}`;
  return page(title, "../../../", body);
}
