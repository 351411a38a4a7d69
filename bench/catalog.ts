/**
 * Catalogs at scale: `errata lint`'s work (read, parse, validate, build, lint, place
 * every problem at file:line:column) on generated YAML catalogs of 10,000 and 100,000
 * errors, a third of them without causes so that lint has warnings to place; and the
 * docs (Markdown reference + site in memory) of the 100,000-error catalog.
 * Goals (issue 17): lint of 100,000 errors under 10 s, at most 11× the time of 10,000;
 * docs of 100,000 errors under 20 s. Then catalogs written with real prose (issue
 * 31): about 1.4 KB an error, descriptions of Markdown paragraphs with bold, lists
 * and a table, groups, details and examples; lint, and `errata docs` end to end
 * (load, Markdown reference, site, written to a folder on disk, and to tmpfs where
 * the machine has one), with the disk's own cost of as many folders and files made
 * by a bare loop beside it. Goals: lint under 10 s and docs under 20 s at 100,000,
 * each under 1.5 GB of peak RSS; an index page under 300 KB.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { lintCatalog } from "../src/catalog/lint.js";
import { placeProblems } from "../src/catalog/parse.js";
import { runDocs } from "../src/cli/docs.js";
import { boundHeapGrowth } from "../src/cli/heap.js";
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

/** One error written the way real catalogs write them: Markdown prose, a group, details, examples. */
function proseError(i: number): string[] {
  return [
    `  PROSE_ERROR_${i}:`,
    `    category: ${KINDS[i % KINDS.length]}`,
    `    group: area${i % 40}`,
    `    message: "The request to {resource} failed: {reason}"`,
    "    details:",
    "      resource: { type: string, description: The resource the request named }",
    "      reason: { type: string, description: What the server found wrong with it }",
    "    description: |",
    `      The **${i % 2 ? "organization" : "project"}** could not complete the request, because one of its`,
    "      settings refuses it. This happens most often after a plan change, when *limits* that",
    "      applied before no longer do, or when an administrator turned a feature off.",
    "",
    "      Check the following, in order:",
    "",
    "      - the **plan** of the organization, and whether it includes the feature;",
    "      - the *role* of the caller, which must allow the action;",
    "      - the `settings` of the project, under **Security**.",
    "",
    "      | setting | default | effect |",
    "      |---|---|---|",
    "      | **enforce** | off | refuses requests that break a policy |",
    "      | *audit* | on | records them without refusing |",
    "",
    `      See the guide for error ${i} for the full list of what the server checks.`,
    "    causes:",
    "      - The organization's plan does not include the feature",
    "      - The caller's role does not allow the action",
    "    solutions:",
    "      - Upgrade the plan, or ask an administrator to turn the feature on",
    "      - Use a token of a role that allows the action",
    "    examples:",
    `      - details: { resource: project-${i}, reason: plan }`,
  ];
}

export function proseText(size: number): string {
  const groups = Array.from({ length: 40 }, (_, g) => `  area${g}: { title: Area ${g} }`);
  const lines = ["name: prose", "version: 1.0.0", "groups:", ...groups, "errors:"];
  for (let i = 0; i < size; i++) lines.push(...proseError(i));
  return `${lines.join("\n")}\n`;
}

/** In a child process: one step on a prose catalog file; prints what it measured and the process's peak RSS. */
async function proseChild(step: string, file: string, out: string): Promise<void> {
  // The heap as the errata command sets it (src/cli/main.ts).
  boundHeapGrowth();
  const start = performance.now();
  let extra: Record<string, number> = {};
  if (step === "lint") extra = { problems: lint(file).problems.length };
  if (step === "docs") {
    await runDocs([file], out, () => {});
    extra = {
      indexBytes: Math.max(statSync(join(out, "index.html")).size, statSync(join(out, "prose", "index.html")).size),
    };
  }
  if (step === "floor") extra = { files: floor(file, out) };
  const ms = performance.now() - start;
  console.log(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024, ...extra }));
}

/**
 * The disk's own cost of a site: as many folders, each with one file of the site's
 * average page size, made by a bare loop (the files and bytes of the site in `site`).
 */
function floor(site: string, out: string): number {
  const { files, bytes } = JSON.parse(readFileSync(site, "utf8")) as { files: number; bytes: number };
  const page = "x".repeat(Math.round(bytes / files));
  mkdirSync(out, { recursive: true });
  for (let i = 0; i < files; i++) {
    mkdirSync(join(out, `p${i}`));
    writeFileSync(join(out, `p${i}`, "index.html"), page);
  }
  return files;
}

