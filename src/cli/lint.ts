/** `errata lint <catalog...>`: every problem of every catalog, human or JSON; exit 0 clean, 1 errors, 2 unusable. */
import { lintCatalog } from "../catalog/lint.js";
import { inspectCatalogFile, placeProblems } from "../catalog/load.js";
import { formatLocation, formatPath, type Problem } from "../catalog/problem.js";
import { isErrataError } from "../runtime/ErrataError.js";
import type { Output } from "./output.js";

export interface LintReport {
  readonly file: string;
  readonly catalog?: string;
  readonly usable: boolean;
  readonly problems: readonly Problem[];
}

/** Lint one file; problems carry file:line:column. Includes stay in the file's folder, or in `includeRoot`. */
export function lintFile(path: string, includeRoot?: string): LintReport {
  try {
    const inspection = inspectCatalogFile(path, includeRoot ? { includeRoot } : {});
    const { catalog } = inspection;
    const ownFile = catalog?.source ? inspection.files.get(catalog.source) : undefined;
    const lint = catalog && ownFile ? placeProblems(lintCatalog(catalog), ownFile) : [];
    const problems = [...inspection.problems, ...lint].sort(
      (a, b) =>
        (a.file ?? "").localeCompare(b.file ?? "") ||
        (a.line ?? 0) - (b.line ?? 0) ||
        (a.column ?? 0) - (b.column ?? 0),
    );
    const schemaBroken = !catalog;
    return {
      file: path,
      ...(catalog ? { catalog: catalog.name } : {}),
      usable: !schemaBroken,
      problems,
    };
  } catch (error) {
    if (!isErrataError(error)) throw error;
    return {
      file: path,
      usable: false,
      problems: [
        {
          severity: "error",
          rule: error.name.toLowerCase().replace(/_/g, "-"),
          message: error.message,
          path: [],
          file: path,
        },
      ],
    };
  }
}

function humanLine(p: Problem, out: Output): string {
  const where = formatLocation(p) || p.file || "";
  const sev = p.severity === "error" ? out.style("red", "error") : out.style("yellow", "warning");
  const field = formatPath(p.path);
  return `${out.style("bold", where)}  ${sev}  ${p.message}${field ? out.style("dim", `  [${field}]`) : ""}  ${out.style("dim", p.rule)}`;
}

export interface LintOptions {
  /** The folder includes may reach (default: each catalog file\'s own folder). */
  readonly includeRoot?: string;
  readonly format: "human" | "json";
  /** Print errors only (warnings still count in the summary). */
  readonly quiet?: boolean;
}

/** Run lint over files; returns the exit code. */
export function runLint(
  files: readonly string[],
  options: LintOptions,
  out: Output,
  write: (s: string) => void,
): number {
  const reports = files.map((f) => lintFile(f, options.includeRoot));
  const all = reports.flatMap((r) => r.problems);
  const errors = all.filter((p) => p.severity === "error").length;
  const warnings = all.length - errors;
  const unusable = reports.some((r) => !r.usable);
  const code = unusable ? 2 : errors > 0 ? 1 : 0;
  if (options.format === "json") {
    write(`${JSON.stringify({ files: reports, summary: { errors, warnings, exitCode: code } }, null, 2)}\n`);
    return code;
  }
  for (const report of reports) {
    const head = report.usable ? `${report.file} (${report.catalog})` : `${report.file} (unusable)`;
    const e = report.problems.filter((p) => p.severity === "error").length;
    const status = e > 0 ? out.style("red", `${e} error(s)`) : out.style("green", "ok");
    write(`${out.style("bold", head)}: ${status}, ${report.problems.length - e} warning(s)\n`);
    for (const p of report.problems) if (!options.quiet || p.severity === "error") write(`  ${humanLine(p, out)}\n`);
  }
  write(`${files.length} catalog(s): ${errors} error(s), ${warnings} warning(s)\n`);
  return code;
}
