/** `errata scan <path...>` and `errata verify <traffic...>`: the code and the traffic against the catalogs, in any findings format. */
import type { Catalog } from "../catalog/model.js";
import type { FindingsReport } from "../own/finding.js";
import { scanSources } from "../scan/index.js";
import { loadCatalog } from "../sources/load.js";
import { verifyTraffic } from "../verify/index.js";
import { type FindingFormat, printFindings } from "./findings.js";
import type { Output } from "./output.js";

export interface FindingCliOptions {
  readonly catalogs: readonly string[];
  readonly format: FindingFormat;
  readonly coverage: boolean;
  readonly verbose: boolean;
  readonly version: string;
}

type Check = (
  inputs: readonly string[],
  catalogs: readonly Catalog[],
  options: { coverage: boolean },
) => Promise<FindingsReport>;

/** Run a check over its inputs; resolves to the exit code (0 clean, 1 a finding at error level; unusable input throws, exit 2). */
async function runCheck(
  check: Check,
  inputs: readonly string[],
  options: FindingCliOptions,
  out: Output,
  write: (s: string) => void,
): Promise<number> {
  const catalogs = options.catalogs.map((f) => loadCatalog(f));
  return printFindings(await check(inputs, catalogs, { coverage: options.coverage }), options, out, write);
}

export const runScan = (
  paths: readonly string[],
  options: FindingCliOptions,
  out: Output,
  write: (s: string) => void,
) => runCheck(scanSources, paths, options, out, write);

export const runVerify = (
  files: readonly string[],
  options: FindingCliOptions,
  out: Output,
  write: (s: string) => void,
) => runCheck(verifyTraffic, files, options, out, write);
