/**
 * The site's search at 10,000 and 100,000 errors written with real prose, opened
 * from disk (file://) in Chromium: the index page's size, the time to open it, and
 * the time from a keystroke to the first rendered results, cold (the query's
 * shards and records not yet loaded) and warm. The peer is the same site at a
 * tenth of the size: a page that opens at the same speed at any size has a ratio
 * near 1. Needs Debian's chromium; says so and stops without it.
 * Goals (issue 31): an index page under 300 KB at any size; first results in under
 * 1 s at 100,000 errors.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { writeFiles } from "../src/docs/outFolder.js";
import { siteFiles } from "../src/docs/site.js";
import { loadCatalog } from "../src/sources/load.js";
import { proseText } from "./catalog.js";

const CHROMIUM = process.env.ERRATA_CHROMIUM ?? "/usr/bin/chromium";
const QUERIES = ["organization plan", "prose_error_4711", "audit", "r", "settings secu"];

interface Measure {
  size: number;
  pageKb: number;
  openMs: number;
  rows: { query: string; cold: number; warm: number; found: string }[];
}

/** The site of a prose catalog of `size` errors, written to tmpfs where there is one. */
function site(size: number): string {
  const dir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "errata-search-bench-"));
  const file = join(dir, "prose.yaml");
  writeFileSync(file, proseText(size));
  writeFiles(join(dir, "site"), siteFiles([loadCatalog(file)]));
  return dir;
}

/** Keystroke to the rendered count of results, in the page (the measuring script needs eval: CSP bypassed). */
const TYPE = `(query) => new Promise((resolve) => {
  const q = document.getElementById("q"), count = document.getElementById("count");
  q.value = ""; q.dispatchEvent(new Event("input"));
  const before = count.textContent, t = performance.now();
  const seen = new MutationObserver(() => {
    if (/ of /.test(count.textContent) && count.textContent !== before) { seen.disconnect(); resolve([performance.now() - t, count.textContent]); }
  });
  seen.observe(count, { childList: true, characterData: true, subtree: true });
  q.value = query; q.dispatchEvent(new Event("input"));
})`;

async function measure(browser: Browser, size: number): Promise<Measure> {
  const dir = site(size);
  try {
    const index = join(dir, "site", "prose", "index.html");
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    const started = performance.now();
    await page.goto(pathToFileURL(index).href, { waitUntil: "load" });
    const openMs = performance.now() - started;
    const rows: Measure["rows"] = [];
    for (const query of QUERIES) {
      const [cold, found] = (await page.evaluate(`(${TYPE})(${JSON.stringify(query)})`)) as [number, string];
      const [warm] = (await page.evaluate(`(${TYPE})(${JSON.stringify(query)})`)) as [number, string];
      rows.push({ query, cold, warm, found: found.split(" · ")[0] as string });
    }
    await page.close();
    return { size, pageKb: statSync(index).size / 1024, openMs, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  console.log("\n## search: the site's search at 10,000 and 100,000 prose errors, from disk in Chromium\n");
  if (!existsSync(CHROMIUM)) {
    console.log(`skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set ERRATA_CHROMIUM)`);
    return;
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const small = await measure(browser, 10_000);
    const large = await measure(browser, 100_000);
    console.log("| errors | index page (KB) | open (ms) |\n|---:|---:|---:|");
    for (const m of [small, large])
      console.log(`| ${m.size.toLocaleString("en-US")} | ${m.pageKb.toFixed(0)} | ${m.openMs.toFixed(0)} |`);
    console.log(`\nopen at 100,000 / open at 10,000: ${(large.openMs / small.openMs).toFixed(2)}×\n`);
    console.log("| query | 10,000: first results, cold / warm (ms) | 100,000: cold / warm (ms) | found at 100,000 |");
    console.log("|---|---:|---:|---:|");
    small.rows.forEach((s, i) => {
      const l = large.rows[i] as Measure["rows"][number];
      console.log(
        `| ${s.query} | ${s.cold.toFixed(0)} / ${s.warm.toFixed(0)} | ${l.cold.toFixed(0)} / ${l.warm.toFixed(0)} | ${l.found} |`,
      );
    });
    const worst = Math.max(...large.rows.map((r) => r.cold));
    const page = Math.max(small.pageKb, large.pageKb);
    console.log(
      `\ngoal: an index page under 300 KB at any size → ${page.toFixed(0)} KB ${page < 300 ? "met" : "MISSED"}`,
    );
    console.log(
      `goal: first results under 1,000 ms at 100,000 errors → worst ${worst.toFixed(0)} ms ${worst < 1000 ? "met" : "MISSED"}`,
    );
  } finally {
    await browser.close();
  }
}
