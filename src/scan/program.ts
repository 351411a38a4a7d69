/**
 * The sources a scan reads: TypeScript and JavaScript files under the paths given
 * (node_modules, build output and declaration files left out), compiled into one
 * program by the TypeScript compiler, loaded when scan runs: it is an optional peer
 * dependency, and its absence is SCAN_UNAVAILABLE, not a crash of the whole CLI.
 */
import { lstatSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type * as TS from "typescript";
import { ownErrors } from "../own/catalog.js";

export type TypeScript = typeof TS;

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const SKIPPED = new Set(["node_modules", "dist", "build", "coverage", ".git", "out"]);

/**
 * Every source file under the paths, sorted; a path that does not exist is
 * SCAN_UNAVAILABLE. Inside a folder, symbolic links are passed over: a link in a
 * pull request never leads the scan out of the tree it was given (nor round a loop).
 */
export function sourceFiles(paths: readonly string[]): string[] {
  const found = new Set<string>();
  const walk = (path: string, depth: number) => {
    // The paths given are followed as given; what a folder holds is read as it is, links not followed.
    const stat = depth === 0 ? statSync(path, { throwIfNoEntry: false }) : lstatSync(path, { throwIfNoEntry: false });
    if (!stat) throw ownErrors.SCAN_UNAVAILABLE({ reason: `${path} does not exist` });
    if (stat.isFile()) {
      if (SOURCE.test(path) && !/\.d\.[cm]?ts$/.test(path)) found.add(resolve(path));
      return;
    }
    if (!stat.isDirectory() || depth > 32) return;
    for (const name of readdirSync(path).sort()) {
      if (SKIPPED.has(name) || name.startsWith(".")) continue;
      walk(join(path, name), depth + 1);
    }
  };
  for (const path of paths) walk(path, 0);
  if (found.size === 0)
    throw ownErrors.SCAN_UNAVAILABLE({ reason: `no TypeScript or JavaScript files under ${paths.join(", ")}` });
  return [...found].sort();
}

/** The TypeScript compiler, or SCAN_UNAVAILABLE when it is not installed. */
export async function loadTypeScript(): Promise<TypeScript> {
  try {
    const loaded = (await import("typescript")) as TypeScript & { default?: TypeScript };
    return loaded.default ?? loaded;
  } catch {
    throw ownErrors.SCAN_UNAVAILABLE({ reason: "the typescript package is not installed (npm install -D typescript)" });
  }
}

/** One program of the files: JavaScript included, nothing emitted, library types not checked. */
export function compile(ts: TypeScript, files: readonly string[]): TS.Program {
  return ts.createProgram({
    rootNames: [...files],
    options: {
      allowJs: true,
      checkJs: false,
      noEmit: true,
      skipLibCheck: true,
      lib: ["lib.es2022.d.ts"],
      types: [],
      target: ts.ScriptTarget.ESNext,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      jsx: ts.JsxEmit.Preserve,
    },
  });
}
