/**
 * Catalog inputs from git: `errata diff main:errata.yaml errata.yaml` reads the old
 * catalog as it is at a revision. The catalog's folder at that revision (its YAML and
 * JSON files, where its includes live) is copied into a temporary folder, so the
 * catalog loads with the same rules as one on disk. git runs without a shell.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { ownErrors } from "../own/catalog.js";

/** Most files a catalog folder may hold at a revision. */
const MAX_FILES = 1000;

/** `rev:path`, when the argument is one (and not a Windows drive letter). */
export function gitSpec(arg: string): { readonly rev: string; readonly path: string } | undefined {
  const m = /^([^:]{2,}|[^:A-Za-z]):(.+)$/.exec(arg);
  return m ? { rev: m[1] as string, path: m[2] as string } : undefined;
}

function git(args: readonly string[], cwd: string): Buffer {
  const result = spawnSync("git", args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  if (result.error || result.status !== 0) {
    const why = result.error?.message ?? result.stderr.toString("utf8").trim().split("\n")[0] ?? "git failed";
    throw ownErrors.CLI_USAGE({
      problem: `cannot read from git (git ${args.join(" ")}): ${why}`,
      usage: "errata diff <rev>:<catalog> <catalog>, such as main:errata.yaml errata.yaml",
    });
  }
  return result.stdout;
}

/** Copy the catalog's folder at `rev` into a temporary folder; returns the catalog's path there. */
export function catalogFromGit(spec: { readonly rev: string; readonly path: string }, cwd = process.cwd()): string {
  const top = git(["rev-parse", "--show-toplevel"], cwd).toString("utf8").trim();
  const prefix = git(["rev-parse", "--show-prefix"], cwd).toString("utf8").trim();
  // As in git itself: rev:path is from the repository's root, rev:./path from the current folder.
  const full = /^\.\.?\//.test(spec.path) ? posix.normalize(posix.join(prefix, spec.path)) : spec.path;
  const folder = posix.dirname(full);
  const listed = git(["ls-tree", "-r", "--name-only", "-z", spec.rev, "--", folder === "." ? "." : folder], top)
    .toString("utf8")
    .split("\0")
    .filter((f) => /\.(ya?ml|json)$/i.test(f));
  if (!listed.includes(full)) {
    throw ownErrors.CLI_USAGE({
      problem: `${full} does not exist at ${spec.rev}`,
      usage: "errata diff <rev>:<catalog> <catalog>, such as main:errata.yaml errata.yaml",
    });
  }
  if (listed.length > MAX_FILES) {
    throw ownErrors.CLI_USAGE({
      problem: `${folder} holds ${listed.length} catalog files at ${spec.rev}, more than ${MAX_FILES}`,
      usage: "errata diff <rev>:<catalog> <catalog>",
    });
  }
  const root = mkdtempSync(join(tmpdir(), "errata-git-"));
  for (const file of listed) {
    const target = join(root, ...file.split("/"));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, git(["show", `${spec.rev}:${file}`], top));
  }
  return join(root, ...full.split("/"));
}
