/** The static site: pages at the docs URLs' paths, the search index, and catalog text that stays text. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compileCatalog } from "../../src/catalog/compile.js";
import { exampleResponses } from "../../src/docs/examples.js";
import { buildSite } from "../../src/docs/site.js";
import { BUNDLED, loadBundled } from "../helpers.js";
import { hostileCatalog } from "./hostile.js";
import { searchRecords } from "./searchData.js";

test("one page per error, at the path of its docs URL under the catalog's site", () => {
  const catalogs = BUNDLED.map(loadBundled);
  const site = buildSite(catalogs);
  for (const catalog of catalogs) {
    for (const def of catalog.errors) {
      const path = def.docsUrl && catalog.docsBaseUrl ? def.docsUrl.slice(catalog.docsBaseUrl.length) : undefined;
      const page = site.get(`${catalog.name}/${path ?? def.name.toLowerCase().replace(/_/g, "-")}/index.html`);
      assert.ok(page, `${catalog.name}: no page for ${def.name}`);
      assert.ok(page.includes(def.name));
    }
  }
  const entries = searchRecords(site, "") as { name: string; href: string }[];
  assert.equal(
    entries.length,
    catalogs.reduce((n, c) => n + c.errors.length, 0),
  );
  assert.ok(entries.some((e) => e.name === "REPLAY_ATTACK" && e.href === "gitclaw/replay-attack/index.html"));
  // Nothing from outside: no absolute URLs in src/href attributes of the pages' own markup.
  for (const [path, content] of site) {
    if (path.endsWith(".html")) assert.doesNotMatch(content, /(src|href)="(https?:)?\/\//, path);
  }
});

test("a catalog full of <script> renders as text: no tag, handler or URL of it reaches the markup", () => {
  const site = buildSite([hostileCatalog()]);
  for (const [path, content] of site) {
    if (!path.endsWith(".html")) continue;
    const scripts = content.match(/<script[^>]*>/g) ?? [];
    assert.deepEqual(
      scripts.filter(
        (s) =>
          s !== '<script src="../_errata/errata.js" defer>' &&
          s !== '<script src="_errata/errata.js" defer>' &&
          s !== '<script src="../../_errata/errata.js" defer>' &&
          s !== '<script type="application/json" id="errata-search">',
      ),
      [],
      path,
    );
    assert.doesNotMatch(content, /<img/, path);
    assert.doesNotMatch(content, /<[^>]*\sonerror=/i, path);
    assert.match(content, /Content-Security-Policy/, path);
  }
  // The search files are scripts: each is one call with one JSON value, and no catalog text leaves it.
  const searchFiles = [...site].filter(([path]) => path.includes("/_search/"));
  assert.ok(searchFiles.length > 3);
  for (const [path, content] of searchFiles) {
    const inner = /^errataSearch\(([\s\S]*)\);\n$/.exec(content)?.[1];
    assert.ok(inner !== undefined, path);
    assert.doesNotThrow(() => JSON.parse(inner), path);
    assert.doesNotMatch(inner, /[<\u2028\u2029]/, path);
  }
  assert.ok(searchRecords(site, "hostile/").some((r) => String(r.message).includes("<script>")));
  const page = site.get("hostile/xss-probe/index.html") ?? "";
  assert.match(page, /&lt;script&gt;window\.pwned = 1&lt;\/script&gt;/);
  assert.doesNotMatch(page, /href="https:\/\/example\.com\/\?q=<script>"/);
});

test("a `maybe` error's page says it is retried when its condition holds, not that it is never retried", () => {
  const { catalog } = compileCatalog({
    name: "m",
    version: "1.0.0",
    errors: {
      BUSY: {
        category: "conflict",
        details: { state: "string" },
        retry: { policy: "maybe", when: { state: ["busy"] } },
      },
      GONE: { category: "not_found" },
    },
  });
  assert.ok(catalog);
  const site = buildSite([catalog]);
  const busy = site.get("m/busy/index.html") ?? "";
  assert.match(busy, /<span class="badge maybe" title="Retry only under a condition\.[^"]*">retryable when…<\/span>/);
  assert.doesNotMatch(busy, /not retryable/);
  assert.match(site.get("m/gone/index.html") ?? "", /badge noretry" title="[^"]*">not retryable</);
});

test("an error without an HTTP status says so on its page", () => {
  const { catalog } = compileCatalog({
    name: "c",
    version: "1.0.0",
    errors: { CONFIG_MISSING: { category: "validation", status: "none", exitCode: 78 } },
  });
  assert.ok(catalog);
  const page = buildSite([catalog]).get("c/config-missing/index.html") ?? "";
  assert.match(page, /<span class="badge">no HTTP status<\/span><span class="badge">exit 78<\/span>/);
});

test("an example built without examples shows typed placeholders, never a raw {placeholder}", () => {
  const { catalog } = compileCatalog({
    name: "p",
    version: "1.0.0",
    format: "problem",
    errors: {
      LIMIT: {
        category: "rate_limit",
        message: "Over {limit} for {plan} on {repo}",
        details: { limit: "integer", plan: { type: "string", enum: ["free", "pro"] }, repo: "string" },
      },
    },
  });
  assert.ok(catalog);
  const [example] = exampleResponses(catalog.errors[0] as NonNullable<(typeof catalog.errors)[0]>, catalog);
  const body = JSON.parse(example?.body ?? "{}") as { detail: string; details: Record<string, unknown> };
  assert.equal(body.detail, "Over 1 for free on <repo>");
  assert.deepEqual(body.details, { limit: 1, plan: "free", repo: "<repo>" });
});

test("an error's page says what its group and the groups above it are", () => {
  const { catalog } = compileCatalog({
    name: "g",
    version: "1.0.0",
    organize: "group",
    groups: {
      storage: { title: "Storage", description: "Everything about **buckets** and objects." },
      buckets: { title: "Buckets", parent: "storage", description: "Creating and deleting buckets." },
      plain: { title: "Plain" },
    },
    errors: {
      BUCKET_EXISTS: { category: "conflict", group: "buckets" },
      OTHER: { category: "server", group: "plain" },
    },
  });
  assert.ok(catalog);
  const site = buildSite([catalog]);
  const page = site.get("g/bucket-exists/index.html") ?? "";
  assert.match(
    page,
    /<section class="group"><h2>Storage<\/h2><div class="prose"><p>Everything about <strong>buckets<\/strong> and objects\.<\/p>\n<\/div><h2>Buckets<\/h2><div class="prose"><p>Creating and deleting buckets\.<\/p>\n<\/div><\/section>/,
  );
  assert.doesNotMatch(site.get("g/other/index.html") ?? "", /class="group"/);
});

test("the indexes say what each group is under its heading, and keep it for the search script", () => {
  const { catalog } = compileCatalog({
    name: "g",
    version: "1.0.0",
    organize: "group",
    groups: {
      storage: { title: "Storage", description: "Everything about **buckets** and objects." },
      plain: { title: "Plain" },
    },
    errors: {
      BUCKET_EXISTS: { category: "conflict", group: "storage" },
      OTHER: { category: "server", group: "plain" },
    },
  });
  assert.ok(catalog);
  const site = buildSite([catalog]);
  const note = '<div class="prose"><p>Everything about <strong>buckets</strong> and objects.</p>\n</div>';
  for (const file of ["g/index.html", "index.html"]) {
    const page = site.get(file) ?? "";
    assert.ok(page.includes(`<li class="section"><h2>Storage</h2>${note}</li>`), file);
    assert.ok(page.includes('<li class="section"><h2>Plain</h2></li>'), file);
    assert.ok(
      page.includes('<template id="errata-notes"><div class="prose" data-section="Storage"><p>Everything'),
      file,
    );
  }
});

test("the root index is sectioned as the catalogs' own, each section naming its catalog, and lists show titles", () => {
  const one = buildSite([loadBundled("aragora")]);
  const root = one.get("index.html") ?? "";
  // includes(), not match(): a failed match would print the whole site page.
  assert.ok(root.includes('data-sectioned="true"'));
  assert.ok(root.includes('<li class="section"><h2>Authentication Errors</h2></li>'));
  assert.ok(root.includes('<span class="title">Auth Required</span>'));
  const two = buildSite([loadBundled("aragora"), loadBundled("gitclaw")]).get("index.html") ?? "";
  assert.ok(two.includes(`<li class="section"><h2>Aragora API › Authentication Errors</h2></li>`));
  assert.ok(two.includes(`<li class="section"><h2>GitClaw › Authentication Errors</h2></li>`));
});
