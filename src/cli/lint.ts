/**
 * `errata lint <catalog...>`: every problem of every catalog, for a person (errors in
 * full, warnings grouped by rule), as JSON, as SARIF 2.1.0 for code scanning, or as
 * GitHub Actions annotations; exit 0 clean, 1 errors or too many warnings, 2 unusable.
 */
import { sep } from "node:path";
import { LINT_RULES } from "../catalog/lint.js";
import { placeProblems } from "../catalog/parse.js";
import { formatLocation, formatPath, type Problem } from "../catalog/problem.js";
import { lintCatalog } from "../own/lint.js";
import { isErrataError } from "../runtime/ErrataError.js";
import { type InspectOptions, inspectCatalogFile } from "../sources/load.js";
import type { Output } from "./output.js";

export interface LintReport {
  readonly file: string;
  readonly catalog?: string;
  readonly usable: boolean;
  readonly problems: readonly Problem[];
}

/** Lint one file; problems carry file:line:column. Includes stay in the file's folder, or in `includeRoot`. */
export function lintFile(path: string, options: InspectOptions = {}): LintReport {
  try {
    const inspection = inspectCatalogFile(path, options);
    const { catalog } = inspection;
    const ownFile = catalog?.source ? inspection.files.get(catalog.source) : undefined;
    const lint = catalog && ownFile ? placeProblems(lintCatalog(catalog), ownFile) : [];
    const problems = [...inspection.problems, ...lint].sort(
      (a, b) =>
        (a.file ?? "").localeCompare(b.file ?? "") ||
        (a.line ?? 0) - (b.line ?? 0) ||
        (a.column ?? 0) - (b.column ?? 0),
    );
    // A translation overlay read on its own is not broken: its catalog checks it.
    const overlay = !catalog && problems.length === 1 && problems[0]?.rule === "translation-file";
    const schemaBroken = !catalog && !overlay;
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

/** One problem on a line: where, level, message, field, rule, and the suggested fix below. */
export function humanLine(p: Problem, out: Output): string {
  const where = formatLocation(p) || p.file || "";
  const sev =
    p.severity === "error"
      ? out.style("red", "error")
      : p.severity === "warning"
        ? out.style("yellow", "warning")
        : out.style("dim", "info");
  const field = formatPath(p.path);
  const fix = p.suggestion ? `\n      ${out.style("dim", `→ ${p.suggestion}`)}` : "";
  return `${out.style("bold", where)}  ${sev}  ${p.message}${field ? out.style("dim", `  [${field}]`) : ""}  ${out.style("dim", p.rule)}${fix}`;
}

/** How many warnings of one rule a report shows before it counts the rest. */
export const WARNINGS_SHOWN_PER_RULE = 3;

export const LINT_FORMATS = ["human", "json", "sarif", "github"] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

export interface LintOptions {
  /** The folder includes may reach (default: each catalog file\'s own folder). */
  readonly includeRoot?: string;
  /** The largest catalog file read, in bytes (default 256 MiB). */
  readonly maxBytes?: number;
  readonly format: LintFormat;
  /** Print errors only (warnings still count in the summary). */
  readonly quiet?: boolean;
  /** Print every warning, not the first few of each rule. */
  readonly verbose?: boolean;
  /** Fail (exit 1) when there are more warnings than this. */
  readonly maxWarnings?: number;
}

function countBy(problems: readonly Problem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p.rule, (counts.get(p.rule) ?? 0) + 1);
  return counts;
}

/**
 * The human report: every error, then the warnings, the first few of each rule and a
 * count of the rest, so that 600 missing-causes warnings do not bury the real problems.
 */
function humanReport(
  reports: readonly LintReport[],
  options: LintOptions,
  out: Output,
  write: (s: string) => void,
): void {
  for (const report of reports) {
    const head = !report.usable ? `${report.file} (unusable)` : `${report.file} (${report.catalog ?? "translations"})`;
    const errors = report.problems.filter((p) => p.severity === "error");
    const warnings = report.problems.filter((p) => p.severity !== "error");
    const notes = warnings.filter((p) => p.severity === "info").length;
    const status = errors.length > 0 ? out.style("red", `${errors.length} error(s)`) : out.style("green", "ok");
    const counted = `${warnings.length - notes} warning(s)${notes > 0 ? `, ${notes} note(s)` : ""}`;
    write(`${out.style("bold", head)}: ${status}, ${counted}\n`);
    for (const p of errors) write(`  ${humanLine(p, out)}\n`);
    if (options.quiet) continue;
    const shown = new Map<string, number>();
    for (const p of warnings) {
      const n = (shown.get(p.rule) ?? 0) + 1;
      shown.set(p.rule, n);
      if (options.verbose || n <= WARNINGS_SHOWN_PER_RULE) write(`  ${humanLine(p, out)}\n`);
    }
    for (const [rule, n] of shown) {
      if (!options.verbose && n > WARNINGS_SHOWN_PER_RULE) {
        write(
          `  ${out.style("dim", `… and ${n - WARNINGS_SHOWN_PER_RULE} more ${rule} warning(s) (--verbose shows them; lint.rules can turn ${rule} off)`)}\n`,
        );
      }
    }
  }
}

/** GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`, escaped as the runner reads them. */
export function githubAnnotation(p: Problem): string {
  const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const property = (s: string) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const props = [
    `title=${property(`errata ${p.rule}`)}`,
    p.file ? `file=${property(p.file)}` : undefined,
    p.line !== undefined ? `line=${p.line}` : undefined,
    p.column !== undefined ? `col=${p.column}` : undefined,
  ].filter(Boolean);
  const message = `${p.message}${p.path.length > 0 ? ` [${formatPath(p.path)}]` : ""}${p.suggestion ? ` (${p.suggestion})` : ""}`;
  const command = p.severity === "info" ? "notice" : p.severity;
  return `::${command} ${props.join(",")}::${data(message)}`;
}

/** A file path as a URI reference: each segment percent-encoded (`#`, `%`, `?` and spaces would change what it names). */
export function fileUri(file: string): string {
  return file
    .split(sep)
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}

/** SARIF's level of each severity ("note" is its informational one). */
export const SARIF_LEVEL: Readonly<Record<string, "error" | "warning" | "note">> = {
  error: "error",
  warning: "warning",
  info: "note",
};

/** SARIF results, one per problem, each pointing at its rule among `ids`: file, line and column, and the field's path. */
export function sarifResults(problems: readonly Problem[], ids: readonly string[]) {
  return problems.map((p) => ({
    ruleId: p.rule,
    ruleIndex: ids.indexOf(p.rule),
    level: SARIF_LEVEL[p.severity],
    message: { text: `${p.message}${p.suggestion ? ` (${p.suggestion})` : ""}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(p.file ?? "") },
          ...(p.line !== undefined ? { region: { startLine: p.line, startColumn: p.column ?? 1 } } : {}),
        },
        ...(p.path.length > 0 ? { logicalLocations: [{ fullyQualifiedName: formatPath(p.path) }] } : {}),
      },
    ],
  }));
}

/** A SARIF 2.1.0 log (OASIS), as GitHub code scanning takes it: one run, the rules that fired, one result per problem. */
export function sarifLog(reports: readonly LintReport[], version: string): unknown {
  const problems = reports.flatMap((r) => r.problems);
  const ids = [...new Set(problems.map((p) => p.rule))].sort();
  const rules = ids.map((id) => {
    const known = (LINT_RULES as Record<string, { summary: string; severity: string }>)[id];
    return {
      id,
      shortDescription: { text: known?.summary ?? `catalog problem: ${id}` },
      defaultConfiguration: { level: SARIF_LEVEL[known?.severity ?? "error"] ?? "error" },
      helpUri: "https://errata.dev/docs/lint",
    };
  });
  const results = sarifResults(problems, ids);
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "errata", version, informationUri: "https://errata.dev", rules } },
        results,
      },
    ],
  };
}

/** Run lint over files; returns the exit code: 2 unusable, 1 errors (or warnings over --max-warnings), else 0. */
export function runLint(
  files: readonly string[],
  options: LintOptions,
  out: Output,
  write: (s: string) => void,
  version = "0.0.0",
): number {
  const inspect = {
    ...(options.includeRoot ? { includeRoot: options.includeRoot } : {}),
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
  };
  const reports = files.map((f) => lintFile(f, inspect));
  const all = reports.flatMap((r) => r.problems);
  const errors = all.filter((p) => p.severity === "error").length;
  // Notes (info) are shown, never counted against --max-warnings.
  const warnings = all.filter((p) => p.severity === "warning").length;
  const unusable = reports.some((r) => !r.usable);
  const tooManyWarnings = options.maxWarnings !== undefined && warnings > options.maxWarnings;
  const code = unusable ? 2 : errors > 0 || tooManyWarnings ? 1 : 0;
  if (options.format === "json") {
    write(`${JSON.stringify({ files: reports, summary: { errors, warnings, exitCode: code } }, null, 2)}\n`);
    return code;
  }
  if (options.format === "sarif") {
    write(`${JSON.stringify(sarifLog(reports, version), null, 2)}\n`);
    return code;
  }
  if (options.format === "github") {
    for (const p of all) if (!options.quiet || p.severity === "error") write(`${githubAnnotation(p)}\n`);
  } else humanReport(reports, options, out, write);
  const byRule = [...countBy(all.filter((p) => p.severity !== "error")).entries()].sort((a, b) => b[1] - a[1]);
  write(
    `${files.length} catalog(s): ${errors} error(s), ${warnings} warning(s)${byRule.length > 1 ? ` (${byRule.map(([r, n]) => `${r} ${n}`).join(", ")})` : ""}\n`,
  );
  if (tooManyWarnings) write(`${warnings} warning(s) is more than --max-warnings ${options.maxWarnings}\n`);
  return code;
}
