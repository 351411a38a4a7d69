/**
 * The CommonJS copy of errata, for `require("errata")` on Node versions without
 * require(esm) (before 20.19): every module of src but the CLI, transpiled one file
 * to one file by esbuild into dist/cjs, marked CommonJS by its own package.json.
 * The ESM build (tsc) stays the main one; an ErrataError from either copy is an
 * instance of the other's classes, through the global-symbol brand.
 */
import { readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = join(root, "src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return relative(src, path) === "cli" ? [] : sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

await build({
  entryPoints: sources(src),
  outdir: join(root, "dist", "cjs"),
  outbase: src,
  format: "cjs",
  platform: "node",
  target: "node20",
  bundle: false,
  logLevel: "warning",
});
writeFileSync(join(root, "dist", "cjs", "package.json"), '{ "type": "commonjs" }\n');
