/**
 * errata scan on a generated project of 2,000 files (400 route modules, each with
 * five Express handlers calling into a service module that raises catalog errors
 * through a re-exported errors object, and 1,600 plain modules). Peer: the TypeScript
 * compiler parsing the same files (ts.createProgram and one walk of every node),
 * the floor any scan on the compiler stands on. Goal: 2,000 files in under 15 s.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ts from "typescript";
import { compileCatalog } from "../src/catalog/compile.js";
import { scanSources } from "../src/scan/index.js";
import { compile, sourceFiles } from "../src/scan/program.js";

const ROUTES = 400;

function project(dir: string): void {
  mkdirSync(join(dir, "src", "routes"), { recursive: true });
  mkdirSync(join(dir, "src", "lib"), { recursive: true });
  writeFileSync(
    join(dir, "src", "errors.ts"),
    'import { createErrors } from "errata";\nimport { catalog } from "./catalog.js";\nexport const errors = createErrors(catalog);\nexport { errors as apiErrors };\n',
  );
  for (let r = 0; r < ROUTES; r++) {
    writeFileSync(
      join(dir, "src", "routes", `service${r}.ts`),
      `import { apiErrors } from "../errors.js";\nexport function load${r}(id: string) {\n  if (!id) throw apiErrors.ITEM_NOT_FOUND({ id });\n  if (id === "x") throw apiErrors.CONFLICT_${r % 5}({ id });\n  return { id };\n}\n`,
    );
    const handlers = Array.from(
      { length: 5 },
      (_, h) => `app.get("/r${r}/items${h}/:id", (req, res) => {\n  res.json(load${r}(req.params.id));\n});`,
    ).join("\n");
    writeFileSync(
      join(dir, "src", "routes", `route${r}.ts`),
      `import express from "express";\nimport { load${r} } from "./service${r}.js";\nexport const app = express.Router();\n${handlers}\n`,
    );
  }
  for (let m = 0; m < 2000 - 2 * ROUTES - 1; m++) {
    const body = Array.from(
      { length: 20 },
      (_, i) => `export function f${i}(x: number): number {\n  return x * ${i} + ${m};\n}`,
    );
    writeFileSync(join(dir, "src", "lib", `module${m}.ts`), `${body.join("\n")}\n`);
  }
}

function catalogOf() {
  const operations = Object.fromEntries(
    Array.from({ length: ROUTES * 5 }, (_, i) => [
      `op${i}`,
      {
        http: `GET /r${Math.floor(i / 5)}/items${i % 5}/{id}`,
        errors: ["ITEM_NOT_FOUND", `CONFLICT_${Math.floor(i / 5) % 5}`],
      },
    ]),
  );
  const errors = {
    ITEM_NOT_FOUND: { category: "not_found", message: "No item {id}", details: { id: "string" } },
    ...Object.fromEntries(
      Array.from({ length: 5 }, (_, i) => [
        `CONFLICT_${i}`,
        { category: "conflict", message: "Conflict {id}", details: { id: "string" } },
      ]),
    ),
  };
  const { catalog } = compileCatalog({ name: "bench", version: "1.0.0", errors, operations } as never);
  if (!catalog) throw new Error("the bench catalog did not compile");
  return catalog;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "errata-bench-scan-"));
  try {
    project(dir);
    const catalog = catalogOf();
    const files = sourceFiles([join(dir, "src")]);
    let start = performance.now();
    const program = compile(ts, files);
    let nodes = 0;
    const walk = (n: ts.Node): void => {
      nodes++;
      ts.forEachChild(n, walk);
    };
    for (const source of program.getSourceFiles()) walk(source);
    const parseMs = performance.now() - start;
    start = performance.now();
    const report = await scanSources([join(dir, "src")], [catalog]);
    const scanMs = performance.now() - start;
    const json = report.json as { handlers: number; matched: number; raises: number };
    console.log(
      `\n## scan: ${files.length} files, ${json.handlers} handlers (${json.matched} matched), ${json.raises} raise sites\n`,
    );
    console.log("| step | ms |\n|---|---:|");
    console.log(`| TypeScript: createProgram + walk of ${nodes} nodes (peer) | ${parseMs.toFixed(0)} |`);
    console.log(`| errata scan | ${scanMs.toFixed(0)} |`);
    console.log(
      `\nratio scan / compiler parse: ${(scanMs / parseMs).toFixed(2)}×; goal: under 15,000 ms → ${scanMs < 15_000 ? "met" : "MISSED"}`,
    );
    console.log(
      `findings: ${report.findings.length} (${report.findings.filter((f) => f.severity !== "info").length} above info)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
