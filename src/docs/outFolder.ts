/**
 * Writing generated files into an output folder that may hold anything: a catalog is
 * untrusted in CI, and so is the checkout it runs in. A file is written to a fresh
 * temporary name in its folder (created exclusively) and renamed over its target,
 * so a symlink planted at the target is replaced, never followed; a folder on the
 * way that is a symlink, or a name that climbs out (`..`), is refused with
 * OUTPUT_REFUSED. The output folder itself is the one the user named.
 */
import { randomBytes } from "node:crypto";
import { lstatSync, mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ownErrors } from "../own/catalog.js";

function refused(path: string, reason: string): Error {
  return ownErrors.OUTPUT_REFUSED({ path, reason });
}

/** The folder, made if missing, refused when something else (a symlink, a file) is there. */
function folder(path: string, shown: string): void {
  try {
    mkdirSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const found = lstatSync(path);
  if (found.isSymbolicLink()) throw refused(shown, "it is a symbolic link, which errata never follows");
  if (!found.isDirectory()) throw refused(shown, "it is not a folder");
}

/**
 * Write `relative` (folders joined by "/") under `root`, atomically: readers see the
 * old file or the new one, and nothing outside `root` is ever written.
 */
export function writeInside(root: string, relative: string, content: string | Uint8Array): void {
  const parts = relative.split("/");
  if (parts.some((p) => p === "" || p === "." || p === ".." || p.includes("\\") || p.includes("\0")))
    throw refused(relative, "the name must stay inside the output folder");
  mkdirSync(root, { recursive: true });
  let dir = realpathSync(root);
  for (const part of parts.slice(0, -1)) {
    dir = join(dir, part);
    folder(dir, join(root, part));
  }
  const name = parts.at(-1) as string;
  const target = join(dir, name);
  if (lstatSync(target, { throwIfNoEntry: false })?.isDirectory()) throw refused(relative, "a folder has this name");
  const temp = join(dir, `.${name}.${randomBytes(6).toString("hex")}.tmp`);
  // "wx": O_CREAT | O_EXCL, which fails on anything already there, a symlink included.
  writeFileSync(temp, content, { flag: "wx", mode: 0o644 });
  try {
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Write files (paths joined by "/") under a folder. */
export function writeFiles(dir: string, files: ReadonlyMap<string, string | Uint8Array>): void {
  for (const [path, content] of files) writeInside(dir, path, content);
}
