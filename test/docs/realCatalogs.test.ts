/**
 * Docs that keep a real catalog's structure: groups as sections, Markdown prose with
 * its headings below the error's and its HTML escaped (checked by rendering the
 * reference with markdown-it, HTML allowed, as a permissive renderer would), CLI
 * errors without HTTP lines, extension fields, the status summary, paged indexes,
 * and versioned sites with changelogs.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import MarkdownIt from "markdown-it";
import { compileCatalog } from "../../src/catalog/compile.js";
import type { Catalog } from "../../src/catalog/model.js";
import { docsServer } from "../../src/cli/serve.js";
import { renderMarkdown } from "../../src/docs/markdown.js";
import { buildSite } from "../../src/docs/site.js";
import { isErrataError } from "../../src/runtime/ErrataError.js";
import { listen } from "../browser/chromium.js";
import { loadFixture } from "../helpers.js";
import { bigCatalog } from "./big.js";
import { searchFinds, searchRecords } from "./searchData.js";

const shop = loadFixture("shop");

/** The section of the reference that documents one error. */
function section(md: string, name: string): string {
  const start =
    md.indexOf(`#### ${name}`) >= 0 ? md.indexOf(`#### ${name}`) : md.search(new RegExp(`#### \\S+ ${name}\\n`));
  assert.ok(start >= 0, name);
  const end = md.indexOf("\n#### ", start + 5);
  return md.slice(start, end < 0 ? undefined : end);
}

