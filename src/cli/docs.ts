/**
 * `errata docs <catalog...> --out <dir>`: the Markdown references (one per catalog and
 * language: shop.md, shop.fr.md) and the static site.
 */
import { resolve } from "node:path";
import { markdownParts } from "../docs/markdown.js";
import { OutputFolder } from "../docs/outFolder.js";
import { siteFiles } from "../docs/site.js";
import { loadCatalog } from "../sources/load.js";
import { writeSiteInThread } from "./siteWriter.js";

/** Write the references and the site; returns the exit code. */
export async function runDocs(
  catalogFiles: readonly string[],
  outDir: string,
  write: (s: string) => void,
): Promise<number> {
  const catalogs = catalogFiles.map((f) => loadCatalog(f));
  const out = new OutputFolder(outDir);
  let references = 0;
  for (const catalog of catalogs) {
    for (const locale of catalog.locales) {
      const suffix = locale === catalog.defaultLocale ? "" : `.${locale}`;
      out.writeParts(`${catalog.name}${suffix}.md`, markdownParts(catalog, locale));
      references++;
    }
  }
  const written = await writeSiteInThread(outDir, siteFiles(catalogs));
  const errors = catalogs.reduce((n, c) => n + c.errors.length, 0);
  write(
    `Wrote ${references} Markdown reference(s) and a site of ${written} files (${errors} errors) to ${outDir}\n` +
      `Open ${resolve(outDir, "index.html")} in a browser, or run: errata serve ${catalogFiles.join(" ")}\n`,
  );
  return 0;
}
