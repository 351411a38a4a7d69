/**
 * The CLI's verbs: each reads its arguments (node:util's parseArgs), checks them, and
 * runs its command. An argument that does not parse or check is CLI_USAGE.
 */
import { parseArgs } from "node:util";
import { canonicalLocale } from "../catalog/names.js";
import { isErrataError } from "../runtime/ErrataError.js";
import { runScan, runVerify } from "./checks.js";
import { runCodegen, TARGETS, type Target } from "./codegen.js";
import { DIFF_FORMATS, type DiffFormat, runDiff } from "./diff.js";
import { runDocs } from "./docs.js";
import { DEFAULT_CATALOG, runExplain } from "./explain.js";
import { FINDING_FORMATS, type FindingFormat } from "./findings.js";
import { runImport } from "./import.js";
import { runInit } from "./init.js";
import { LINT_FORMATS, type LintFormat, runLint } from "./lint.js";
import type { Output, OutputMode } from "./output.js";
import { runServe } from "./serve.js";

/** What a verb prints through, and how it says what kind of output it writes. */
export interface Io {
  readonly out: Output;
  readonly write: (s: string) => void;
  readonly writeErr: (s: string) => void;
  readonly setMode: (mode: OutputMode) => void;
  readonly usage: (problem: string) => never;
  readonly version: () => string;
}

/** The output mode of a --format. */
const modeOf = (format: unknown): OutputMode =>
  format === "json" || format === "sarif" || format === "junit" ? "json" : format === "github" ? "annotations" : "text";

/** parseArgs, its errors as CLI_USAGE. */
function parse<T>(io: Io, run: () => T): T {
  try {
    return run();
  } catch (error) {
    return io.usage((error as Error).message);
  }
}

function initVerb(args: string[], io: Io): number {
  const { values, positionals } = parse(io, () =>
    parseArgs({ args, options: { name: { type: "string" } }, allowPositionals: true }),
  );
  if (positionals.length > 1) io.usage("init takes at most one file");
  if (values.name !== undefined && !/^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$/.test(values.name))
    io.usage(`--name must be lower-case words joined by - or _ (billing-api), not "${values.name}"`);
  return runInit(positionals[0] ?? DEFAULT_CATALOG, io.write, values.name);
}

function lintVerb(args: string[], io: Io): number {
  const { values, positionals } = parse(io, () =>
    parseArgs({
      args,
      options: {
        format: { type: "string", default: "human" },
        quiet: { type: "boolean", short: "q" },
        verbose: { type: "boolean" },
        "max-warnings": { type: "string" },
        "include-root": { type: "string" },
        "max-bytes": { type: "string" },
      },
      allowPositionals: true,
    }),
  );
  if (positionals.length === 0) io.usage("lint needs at least one catalog file");
  const format = values.format as LintFormat;
  if (!LINT_FORMATS.includes(format))
    io.usage(`unknown format "${String(values.format)}": use ${LINT_FORMATS.join(", ")}`);
  io.setMode(modeOf(format));
  const max = values["max-warnings"];
  const maxWarnings = max === undefined ? undefined : Number(max);
  if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0))
    io.usage(`--max-warnings must be a whole number, not "${max}"`);
  const includeRoot = values["include-root"];
  const maxBytes = values["max-bytes"] === undefined ? undefined : Number(values["max-bytes"]);
  if (maxBytes !== undefined && (!Number.isSafeInteger(maxBytes) || maxBytes < 1))
    io.usage(`--max-bytes must be a whole number of bytes, not "${values["max-bytes"]}"`);
  return runLint(
    positionals,
    {
      format,
      quiet: values.quiet === true,
      verbose: values.verbose === true,
      ...(maxWarnings !== undefined ? { maxWarnings } : {}),
      ...(includeRoot ? { includeRoot } : {}),
      ...(maxBytes !== undefined ? { maxBytes } : {}),
    },
    io.out,
    io.write,
    io.version(),
  );
}

function explainVerb(args: string[], io: Io): number {
  const { values, positionals } = parse(io, () =>
    parseArgs({
      args,
      options: { catalog: { type: "string", multiple: true, short: "c" }, locale: { type: "string" } },
      allowPositionals: true,
    }),
  );
  if (positionals.length !== 1) io.usage("explain needs exactly one error name or code");
  if (values.locale !== undefined && canonicalLocale(values.locale) === undefined)
    io.usage(`--locale must be a BCP 47 language tag such as fr or fr-CA, not "${values.locale}"`);
  return runExplain(positionals[0] as string, values.catalog ?? [], io.out, io.write, values.locale);
}

