/** `errata scan <path...>`: the code against the catalogs, in any findings format. */
import { scanSources } from "../scan/index.js";
import { loadCatalog } from "../sources/load.js";
import { type FindingFormat, printFindings } from "./findings.js";
import type { Output } from "./output.js";

export interface FindingCliOptions {
  readonly catalogs: readonly string[];
  readonly format: FindingFormat;
  readonly coverage: boolean;
  readonly verbose: boolean;
  readonly version: string;
}

/** Run scan; resolves to the exit code (0 clean, 1 a finding at error level; unusable input throws, exit 2). */
export async function runScan(
  paths: readonly string[],
  options: FindingCliOptions,
  out: Output,
  write: (s: string) => void,
): Promise<number> {
  const catalogs = options.catalogs.map((f) => loadCatalog(f));
  const report = await scanSources(paths, catalogs, { coverage: options.coverage });
  return printFindings(report, options, out, write);
}
