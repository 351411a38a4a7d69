/**
 * Docs at scale: a generated catalog of 10,000 errors (and one of 20,000), and the
 * time to render its Markdown reference and build its site in memory (every page,
 * the index and its search data), then to write the site to disk. Median of 3 runs,
 * each on a freshly compiled catalog (compiling is not timed).
 * Goals: 10,000 errors under 2 s; 20,000 in at most 2.2× the time of 10,000; the
 * 10,000 with 500 operations (20 errors each, 3 common ones) in at most 1.3× the
 * time without, in one run, the two alternating.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileCatalog } from "../src/catalog/compile.js";
import type { Catalog } from "../src/catalog/model.js";
import { renderMarkdown } from "../src/docs/markdown.js";
import { writeFiles } from "../src/docs/outFolder.js";
import { buildSite } from "../src/docs/site.js";
import { median } from "./compare.js";

const KINDS = ["validation", "not_found", "conflict", "rate_limit", "server", "unavailable", "authentication"] as const;

/** 500 operations over the catalog's errors: 20 each, and 3 common ones every operation gets. */
function operationsOf(size: number): Record<string, unknown> {
  const operations: Record<string, unknown> = {};
  for (let i = 0; i < 500; i++) {
    const errors = Array.from({ length: 20 }, (_, k) => `GENERATED_ERROR_${(i * 20 + k) % size}`);
    operations[`operation${i}`] = { http: `POST /things/{thingId}/op${i}`, summary: `Operation ${i}`, errors };
  }
  return { operations, commonErrors: ["GENERATED_ERROR_0", "GENERATED_ERROR_1", "GENERATED_ERROR_2"] };
}

function bigCatalog(size: number, withOperations = false): Catalog {
  const categories = Object.fromEntries(KINDS.map((k) => [k, { kind: k }]));
  const errors: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) {
    errors[`GENERATED_ERROR_${i}`] = {
      category: KINDS[i % KINDS.length],
      message: `Operation ${i} failed for {resource}: {reason}`,
      description: `Generated error number ${i}, for scale.`,
      details: {
        resource: { type: "string", example: `res-${i}` },
        reason: { type: "string", example: "it broke" },
        attempt: { type: "integer", example: i % 7 },
      },
      symptoms: [`Requests to /things/${i} fail`],
      causes: [`Cause A of error ${i}`, `Cause B of error ${i}`],
      solutions: [`Fix ${i} this way`, { title: "Retry", code: `await retry(${i});\n`, language: "ts" }],
    };
  }
  const { catalog } = compileCatalog({
    name: "big",
    version: "1.0.0",
    docsBaseUrl: "https://docs.example.com/errors/",
    categories,
    errors,
    ...(withOperations ? operationsOf(size) : {}),
  });
  if (!catalog) throw new Error("the generated catalog did not compile");
  return catalog;
}

/** Each run gets a freshly compiled catalog, so no run reuses the examples another one encoded. */
function measure(
  size: number,
  withOperations = false,
): { generate: number; write: number; files: number; bytes: number } {
  const generate: number[] = [];
  const write: number[] = [];
  let files = 0;
  let bytes = 0;
  for (let run = 0; run < 3; run++) {
    const catalog = bigCatalog(size, withOperations);
    const start = performance.now();
    const markdown = renderMarkdown(catalog);
    const site = buildSite([catalog]);
    generate.push(performance.now() - start);
    files = site.size + 1;
    bytes = markdown.length + [...site.values()].reduce((n, s) => n + s.length, 0);
    const dir = mkdtempSync(join(tmpdir(), "errata-docs-bench-"));
    const before = performance.now();
    writeFiles(dir, site);
    write.push(performance.now() - before);
    rmSync(dir, { recursive: true, force: true });
  }
  return { generate: median(generate), write: median(write), files, bytes };
}

export async function run(): Promise<void> {
  const results = [10_000, 20_000].map((size) => ({ size, ...measure(size) }));
  console.log("\n## docs: Markdown + site for generated catalogs (median of 3 runs)\n");
  console.log("| errors | Markdown + site in memory (ms) | writing the site (ms) | files | size (MB) |");
  console.log("|---:|---:|---:|---:|---:|");
  for (const r of results) {
    console.log(
      `| ${r.size.toLocaleString("en-US")} | ${r.generate.toFixed(0)} | ${r.write.toFixed(0)} | ${r.files.toLocaleString("en-US")} | ${(r.bytes / 1e6).toFixed(1)} |`,
    );
  }
  const [ten, twenty] = results;
  if (!ten || !twenty) return;
  console.log(
    `\ngoal: 10,000 errors under 2,000 ms → ${ten.generate.toFixed(0)} ms ${ten.generate < 2000 ? "met" : "MISSED"}`,
  );
  const ratio = twenty.generate / ten.generate;
  console.log(`goal: 20,000 in ≤ 2.2× the time of 10,000 → ${ratio.toFixed(2)}× ${ratio <= 2.2 ? "met" : "MISSED"}`);
  // With and without operations, alternating, so that both see the same machine.
  const plain: number[] = [];
  const operated: number[] = [];
  for (let round = 0; round < 3; round++) {
    plain.push(measure(10_000).generate);
    operated.push(measure(10_000, true).generate);
  }
  const [without, withOps] = [median(plain), median(operated)];
  const cost = withOps / without;
  console.log(
    `goal: with 500 operations ≤ 1.3× without → ${withOps.toFixed(0)} ms / ${without.toFixed(0)} ms = ${cost.toFixed(2)}× ${cost <= 1.3 ? "met" : "MISSED"}`,
  );
}