function diffVerb(args: string[], io: Io): number {
  const { values, positionals } = parse(io, () =>
    parseArgs({
      args,
      options: { format: { type: "string", default: "human" }, ignore: { type: "string" } },
      allowPositionals: true,
    }),
  );
  if (positionals.length !== 2) io.usage("diff needs the old and the new catalog");
  const format = values.format as DiffFormat;
  if (!DIFF_FORMATS.includes(format)) io.usage(`unknown format "${format}": use ${DIFF_FORMATS.join(", ")}`);
  io.setMode(modeOf(format));
  return runDiff(positionals[0] as string, positionals[1] as string, format, io.write, values.ignore);
}

function codegenVerb(args: string[], io: Io): number {
  const { values, positionals } = parse(io, () =>
    parseArgs({
      args,
      options: {
        target: { type: "string", short: "t" },
        out: { type: "string", short: "o" },
        "import-from": { type: "string" },
        merge: { type: "string" },
      },
      allowPositionals: true,
    }),
  );
  if (positionals.length !== 1) io.usage("codegen needs exactly one catalog file");
  const target = values.target as Target;
  if (!TARGETS.includes(target)) io.usage(`--target must be one of ${TARGETS.join(", ")}`);
  if (values.merge !== undefined && target !== "openapi")
    io.usage("--merge takes an OpenAPI document: use it with --target openapi");
  const options = { out: values.out, importFrom: values["import-from"], merge: values.merge };
  return runCodegen(positionals[0] as string, target, options, io.write, io.writeErr);
}

function docsVerb(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(io, () =>
    parseArgs({ args, options: { out: { type: "string", short: "o" } }, allowPositionals: true }),
  );
  if (positionals.length === 0) io.usage("docs needs at least one catalog file");
  return runDocs(positionals, values.out ?? "errata-docs", io.write);
}

function serveVerb(args: string[], io: Io): number {
  const { values, positionals } = parse(io, () =>
    parseArgs({ args, options: { port: { type: "string", short: "p" } }, allowPositionals: true }),
  );
  const port = Number(values.port ?? "4000");
  if (!Number.isInteger(port) || port < 0 || port > 65535) io.usage(`--port must be 0 to 65535, not "${values.port}"`);
  const files = positionals.length > 0 ? positionals : [DEFAULT_CATALOG];
  runServe(files, port, io.write).catch((error: unknown) => {
    io.writeErr(`errata: ${isErrataError(error) || error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
  return 0;
}

function importVerb(args: string[], io: Io): number {
  const { values, positionals } = parse(io, () =>
    parseArgs({ args, options: { out: { type: "string", short: "o" } }, allowPositionals: true }),
  );
  if (positionals[0] !== "openapi" || positionals.length !== 2) io.usage("import takes: openapi <spec>");
  return runImport(positionals[1] as string, values.out, io.write, io.writeErr);
}

/** The options scan and verify share: catalogs, a findings format, --coverage and --verbose. */
const FINDING_OPTIONS = {
  catalog: { type: "string", multiple: true, short: "c" },
  format: { type: "string", default: "human" },
  coverage: { type: "boolean" },
  verbose: { type: "boolean" },
} as const;

/** The checked shared options of scan and verify. */
function findingOptions(
  io: Io,
  values: { catalog?: string[]; format?: string; coverage?: boolean; verbose?: boolean },
) {
  const format = values.format ?? "human";
  if (!(FINDING_FORMATS as readonly string[]).includes(format))
    io.usage(`--format must be one of ${FINDING_FORMATS.join(", ")}, not "${format}"`);
  io.setMode(modeOf(format));
  return {
    catalogs: values.catalog?.length ? values.catalog : [DEFAULT_CATALOG],
    format: format as FindingFormat,
    coverage: values.coverage === true,
    verbose: values.verbose === true,
    version: io.version(),
  };
}

function scanVerb(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(io, () =>
    parseArgs({ args, options: FINDING_OPTIONS, allowPositionals: true }),
  );
  if (positionals.length === 0) io.usage("scan needs at least one source folder or file");
  return runScan(positionals, findingOptions(io, values), io.out, io.write);
}

function verifyVerb(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(io, () =>
    parseArgs({ args, options: FINDING_OPTIONS, allowPositionals: true }),
  );
  if (positionals.length === 0) io.usage("verify needs at least one traffic file (HAR or NDJSON log)");
  return runVerify(positionals, findingOptions(io, values), io.out, io.write);
}

/** The verbs, by name. */
export const VERBS: Readonly<Record<string, (args: string[], io: Io) => number | Promise<number>>> = {
  init: initVerb,
  lint: lintVerb,
  explain: explainVerb,
  diff: diffVerb,
  codegen: codegenVerb,
  docs: docsVerb,
  serve: serveVerb,
  import: importVerb,
  scan: scanVerb,
  verify: verifyVerb,
};