describe("the Markdown reference of a converted catalog", () => {
  const md = renderMarkdown(shop);

  test("organised by group, nested groups with their path; the title is not doubled", () => {
    assert.match(md, /^# Shop errors\n/);
    assert.match(md, /## Error Codes by Group/);
    const headings = [...md.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(headings.slice(0, 4), [
      "Checkout (400, 405, 406)",
      "Checkout › Payments (402)",
      "Catalog (418, 451, 503)",
      "Command line",
    ]);
  });

  test("prose headings move below the error's; tables and code stay Markdown", () => {
    const cart = section(md, "SHOP-0001 CART_EMPTY");
    assert.match(cart, /^##### Workarounds$/m);
    assert.doesNotMatch(md, /^### Workarounds/m);
    assert.match(cart, /^\| CLI {4}\| run `shop add` \|$/m);
    // The catalog's description: its # heading sits below the reference's title.
    assert.match(md, /^## Conventions$/m);
  });

  test("raw HTML is escaped: a renderer that allows HTML shows it as text", () => {
    assert.match(md, /A `<script>alert\(1\)<\/script>` in a description/);
    const hostile = compileCatalog({
      name: "h",
      version: "1.0.0",
      errors: {
        X: {
          category: "server",
          description:
            'Hi <img src=x onerror="alert(1)"> <script>alert(2)</script>\n\n<div onclick=x>block</div>\n\n[a](javascript:alert(3))',
          causes: ["<b onmouseover=alert(4)>bold</b>"],
        },
      },
    }).catalog as Catalog;
    const html = new MarkdownIt({ html: true }).render(renderMarkdown(hostile));
    assert.doesNotMatch(html, /<img|<script|<div onclick|<b onmouseover|href="javascript/);
    assert.match(html, /&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
  });

  test("a CLI error says it has no HTTP status, shows its exit code, and no HTTP line or HTTP example", () => {
    const cli = section(md, "SHOP-0901 CONFIG_MISSING");
    assert.match(cli, /\*\*No HTTP status\*\* \(not sent over HTTP\) · \*\*Exit code 78\*\* · severity error/);
    assert.doesNotMatch(cli.replace("**No HTTP status** (not sent over HTTP)", ""), /HTTP|```http/);
    assert.match(cli, /\| `owner` \| team-cli \|/);
    const tea = section(md, "SHOP-0201 TEAPOT");
    assert.match(tea, /\*\*HTTP 418\*\*/);
  });

  test("the status summary gives each status its meaning, the categories, and the errors", () => {
    assert.match(md, /^\| 405 \| Method Not Allowed \| Client Errors \| no \| METHOD_NOT_ALLOWED \|$/m);
    assert.match(md, /^\| 418 \| I'm a Teapot \| Client Errors \| no \| TEAPOT \|$/m);
    const big = renderMarkdown(bigCatalog(40));
    assert.match(
      big,
      /^\| 500 \| Internal Server Error \| Server Errors \| yes \| ERROR_0001, ERROR_0003, ERROR_0005, ERROR_0007, ERROR_0009 and 15 more \|$/m,
    );
  });
});

describe("the site of a converted catalog", () => {
  test("prose rendered by markdown-it: tables, headings below the page's, no raw HTML", () => {
    const page = buildSite([shop]).get("shop/cart-empty/index.html") ?? "";
    assert.match(page, /<h3>Workarounds<\/h3>/);
    assert.match(page, /<table>\n<thead>/);
    assert.match(page, /<strong>another tab<\/strong>/);
    assert.doesNotMatch(page, /<script>alert/);
    assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    const cli = buildSite([shop]).get("shop/config-missing/index.html") ?? "";
    assert.match(cli, /<span class="badge">exit 78<\/span>/);
    assert.doesNotMatch(cli, /HTTP \d|HTTP\/1\.1/);
  });

  test("the index has a group filter, and search finds errors by group, class name and extension field", () => {
    const site = buildSite([shop]);
    const index = site.get("shop/index.html") ?? "";
    assert.match(
      index,
      /<select id="group" aria-label="Groups"><option value="">All groups<\/option><option value="checkout">Checkout<\/option><option value="payments">Checkout › Payments<\/option>/,
    );
    assert.match(index, /<option value="none">No HTTP status<\/option>/);
    const card = searchRecords(site, "shop/").find((e) => e.name === "CARD_DECLINED");
    assert.equal(card?.groupTitle, "Checkout › Payments");
    for (const word of ["payments", "paymentrequirederror", "carddeclinederror"]) {
      assert.ok(searchFinds(site, "shop/", word).includes("CARD_DECLINED"), word);
    }
  });

  test("302 errors: static pages of 100, each linking the next", () => {
    const site = buildSite([bigCatalog(302)]);
    assert.deepEqual(
      ["big/index.html", "big/index-2.html", "big/index-3.html", "big/index-4.html", "big/index-5.html"].map((f) =>
        site.has(f),
      ),
      [true, true, true, true, false],
    );
    assert.match(site.get("big/index-2.html") ?? "", /<a href="index-3\.html">Next →<\/a>/);
  });
});

describe("several versions of one catalog", () => {
  const version = (v: string, extra: Record<string, unknown> = {}) =>
    compileCatalog({
      name: "shop",
      version: v,
      errors: { CART_EMPTY: { category: "validation" }, ...extra },
    }).catalog as Catalog;

  test("a versioned site: the newest at the catalog's path, each version in its folder with a changelog", () => {
    const site = buildSite([
      version("1.0.0"),
      version("1.1.0", { ITEM_GONE: { category: "not_found" } }),
      version("2.0.0"),
    ]);
    assert.ok(site.has("shop/item-gone/index.html") === false);
    for (const v of ["1.0.0", "1.1.0", "2.0.0"]) {
      assert.ok(site.has(`shop/${v}/index.html`), v);
      assert.ok(site.has(`shop/${v}/cart-empty/index.html`), v);
      assert.ok(site.has(`shop/${v}/changes/index.html`), v);
    }
    assert.ok(site.has("shop/1.1.0/item-gone/index.html"));
    const latest = site.get("shop/index.html") ?? "";
    assert.match(
      latest,
      /<nav class="versions".*<strong>2\.0\.0 \(latest\)<\/strong>.*<a href="1\.1\.0\/index\.html">1\.1\.0<\/a>/s,
    );
    const changes = site.get("shop/2.0.0/changes/index.html") ?? "";
    assert.match(changes, /From 1\.1\.0 to 2\.0\.0: 1 change\(s\); major version bump required/);
    assert.match(changes, /ITEM_GONE \(ITEM_GONE\) removed <code>error-removed<\/code>/);
    assert.match(site.get("shop/1.0.0/changes/index.html") ?? "", /The first version: 1 errors/);
  });

  test("the same version twice is refused with a clear error", () => {
    assert.throws(
      () => buildSite([version("1.0.0"), version("1.0.0")]),
      (e: unknown) => isErrataError(e) && /catalog shop is given twice at version 1\.0\.0/.test(e.message),
    );
  });
});

test("/api/errors/:code gives the definition without the catalog's file path", async () => {
  const server = docsServer([shop]);
  const base = await listen(server);
  try {
    const body = await (await fetch(`${base}/api/errors/SHOP-0901`)).text();
    assert.match(body, /"exitCode":78/);
    assert.doesNotMatch(body, /fixtures|shop\.yaml|"line":|"column":/);
  } finally {
    server.close();
  }
});

test("errata serve with two versions: the site has both, the API answers from the newest", async () => {
  const v = (version: string, title: string) =>
    compileCatalog({ name: "shop", version, errors: { CART_EMPTY: { category: "validation", title } } })
      .catalog as Catalog;
  const server = docsServer([v("2.0.0", "New title"), v("1.0.0", "Old title")]);
  const base = await listen(server);
  try {
    const one = (await (await fetch(`${base}/api/errors/CART_EMPTY`)).json()) as { version: string; title: string };
    assert.deepEqual([one.version, one.title], ["2.0.0", "New title"]);
    const all = (await (await fetch(`${base}/api/errors`)).json()) as unknown[];
    assert.equal(all.length, 1);
    assert.equal((await fetch(`${base}/shop/1.0.0/cart-empty/`)).status, 200);
  } finally {
    server.close();
  }
});
