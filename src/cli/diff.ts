/**
 * `errata diff <old> <new>`: the contract changes between two versions of a catalog.
 * Either side may be a file or `rev:path` read from git. An ignore file accepts known
 * breaks (`rule ERROR_NAME # why`): they are reported as accepted and do not fail.
 */
import { existsSync, readFileSync } from "node:fs";
import { type Acceptance, type CatalogDiff, diffCatalogs } from "../diff/diff.js";
import { catalogFromGit, gitSpec } from "../diff/git.js";
import { humanReport, jsonReport, markdownReport, verdict } from "../diff/report.js";
import { ownErrors } from "../own/catalog.js";
import { loadCatalog } from "../sources/load.js";
import { githubAnnotation } from "./lint.js";

export const DIFF_FORMATS = ["human", "json", "markdown", "github"] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** Read an ignore file: one `rule ERROR_NAME` (or `rule *`) a line, `#` comments. */
export function readAcceptances(file: string): Acceptance[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw ownErrors.CLI_USAGE({
      problem: `cannot read the ignore file ${file}`,
      usage: "errata diff <old> <new> --ignore <file>",
    });
  }
  const out: Acceptance[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "") continue;
    const parts = line.split(/\s+/);
    if (parts.length !== 2 || !/^[a-z][a-z0-9-]*$/.test(parts[0] as string)) {
      throw ownErrors.CLI_USAGE({
        problem: `${file}:${i + 1}: expected "<rule> <ERROR_NAME or *>", such as "status-changed RATE_LIMITED", got "${line.slice(0, 80)}"`,
        usage: "errata diff <old> <new> --ignore <file>",
      });
    }
    out.push({ rule: parts[0] as string, error: parts[1] as string });
  }
  return out;
}

function load(arg: string) {
  const spec = gitSpec(arg);
  // A file that exists wins over a git reading of the same text (a path with a colon in it).
  return spec && !existsSync(arg) ? loadCatalog(catalogFromGit(spec)) : loadCatalog(arg);
}

/** Print the diff; exit 1 when anything not accepted breaks or the version bump is too small. */
export function runDiff(
  oldArg: string,
  newArg: string,
  format: DiffFormat,
  write: (s: string) => void,
  ignoreFile?: string,
): number {
  const accepted = ignoreFile ? readAcceptances(ignoreFile) : [];
  const next = load(newArg);
  const diff = diffCatalogs(load(oldArg), next, accepted);
  const unused = accepted.filter(
    (a) => !diff.changes.some((c) => c.accepted && c.rule === a.rule && (a.error === "*" || a.error === c.error)),
  );
  const report =
    format === "json"
      ? jsonReport(diff)
      : format === "markdown"
        ? markdownReport(diff)
        : format === "github"
          ? githubReport(
              diff,
              gitSpec(newArg) && !existsSync(newArg) ? undefined : newArg,
              new Map(next.errors.flatMap((e) => (e.source ? [[e.name, e.source.line] as const] : []))),
            )
          : humanReport(diff);
  write(report);
  if (format === "human" || format === "markdown") {
    for (const a of unused) write(`Unused acceptance: ${a.rule} ${a.error} (nothing it names changed)\n`);
  }
  return diff.breaking || !diff.versionOk ? 1 : 0;
}

/**
 * GitHub Actions annotations: a breaking change not accepted is an error, anything
 * else a notice, each on the line of the new catalog that declares the error.
 */
function githubReport(
  d: CatalogDiff,
  file: string | undefined,
  lines: ReadonlyMap<string, number> = new Map(),
): string {
  const out = d.changes.map((c) => {
    const annotation = githubAnnotation({
      severity: c.impact === "breaking" && !c.accepted ? "error" : "warning",
      rule: c.rule,
      message: `${c.message}${c.accepted ? " (accepted)" : ""}`,
      path: [],
      ...(file ? { file } : {}),
      ...(c.error && lines.has(c.error) ? { line: lines.get(c.error) as number } : {}),
    });
    return c.impact === "breaking" && !c.accepted ? annotation : annotation.replace(/^::warning /, "::notice ");
  });
  out.push(
    githubAnnotation({
      severity: d.versionOk ? "warning" : "error",
      rule: "version",
      message: verdict(d),
      path: [],
    }).replace(/^::warning /, "::notice "),
  );
  return `${out.join("\n")}\n`;
}
