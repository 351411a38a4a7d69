/**
 * `errata docs <catalog...> --out <dir>`: the Markdown references (one per catalog and
 * language: shop.md, shop.fr.md) and the static site.
 */
import { resolve } from "node:path";
import { renderMarkdown } from "../docs/markdown.js";
import { writeFiles, writeInside } from "../docs/outFolder.js";
import { buildSite } from "../docs/site.js";
import { loadCatalog } from "../sources/load.js";

/** Write the references and the site; returns the exit code. */
export function runDocs(catalogFiles: readonly string[], outDir: string, write: (s: string) => void): number {
  const catalogs = catalogFiles.map((f) => loadCatalog(f));
  let references = 0;
  for (const catalog of catalogs) {
    for (const locale of catalog.locales) {
      const suffix = locale === catalog.defaultLocale ? "" : `.${locale}`;
      writeInside(outDir, `${catalog.name}${suffix}.md`, renderMarkdown(catalog, locale));
      references++;
    }
  }
  const site = buildSite(catalogs);
  writeFiles(outDir, site);
  const errors = catalogs.reduce((n, c) => n + c.errors.length, 0);
  write(
    `Wrote ${references} Markdown reference(s) and a site of ${site.size} files (${errors} errors) to ${outDir}\n` +
      `Open ${resolve(outDir, "index.html")} in a browser, or run: errata serve ${catalogFiles.join(" ")}\n`,
  );
  return 0;
}
