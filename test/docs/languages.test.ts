/**
 * Docs in every language a catalog declares: a site per locale under the catalog's
 * folder with a switcher on every page whose links all resolve, the Markdown
 * reference per locale, and untranslated text shown in the default and marked.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { describe, test } from "node:test";
import { compileCatalog } from "../../src/catalog/compile.js";
import type { Catalog } from "../../src/catalog/model.js";
import { renderMarkdown } from "../../src/docs/markdown.js";
import { buildSite } from "../../src/docs/site.js";
import { loadBundled, runCli, tempFiles } from "../helpers.js";
import { searchRecords } from "./searchData.js";

const partial = compileCatalog({
  name: "shop",
  version: "1.0.0",
  locales: ["en", "fr"],
  errors: {
    CART_EMPTY: {
      category: "validation",
      title: "Cart empty",
      message: "The cart is empty",
      causes: ["Nothing was added"],
      solutions: ["Add an item"],
      translations: { fr: { title: "Panier vide", message: "Le panier est vide" } },
    },
    OUT_OF_STOCK: { category: "conflict", message: "Sold out", causes: ["Demand"], solutions: ["Wait"] },
  },
}).catalog as Catalog;

/** Every href of a switcher, resolved against the page it is on. */
function switcherLinks(site: Map<string, string>, path: string): string[] {
  const nav = /<nav class="languages"[^>]*>([\s\S]*?)<\/nav>/.exec(site.get(path) ?? "")?.[1] ?? "";
  return [...nav.matchAll(/href="([^"]+)"/g)].map((m) =>
    posix.normalize(posix.join(posix.dirname(path), m[1] as string)),
  );
}

describe("docs in the catalog's languages", () => {
  test("TraceMem's French site: every page, in French, with lang=fr and a switcher that leads to the same page", () => {
    const tracemem = loadBundled("tracemem");
    const site = buildSite([tracemem]);
    for (const def of tracemem.errors) {
      const slug = def.name.toLowerCase().replace(/_/g, "-");
      const fr = site.get(`tracemem/fr/${slug}/index.html`) ?? "";
      assert.match(fr, /<html lang="fr">/, def.name);
      assert.equal(fr.includes('class="fallback"'), false, `${def.name} is fully translated`);
      assert.deepEqual(switcherLinks(site, `tracemem/fr/${slug}/index.html`), [`tracemem/${slug}/index.html`]);
      assert.deepEqual(switcherLinks(site, `tracemem/${slug}/index.html`), [`tracemem/fr/${slug}/index.html`]);
    }
    const page = site.get("tracemem/fr/invalid-api-key/index.html") ?? "";
    for (const text of ["Clé d&#39;API invalide", "Non autorisé", "Vérifiez que l'agent est actif"]) {
      assert.ok(page.includes(text), text);
    }
    assert.match(page, /<strong lang="fr" aria-current="page">Français<\/strong>/);
    assert.match(page, /<link rel="alternate" hreflang="en" href="..\/..\/invalid-api-key\/index.html">/);
    assert.match(page, /<link rel="alternate" hreflang="fr" href="..\/..\/fr\/invalid-api-key\/index.html">/);
    assert.match(page, /hreflang="en" lang="en" title="anglais">English<\/a>/);
    const entries = searchRecords(site, "tracemem/fr/") as unknown as {
      name: string;
      title: string;
      message: string;
      href: string;
      locale: string;
    }[];
    assert.deepEqual(
      entries.filter((e) => e.name === "POLICY_NOT_FOUND").map((e) => [e.title, e.message, e.locale, e.href]),
      [["Politique introuvable", "Politique '{policy}' introuvable", "fr", "policy-not-found/index.html"]],
    );
    assert.deepEqual(switcherLinks(site, "tracemem/fr/index.html"), ["tracemem/index.html"]);
    for (const path of [...switcherLinks(site, "tracemem/index.html")]) assert.ok(site.has(path), path);
    // The English site is where the docs URLs point, unchanged.
    assert.match(site.get("tracemem/invalid-api-key/index.html") ?? "", /<html lang="en">[\s\S]*Invalid API Key/);
  });

  test("untranslated text shows in the default language, and is marked as such", () => {
    const site = buildSite([partial]);
    const cart = site.get("shop/fr/cart-empty/index.html") ?? "";
    assert.match(cart, /Panier vide/);
    assert.match(
      cart,
      /<p class="fallback" lang="en">Not yet translated into fr: causes, solutions \(shown in en\)\.<\/p>/,
    );
    assert.match(cart, /Nothing was added/);
    const stock = site.get("shop/fr/out-of-stock/index.html") ?? "";
    assert.match(stock, /Not yet translated into fr: title, message, causes, solutions/);
    assert.match(site.get("shop/fr/index.html") ?? "", /2 of 2 errors are not fully translated into fr/);
    const markdown = renderMarkdown(partial, "fr");
    assert.match(markdown, /^_Language: fr\. 2 of 2 errors are not fully translated/m);
    assert.match(markdown, /#### CART_EMPTY\n\n> _Not yet translated into fr: causes, solutions \(shown in en\)\._/);
    assert.match(markdown, /\*\*Message:\*\* `Le panier est vide`/);
    assert.equal(renderMarkdown(partial), renderMarkdown(partial, "en"));
    assert.doesNotMatch(renderMarkdown(partial), /Language:|Not yet translated/);
  });

  test("errata docs writes a Markdown reference per language", () => {
    const out = join(tempFiles({}), "site");
    const catalog = join(import.meta.dirname, "..", "..", "examples", "catalogs", "tracemem.yaml");
    const r = runCli(["docs", catalog, "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Wrote 2 Markdown reference\(s\)/);
    assert.match(
      readFileSync(join(out, "tracemem.fr.md"), "utf8"),
      /\*\*Message:\*\* `Politique '\{policy\}' introuvable`/,
    );
    assert.ok(existsSync(join(out, "tracemem", "fr", "policy-not-found", "index.html")));
  });

  test("an error whose page would be a language's folder is refused, not overwritten", () => {
    const clash = compileCatalog({
      name: "x",
      version: "1.0.0",
      locales: ["en", "fr"],
      errors: { FR: { category: "validation", message: "m" } },
    }).catalog as Catalog;
    assert.throws(() => buildSite([clash]), /page of FR \(fr\/\) would be the folder of the fr language/);
  });
});