function child(step: string, file: string, out: string): Record<string, number> {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--prose", step, file, out],
    {
      encoding: "utf8",
    },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop() as string) as Record<string, number>;
}

/** The files and bytes under a folder. */
function sizeOf(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

interface ProseRow {
  size: number;
  lint: Record<string, number>;
  docs: Record<string, number>;
  floor: Record<string, number>;
  shm?: Record<string, number>;
}

/** One size: lint, docs to disk, the disk's floor, and docs to tmpfs (where the machine has one), each in a fresh process. */
function proseRow(size: number, dir: string): ProseRow {
  const file = join(dir, `prose${size}.yaml`);
  writeFileSync(file, proseText(size));
  const lintRow = { ...child("lint", file, ""), mb: statSync(file).size / 1e6 };
  const docs = child("docs", file, join(dir, "site"));
  const measured = join(dir, "site.json");
  writeFileSync(measured, JSON.stringify(sizeOf(join(dir, "site"))));
  rmSync(join(dir, "site"), { recursive: true, force: true });
  const floorRow = child("floor", measured, join(dir, "floor"));
  rmSync(join(dir, "floor"), { recursive: true, force: true });
  let shm: Record<string, number> | undefined;
  if (existsSync("/dev/shm")) {
    const out = mkdtempSync("/dev/shm/errata-bench-");
    try {
      shm = child("docs", file, join(out, "site"));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return { size, lint: lintRow, docs, floor: floorRow, ...(shm ? { shm } : {}) };
}

/** Lint and docs of prose catalogs at 300, 10,000 and 100,000 errors, each step in a fresh process. */
function proseRows(): void {
  console.log("\n## catalog: catalogs written with real prose (Markdown, groups, details, examples)\n");
  console.log(
    "| errors | file (MB) | lint (ms) | lint RSS (MB) | docs to disk (ms) | docs RSS (MB) | disk floor (ms) | docs to tmpfs (ms) | index pages (KB) |",
  );
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  const rows: ProseRow[] = [];
  for (const size of [300, 10_000, 100_000]) {
    const dir = mkdtempSync(join(tmpdir(), "errata-prose-bench-"));
    try {
      const r = proseRow(size, dir);
      rows.push(r);
      const n = (v: number | undefined) => (v === undefined ? "–" : v.toFixed(0));
      console.log(
        `| ${size.toLocaleString("en-US")} | ${(r.lint.mb as number).toFixed(1)} | ${n(r.lint.ms)} | ${n(r.lint.rssMb)} | ${n(r.docs.ms)} | ${n(r.docs.rssMb)} | ${n(r.floor.ms)} | ${n(r.shm?.ms)} | ${((r.docs.indexBytes as number) / 1024).toFixed(0)} |`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const [small, , hundred] = rows as [ProseRow, ProseRow, ProseRow];
  const goal = (what: string, value: number, limit: number, unit: string) =>
    console.log(
      `goal: ${what} under ${limit.toLocaleString("en-US")} ${unit} → ${value.toFixed(0)} ${unit} ${value < limit ? "met" : "MISSED"}`,
    );
  console.log("");
  goal("lint of 300 prose errors", small.lint.ms as number, 1000, "ms");
  goal("docs of 300 prose errors", small.docs.ms as number, 3000, "ms");
  goal("lint of 100,000 prose errors", hundred.lint.ms as number, 10_000, "ms");
  goal("its peak RSS", hundred.lint.rssMb as number, 1500, "MB");
  goal("docs of 100,000 prose errors, to disk", hundred.docs.ms as number, 20_000, "ms");
  if (hundred.shm) goal("docs of 100,000 prose errors, to tmpfs", hundred.shm.ms as number, 20_000, "ms");
  goal("docs' peak RSS", hundred.docs.rssMb as number, 1500, "MB");
  goal("an index page at 100,000 errors", (hundred.docs.indexBytes as number) / 1024, 300, "KB");
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
  proseRows();
}

if (process.argv[2] === "--prose")
  await proseChild(process.argv[3] as string, process.argv[4] as string, process.argv[5] as string);
if (process.argv[2] === "--prose-rows") proseRows();
