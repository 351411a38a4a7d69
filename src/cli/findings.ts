/**
 * The findings of `errata scan` and `errata verify`, printed the way CI reads them:
 * for a person (errors in full, the first few of each other rule), as JSON, as SARIF
 * 2.1.0, as GitHub workflow annotations, or as JUnit XML. A finding is a Problem whose
 * rule is one of errata's own errors (own/findingRules.ts): its message is that
 * error's, and SARIF describes each rule from errata's own catalog.
 */
import { formatPath, type Problem } from "../catalog/problem.js";
import { errataCatalog } from "../own/documented.js";
import type { FindingsReport } from "../own/finding.js";
import { ruleId } from "../own/findingRules.js";
import { githubAnnotation, humanLine, SARIF_LEVEL, sarifResults, WARNINGS_SHOWN_PER_RULE } from "./lint.js";
import type { Output } from "./output.js";

export const FINDING_FORMATS = ["human", "json", "sarif", "github", "junit"] as const;
export type FindingFormat = (typeof FINDING_FORMATS)[number];

export const exitCodeOf = (report: FindingsReport) =>
  report.unkeptErrors > 0 || report.findings.some((p) => p.severity === "error") ? 1 : 0;

function human(report: FindingsReport, verbose: boolean, out: Output, write: (s: string) => void): void {
  const shown = new Map<string, number>();
  for (const p of report.findings) {
    const n = (shown.get(p.rule) ?? 0) + 1;
    shown.set(p.rule, n);
    if (p.severity === "error" || verbose || n <= WARNINGS_SHOWN_PER_RULE) write(`${humanLine(p, out)}\n`);
  }
  for (const [rule, n] of shown) {
    const errors = report.findings.filter((p) => p.rule === rule && p.severity === "error").length;
    if (!verbose && errors === 0 && n > WARNINGS_SHOWN_PER_RULE)
      write(`${out.style("dim", `… and ${n - WARNINGS_SHOWN_PER_RULE} more ${rule} (--verbose shows them)`)}\n`);
  }
  for (const line of report.summary) write(`${line}\n`);
  if (verbose) for (const line of report.verbose) write(`${line}\n`);
}

/** A SARIF 2.1.0 log: one run, each rule that fired described from errata's own catalog. */
export function findingsSarif(report: FindingsReport, version: string): unknown {
  const ids = [...new Set(report.findings.map((p) => p.rule))].sort();
  const rules = ids.map((id) => {
    const def = errataCatalog.errors.find((e) => ruleId(e.name) === id);
    return {
      id,
      name: def?.name ?? id,
      shortDescription: { text: def?.title ?? id },
      fullDescription: { text: def?.causes.join("; ") || (def?.title ?? id) },
      defaultConfiguration: { level: SARIF_LEVEL[def?.severity === "error" ? "error" : "warning"] },
      helpUri: def?.docsUrl ?? "https://errata.dev/errors/",
    };
  });
  const results = sarifResults(report.findings, ids);
  const driver = { name: `errata ${report.tool}`, version, informationUri: "https://errata.dev", rules };
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver }, results }],
  };
}

/** Text as XML 1.0 allows it in an attribute or element: escaped, without the control characters it forbids. */
function xml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters
      .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/\r/g, "&#13;")
      .replace(/\n/g, "&#10;")
  );
}

/**
 * JUnit XML, as CI systems read it: one test case per finding, a failure for each at
 * error level (warnings and notes pass, their text in system-out), and one passing case
 * when nothing was found, so that the suite is never empty.
 */
export function findingsJunit(report: FindingsReport): string {
  const suite = `errata ${report.tool}`;
  const cases = report.findings.map((p) => {
    const where = [
      p.file && `${p.file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ""}`,
      formatPath(p.path),
    ]
      .filter(Boolean)
      .join(" ");
    const name = xml(`${p.rule}${where ? ` at ${where}` : ""}`);
    const inner =
      p.severity === "error"
        ? `<failure type="${xml(p.rule)}" message="${xml(p.message)}">${xml(p.message)}</failure>`
        : `<system-out>${xml(`${p.severity}: ${p.message}`)}</system-out>`;
    return `    <testcase classname="errata.${report.tool}.${xml(p.rule)}" name="${name}" time="0">${inner}</testcase>`;
  });
  if (cases.length === 0) cases.push(`    <testcase classname="errata.${report.tool}" name="no findings" time="0"/>`);
  const failures = report.findings.filter((p) => p.severity === "error").length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${suite}" ${counts}>`,
    `  <testsuite name="${suite}" ${counts} skipped="0" time="0">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

/** Print a report in a format; returns the exit code: 1 with a finding at error level, else 0. */
export function printFindings(
  report: FindingsReport,
  options: { format: FindingFormat; verbose?: boolean; version: string },
  out: Output,
  write: (s: string) => void,
): number {
  const code = exitCodeOf(report);
  const count = (s: Problem["severity"]) => report.findings.filter((p) => p.severity === s).length;
  const totals = { errors: count("error"), warnings: count("warning"), notes: count("info"), exitCode: code };
  if (options.format === "json") {
    write(`${JSON.stringify({ findings: report.findings, ...report.json, summary: totals }, null, 2)}\n`);
  } else if (options.format === "sarif") {
    write(`${JSON.stringify(findingsSarif(report, options.version), null, 2)}\n`);
  } else if (options.format === "junit") {
    write(findingsJunit(report));
  } else if (options.format === "github") {
    for (const p of report.findings) write(`${githubAnnotation(p)}\n`);
    for (const line of report.summary) write(`${line}\n`);
  } else {
    human(report, options.verbose === true, out, write);
    write(`${totals.errors} error(s), ${totals.warnings} warning(s), ${totals.notes} note(s)\n`);
  }
  return code;
}
