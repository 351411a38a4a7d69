/**
 * The site in a real browser: Debian's chromium driven by playwright-core, against
 * `errata serve`'s server on 127.0.0.1. Skips with a message when no chromium is
 * found; ERRATA_REQUIRE_BROWSER=1 (set by .ci/run) makes that a failure.
 */
import assert from "node:assert/strict";
import { mkdirSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { docsServer } from "../../src/cli/serve.js";
import { browserSkip, launchChromium, listen } from "../browser/chromium.js";
import { BUNDLED, loadBundled, REPO, runCli } from "../helpers.js";
import { bigCatalog } from "./big.js";
import { hostileCatalog } from "./hostile.js";

const OUTPUT = join(REPO, "test-output", "docs");

describe("the site in chromium", { skip: browserSkip() }, () => {
  let browser: Browser;
  let server: Server;
  let base = "";
  const external: string[] = [];
  before(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    server = docsServer([...BUNDLED.map(loadBundled), hostileCatalog(), bigCatalog(302)]);
    base = await listen(server);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  async function open(path: string) {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("dialog", (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("request", (r) => {
      if (!r.url().startsWith(base)) external.push(r.url());
    });
    await page.goto(base + path);
    return { page, problems };
  }

  test('search "nonce", reach REPLAY_ATTACK, see its causes and solution', async () => {
    const { page, problems } = await open("/");
    await page.fill("#q", "nonce");
    await page.locator("#count").filter({ hasText: /^3 of/ }).waitFor();
    const results = await page.locator("#results li a").allTextContents();
    assert.ok(results.includes("REPLAY_ATTACK"), results.join(", "));
    await page.screenshot({ path: join(OUTPUT, "search-nonce.png") });
    await page.click("#results >> text=REPLAY_ATTACK");
    await page.waitForURL(/\/gitclaw\/replay-attack\/index\.html$/);
    const text = (await page.locator("main").textContent()) ?? "";
    assert.match(text, /A nonce was reused to sign a different action/);
    assert.match(text, /Generate new nonce; only reuse nonces for retrying same operation/);
    assert.ok(await page.locator("h2", { hasText: "Causes" }).isVisible());
    assert.equal(await page.locator("pre .copy").count(), 2);
    await page.screenshot({ path: join(OUTPUT, "replay-attack.png"), fullPage: true });
    assert.deepEqual(problems, []);
  });

  test("filters and the theme switch work; the choice is remembered", async () => {
    const { page, problems } = await open("/gitclaw/index.html");
    await page.selectOption("#status", "429");
    await page.locator("#count").filter({ hasText: /^1 of/ }).waitFor();
    await page.selectOption("#status", "");
    await page.selectOption("#retryable", "true");
    await page
      .locator("#count")
      .filter({ hasText: /^\d+ of \d+ errors/ })
      .waitFor();
    const retryable = await page.locator("#results .badge.noretry").count();
    assert.equal(retryable, 0);
    await page.click(".theme");
    const themeOf = () => page.evaluate<string | null>(`document.documentElement.getAttribute("data-theme")`);
    const theme = await themeOf();
    assert.ok(theme === "dark" || theme === "light");
    await page.reload();
    assert.equal(await themeOf(), theme);
    await page.screenshot({ path: join(OUTPUT, `gitclaw-${theme}.png`) });
    assert.deepEqual(problems, []);
  });

  test("a catalog full of <script> renders inert: nothing runs, the text shows as text", async () => {
    const { page, problems } = await open("/");
    await page.fill("#q", "nonce cause");
    await page.click("#results >> text=XSS_PROBE");
    await page.waitForURL(/\/hostile\/xss-probe\/index\.html$/);
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate<unknown>("window.pwned"), undefined);
    assert.equal(await page.locator("main img").count(), 0);
    assert.match((await page.locator("h2 + ul li").first().textContent()) ?? "", /<script>window\.pwned = 1<\/script>/);
    await page.screenshot({ path: join(OUTPUT, "hostile.png"), fullPage: true });
    assert.deepEqual(problems, []);
  });

  test("operations: search finds errors by an operation's id or path; its page links its errors", async () => {
    const { page, problems } = await open("/gitclaw/index.html");
    const count = (text: RegExp) => page.locator("#count").filter({ hasText: text }).waitFor();
    await page.fill("#q", "mergepull");
    await count(/^\d+ of/);
    const found = await page.locator("#results li a").allTextContents();
    assert.ok(found.includes("MERGE_CONFLICTS") && found.includes("PR_NOT_FOUND"), found.join(", "));
    assert.ok(!found.includes("DUPLICATE_STAR"), found.join(", "));
    await page.fill("#q", "pulls merge");
    await count(/^\d+ of/);
    assert.ok((await page.locator("#results li a").allTextContents()).includes("MERGE_BLOCKED"));
    await page.click("text=4 operations");
    await page.click("text=mergePullRequest");
    await page.waitForURL(/\/gitclaw\/operations\/mergepullrequest\/index\.html$/);
    await page.click("main table >> text=MERGE_BLOCKED");
    await page.waitForURL(/\/gitclaw\/merge-blocked\/index\.html$/);
    assert.ok(await page.locator("h2", { hasText: "Returned by" }).isVisible());
    assert.deepEqual(problems, []);
  });

  test("302 errors: pages reach every one, with and without script; search ranks word prefixes", async () => {
    const { page, problems } = await open("/big/index.html");
    // Locators wait without evaluating strings, which the pages' CSP (no unsafe-eval) refuses.
    const count = (text: RegExp) => page.locator("#count").filter({ hasText: text }).waitFor();
    await count(/^302 errors · page 1 of 4$/);
    assert.equal(await page.locator("#results li a").count(), 100);
    assert.equal(await page.locator("#results li.section h2").first().textContent(), "Area 0");
    assert.equal(await page.locator("#results li.section .prose strong").first().textContent(), "owns");
    // The static pages, each linking the next.
    await page.click("text=Next →");
    await page.click("text=Next →");
    await page.click("text=Next →");
    await count(/page 4 of 4$/);
    assert.equal(await page.locator("#results li a").count(), 2);
    await page.goto(`${base}/big/index.html`);
    // Results the script pages: "area" starts a word of every error's group.
    await page.fill("#q", "area");
    await count(/^302 of 302 errors · page 1 of 4$/);
    await page.click("#pager button >> text=Next →");
    await count(/^302 of 302 errors · page 2 of 4$/);
    // "rate" starts a word of RATE_LIMITED, not of "separately": word prefixes, the name's match first.
    await page.fill("#q", "rate");
    await count(/^1 of/);
    assert.deepEqual(await page.locator("#results li a").allTextContents(), ["RATE_LIMITED"]);
    // Extension fields are searched: 60 errors are owned by gamma.
    await page.fill("#q", "gamm");
    await count(/^60 of/);
    // A filter alone: the group's errors under its heading, with what the catalog says of it.
    await page.fill("#q", "");
    await page.selectOption("#group", "area-20");
    await count(/^14 of 302 errors$/);
    assert.equal(
      await page
        .locator("#results li.section h2")
        .allTextContents()
        .then((h) => h.join()),
      "Area 20",
    );
    assert.equal(await page.locator("#results li.section .prose strong").first().textContent(), "owns");
    // Cleared, the page is as it was made.
    await page.selectOption("#group", "");
    await count(/^302 errors · page 1 of 4$/);
    assert.deepEqual(problems, []);
    // Without script, the static pages link every error: index.html, index-2.html… index-4.html.
    const linked = new Set<string>();
    for (const file of ["index.html", "index-2.html", "index-3.html", "index-4.html"]) {
      const html = await (await fetch(`${base}/big/${file}`)).text();
      for (const m of html.matchAll(/<li><a href="([^"]+)"/g)) linked.add(m[1] as string);
    }
    assert.equal(linked.size, 302);
  });

  test("opened from disk (file://, where a page may not fetch): search loads its files as scripts", async () => {
    const out = join(OUTPUT, "site-from-disk");
    rmSync(out, { recursive: true, force: true });
    const r = runCli(["docs", join(REPO, "examples", "catalogs", "gitclaw.yaml"), "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    await page.goto(pathToFileURL(join(out, "index.html")).href);
    await page.fill("#q", "nonce");
    await page
      .locator("#count")
      .filter({ hasText: /^\d+ of \d+ errors/ })
      .waitFor();
    assert.ok((await page.locator("#results li a").allTextContents()).includes("REPLAY_ATTACK"));
    await page.click("#results >> text=REPLAY_ATTACK");
    await page.waitForURL(/\/gitclaw\/replay-attack\/index\.html$/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("the language switcher: TraceMem in French, searched in French, and back to the same page in English", async () => {
    const { page, problems } = await open("/tracemem/index.html");
    assert.equal(await page.getAttribute("html", "lang"), "en");
    await page.click("nav.languages >> text=Français");
    await page.waitForURL(/\/tracemem\/fr\/index\.html$/);
    assert.equal(await page.getAttribute("html", "lang"), "fr");
    await page.fill("#q", "politique");
    await page
      .locator("#count")
      .filter({ hasText: /^1 of 11/ })
      .waitFor();
    assert.deepEqual(await page.locator("#results li a").allTextContents(), ["POLICY_NOT_FOUND"]);
    await page.click("#results >> text=POLICY_NOT_FOUND");
    await page.waitForURL(/\/tracemem\/fr\/policy-not-found\/index\.html$/);
    const french = (await page.locator("main").textContent()) ?? "";
    assert.match(french, /Politique introuvable/);
    assert.match(french, /Vérifiez que la politique existe et qu'elle est publiée/);
    await page.screenshot({ path: join(OUTPUT, "language-fr.png") });
    await page.click("nav.languages >> text=English");
    await page.waitForURL(/\/tracemem\/policy-not-found\/index\.html$/);
    assert.match((await page.locator("main").textContent()) ?? "", /Policy Not Found/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("no request leaves 127.0.0.1", () => {
    assert.deepEqual(external, []);
  });
});
