/**
 * Catalogs at scale: `errata lint`'s work (read, parse, validate, build, lint, place
 * every problem at file:line:column) on generated YAML catalogs of 10,000 and 100,000
 * errors, a third of them without causes so that lint has warnings to place; and the
 * docs (Markdown reference + site in memory) of the 100,000-error catalog.
 * Goals (issue 17): lint of 100,000 errors under 10 s, at most 11× the time of 10,000;
 * docs of 100,000 errors under 20 s.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lintCatalog } from "../src/catalog/lint.js";
import { placeProblems } from "../src/catalog/parse.js";
import { renderMarkdown } from "../src/docs/markdown.js";
import { buildSite } from "../src/docs/site.js";
import { inspectCatalogFile } from "../src/sources/load.js";

const KINDS = ["validation", "not_found", "conflict", "server", "unavailable"] as const;

/** A catalog as a real one is written: block style, a template with a typed field, causes on most errors. */
function catalogText(size: number): string {
  const lines = ["name: big", "version: 1.0.0", "docsBaseUrl: https://docs.example.com/errors/", "errors:"];
  for (let i = 0; i < size; i++) {
    lines.push(
      `  ERROR_${i}:`,
      `    category: ${KINDS[i % KINDS.length]}`,
      `    message: Operation ${i} failed on {item}`,
    );
    lines.push("    details:", "      item: string");
    if (i % 3 !== 0) lines.push(`    causes: [Cause of ${i}]`);
    lines.push(`    solutions: [Fix ${i}]`);
  }
  return `${lines.join("\n")}\n`;
}

function lint(file: string) {
  const inspection = inspectCatalogFile(file);
  const { catalog } = inspection;
  if (!catalog?.source) throw new Error("the generated catalog did not load");
  const own = inspection.files.get(catalog.source);
  if (!own) throw new Error("no parsed file");
  const problems = [...inspection.problems, ...placeProblems(lintCatalog(catalog), own)];
  return { catalog, problems };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "errata-catalog-bench-"));
  const rows: { size: number; bytes: number; ms: number; problems: number }[] = [];
  let largest: ReturnType<typeof lint>["catalog"] | undefined;
  try {
    for (const size of [10_000, 100_000]) {
      const file = join(dir, `c${size}.yaml`);
      const text = catalogText(size);
      writeFileSync(file, text);
      const times: number[] = [];
      let problems = 0;
      for (let round = 0; round < (size > 10_000 ? 1 : 3); round++) {
        const start = performance.now();
        const result = lint(file);
        times.push(performance.now() - start);
        problems = result.problems.length;
        largest = result.catalog;
      }
      rows.push({ size, bytes: text.length, ms: times.sort((a, b) => a - b)[times.length >> 1] as number, problems });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log("\n## catalog: lint at scale (read, validate, build, lint, place every problem)\n");
  console.log("| errors | file (MB) | lint (ms) | problems placed |");
  console.log("|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.size.toLocaleString("en-US")} | ${(r.bytes / 1e6).toFixed(1)} | ${r.ms.toFixed(0)} | ${r.problems.toLocaleString("en-US")} |`,
    );
  }
  const [ten, hundred] = rows;
  if (!ten || !hundred || !largest) return;
  console.log(
    `\ngoal: lint of 100,000 errors under 10,000 ms → ${hundred.ms.toFixed(0)} ms ${hundred.ms < 10_000 ? "met" : "MISSED"}`,
  );
  const ratio = hundred.ms / ten.ms;
  console.log(`goal: 100,000 in ≤ 11× the time of 10,000 → ${ratio.toFixed(2)}× ${ratio <= 11 ? "met" : "MISSED"}`);
  const start = performance.now();
  const markdown = renderMarkdown(largest);
  const site = buildSite([largest]);
  const docs = performance.now() - start;
  console.log(
    `goal: docs of 100,000 errors under 20,000 ms → ${docs.toFixed(0)} ms ${docs < 20_000 ? "met" : "MISSED"} (Markdown ${(markdown.length / 1e6).toFixed(0)} MB, ${site.size.toLocaleString("en-US")} site files)`,
  );
}
