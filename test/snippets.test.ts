/**
 * Every TypeScript block of the README, ARCHITECTURE.md and docs/ compiles under
 * `tsc --strict` as a reader would paste it: with its own imports (an undeclared
 * name fails), "errata" and its subpaths resolved to this repository's sources
 * through package.json's exports, and `./<catalog>_errors.js` the module
 * `errata codegen --target ts` writes for a bundled catalog. A block's
 * `@ts-expect-error` lines must fail, as the page says they do.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { typescriptModule } from "../src/codegen/typescript.js";
import { BUNDLED, REPO } from "./helpers.js";

const OUT = join(REPO, "test-output", "snippets");

/** The pages a reader reads: the README, ARCHITECTURE.md and every page under docs/. */
const pages = [
  "README.md",
  "ARCHITECTURE.md",
  ...readdirSync(join(REPO, "docs"), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => join("docs", f)),
];

/** Where each subpath of the package lives in src/, from package.json's exports (dist/x.js → src/x.ts). */
function subpaths(): Map<string, string> {
  const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
    exports: Record<string, string | { import?: string }>;
  };
  const out = new Map<string, string>();
  for (const [key, target] of Object.entries(pkg.exports)) {
    const file = typeof target === "string" ? target : target.import;
    if (!file?.startsWith("./dist/") || !file.endsWith(".js")) continue;
    out.set(key === "." ? "errata" : `errata/${key.slice(2)}`, join(REPO, "src", file.slice("./dist/".length)));
  }
  return out;
}

/** A block with its imports of errata pointed at the sources. */
function resolved(code: string, where: Map<string, string>): string {
  return code.replace(/(from |import )"(errata(?:\/[\w./-]+)?)"/g, (_whole, keyword: string, specifier: string) => {
    const file = where.get(specifier);
    assert.ok(file, `no export of the package is called ${specifier}`);
    return `${keyword}"${relative(OUT, file).split("\\").join("/")}"`;
  });
}

const blocks = pages.flatMap((page) =>
  [...readFileSync(join(REPO, page), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({
    page,
    name: `${page.replace(/[/.]/g, "_")}_${i + 1}.ts`,
    code: m[1] as string,
  })),
);

test("the pages have TypeScript blocks, and every one shows its imports", () => {
  assert.ok(blocks.length >= 8, `${blocks.length} blocks`);
  for (const b of blocks) assert.match(b.code, /^import /m, `${b.page}: a block without its imports`);
});

test("every TypeScript block compiles under tsc --strict, its @ts-expect-error lines included", () => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const where = subpaths();
  for (const name of BUNDLED) {
    const module = typescriptModule(join(REPO, "examples", "catalogs", `${name}.yaml`), { importFrom: "errata" });
    writeFileSync(join(OUT, `${name}_errors.ts`), resolved(module, where));
  }
  for (const b of blocks) writeFileSync(join(OUT, b.name), resolved(b.code, where));
  const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
  const options = ["--strict", "--noEmit", "--skipLibCheck", "--module", "nodenext", "--moduleResolution", "nodenext"];
  const r = spawnSync(
    process.execPath,
    [tsc, ...options, "--target", "es2022", ...blocks.map((b) => join(OUT, b.name))],
    {
      encoding: "utf8",
      cwd: REPO,
    },
  );
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
