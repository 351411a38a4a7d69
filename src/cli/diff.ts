/** `errata diff <old> <new>`: the contract changes between two versions of a catalog. */
import { loadCatalog } from "../catalog/load.js";
import { diffCatalogs } from "../diff/diff.js";
import { humanReport, jsonReport, markdownReport } from "../diff/report.js";

export type DiffFormat = "human" | "json" | "markdown";

/** Print the diff; exit 1 when anything breaks or the version bump is too small. */
export function runDiff(oldFile: string, newFile: string, format: DiffFormat, write: (s: string) => void): number {
  const diff = diffCatalogs(loadCatalog(oldFile), loadCatalog(newFile));
  write(format === "json" ? jsonReport(diff) : format === "markdown" ? markdownReport(diff) : humanReport(diff));
  return diff.breaking || !diff.versionOk ? 1 : 0;
}
