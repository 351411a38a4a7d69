/**
 * Writing generated files into an output folder that may hold anything: a catalog is
 * untrusted in CI, and so is the checkout it runs in. A file is written to a fresh
 * temporary name in its folder (created exclusively) and renamed over its target,
 * so a symlink planted at the target is replaced, never followed; a folder on the
 * way that is a symlink, or a name that climbs out (`..`), is refused with
 * OUTPUT_REFUSED. The output folder itself is the one the user named. A folder is
 * checked once per writer, so a site of 100,000 pages costs a few calls a page.
 */
import { randomBytes } from "node:crypto";
import { closeSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ownErrors } from "../own/catalog.js";

function refused(path: string, reason: string): Error {
  return ownErrors.OUTPUT_REFUSED({ path, reason });
}

/** Text parts shorter than this are joined before they are written. */
const COALESCE = 1 << 18;

/** A file being written in parts; it appears at its name, whole, when closed. */
interface OutputFile {
  write(text: string | Uint8Array): void;
  /** Rename it over its target (or, with `keep: false`, drop it). */
  close(keep?: boolean): void;
}

/** A writer of files under one output folder. */
export class OutputFolder {
  readonly #root: string;
  /** The folder as the user named it, for messages. */
  readonly #shown: string;
  readonly #checked = new Set<string>();
  readonly #tag = `${process.pid}.${randomBytes(4).toString("hex")}`;
  #count = 0;

  constructor(root: string) {
    mkdirSync(root, { recursive: true });
    this.#root = realpathSync(root);
    this.#shown = root;
  }

  /** Write `relative` (folders joined by "/") atomically: readers see the old file or the new one. */
  write(relative: string, content: string | Uint8Array): void {
    this.writeParts(relative, [content]);
  }

  /**
   * Write `relative` from parts, one after the other (a reference of 200 MB is never
   * one string): it appears whole when they are all written, or not at all.
   */
  writeParts(relative: string, parts: Iterable<string | Uint8Array>): void {
    const file = this.#open(relative);
    try {
      // Small text parts (a reference's section each) are written 256 KB at a time, not a call each.
      let text = "";
      for (const part of parts) {
        if (typeof part === "string" && part.length < COALESCE) {
          text += part;
          if (text.length >= COALESCE) {
            file.write(text);
            text = "";
          }
          continue;
        }
        if (text !== "") file.write(text);
        text = "";
        file.write(part);
      }
      if (text !== "") file.write(text);
    } catch (error) {
      file.close(false);
      throw error;
    }
    file.close();
  }

  #open(relative: string): OutputFile {
    const parts = relative.split("/");
    if (parts.some((p) => p === "" || p === "." || p === ".." || p.includes("\\") || p.includes("\0")))
      throw refused(relative, "the name must stay inside the output folder");
    let dir = this.#root;
    for (const part of parts.slice(0, -1)) {
      dir = join(dir, part);
      this.#folder(dir);
    }
    const name = parts.at(-1) as string;
    const target = join(dir, name);
    const temp = join(dir, `.${name}.${this.#tag}.${this.#count++}.tmp`);
    // "wx": O_CREAT | O_EXCL, which fails on anything already there, a symlink included.
    const fd = openSync(temp, "wx", 0o644);
    let open = true;
    return {
      write: (text) => writeFileSync(fd, text),
      close: (keep = true) => {
        if (!open) return;
        open = false;
        closeSync(fd);
        if (!keep) return rmSync(temp, { force: true });
        try {
          renameSync(temp, target);
        } catch (error) {
          rmSync(temp, { force: true });
          const code = (error as NodeJS.ErrnoException).code;
          if (code === "EISDIR" || code === "ENOTEMPTY" || code === "EEXIST")
            throw refused(relative, "a folder has this name");
          throw error;
        }
      },
    };
  }

  /** The folder, made if missing, refused when something else (a symlink, a file) is there; checked once. */
  #folder(path: string): void {
    if (this.#checked.has(path)) return;
    try {
      mkdirSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const found = lstatSync(path);
      const shown = join(this.#shown, relative(this.#root, path));
      if (found.isSymbolicLink()) throw refused(shown, "it is a symbolic link, which errata never follows");
      if (!found.isDirectory()) throw refused(shown, "it is not a folder");
    }
    this.#checked.add(path);
  }
}

/**
 * Write `relative` (folders joined by "/") under `root`, atomically: readers see the
 * old file or the new one, and nothing outside `root` is ever written.
 */
export function writeInside(root: string, relative: string, content: string | Uint8Array): void {
  new OutputFolder(root).write(relative, content);
}

/** Write files (paths joined by "/") under a folder, one at a time as they come. */
export function writeFiles(dir: string, files: Iterable<readonly [string, string | Uint8Array]>): number {
  const out = new OutputFolder(dir);
  let count = 0;
  for (const [path, content] of files) {
    out.write(path, content);
    count++;
  }
  return count;
}
