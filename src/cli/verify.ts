/** `errata verify <traffic...>`: recorded traffic (HAR, NDJSON logs) against the catalogs, in any findings format. */
import { loadCatalog } from "../sources/load.js";
import { verifyTraffic } from "../verify/index.js";
import { printFindings } from "./findings.js";
import type { Output } from "./output.js";
import type { FindingCliOptions } from "./scan.js";

/** Run verify; resolves to the exit code (0 clean, 1 a finding at error level; unusable input throws, exit 2). */
export async function runVerify(
  files: readonly string[],
  options: FindingCliOptions,
  out: Output,
  write: (s: string) => void,
): Promise<number> {
  const catalogs = options.catalogs.map((f) => loadCatalog(f));
  const report = await verifyTraffic(files, catalogs, { coverage: options.coverage });
  return printFindings(report, options, out, write);
}
