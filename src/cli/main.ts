#!/usr/bin/env node
/**
 * The `errata` command: dispatches verbs, turns every failure into a clear
 * message and an exit code (never a stack trace, unless ERRATA_DEBUG is set).
 */
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { canonicalLocale } from "../catalog/names.js";
import { ownErrors } from "../own/catalog.js";
import { isErrataError } from "../runtime/ErrataError.js";
import { runCodegen, TARGETS, type Target } from "./codegen.js";
import { DIFF_FORMATS, type DiffFormat, runDiff } from "./diff.js";
import { runDocs } from "./docs.js";
import { DEFAULT_CATALOG, runExplain } from "./explain.js";
import { runInit } from "./init.js";
import { LINT_FORMATS, type LintFormat, runLint } from "./lint.js";
import { createOutput, type OutputMode, safeWriter } from "./output.js";
import { runServe } from "./serve.js";

const USAGE = `errata: make an API's errors a contract

Usage:
  errata init [file] [--name <name>]                 (default ./errata.yaml; never overwrites)
  errata lint <catalog...> [--format human|json|sarif|github] [--max-warnings <n>] [--quiet] [--verbose] [--include-root <dir>]
  errata explain <NAME|CODE> [--catalog <file>...] [--locale <tag>]   (default catalog: ./errata.yaml)
  errata docs <catalog...> [--out <dir>]             (default: ./errata-docs)
  errata serve [catalog...] [--port <n>]             (default: ./errata.yaml, port 4000)
  errata diff <old> <new> [--format human|json|markdown|github] [--ignore <file>]   (old or new may be <rev>:<file>)
  errata codegen <catalog> --target ts|python|openapi|json-schema [--out <path>] [--import-from errata]
  errata --help | --version

Exit codes: 0 ok · 1 findings at error level / unknown error / breaking change · 2 unusable input`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

function usage(problem: string): never {
  throw ownErrors.CLI_USAGE({ problem, usage: USAGE });
}

/** Run the CLI with arguments; returns the exit code. */
export function main(
  argv: readonly string[],
  rawWrite = (s: string) => process.stdout.write(s),
  rawWriteErr = (s: string) => process.stderr.write(s),
): number {
  const out = createOutput(process.stdout);
  // Catalog text reaches every output: each is made safe for a terminal and for CI logs.
  let mode: OutputMode = "text";
  const modeOf = (format: unknown): OutputMode =>
    format === "json" || format === "sarif" ? "json" : format === "github" ? "annotations" : "text";
  const write = safeWriter(rawWrite, out.color, () => mode);
  const writeErr = safeWriter(rawWriteErr, createOutput(process.stderr).color, () => "text");
  try {
    const [verb, ...rest] = argv;
    if (verb === undefined || verb === "--help" || verb === "-h" || verb === "help") {
      write(`${USAGE}\n`);
      return verb === undefined ? 2 : 0;
    }
    if (verb === "--version" || verb === "-v") {
      write(`${version()}\n`);
      return 0;
    }
    const parse = <T>(run: () => T): T => {
      try {
        return run();
      } catch (error) {
        return usage((error as Error).message);
      }
    };
    const args = [...rest];
    switch (verb) {
      case "init": {
        const { values, positionals } = parse(() =>
          parseArgs({ args, options: { name: { type: "string" } }, allowPositionals: true }),
        );
        if (positionals.length > 1) usage("init takes at most one file");
        if (values.name !== undefined && !/^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$/.test(values.name))
          usage(`--name must be lower-case words joined by - or _ (billing-api), not "${values.name}"`);
        return runInit(positionals[0] ?? DEFAULT_CATALOG, write, values.name);
      }
      case "lint": {
        const { values, positionals } = parse(() =>
          parseArgs({
            args,
            options: {
              format: { type: "string", default: "human" },
              quiet: { type: "boolean", short: "q" },
              verbose: { type: "boolean" },
              "max-warnings": { type: "string" },
              "include-root": { type: "string" },
            },
            allowPositionals: true,
          }),
        );
        if (positionals.length === 0) usage("lint needs at least one catalog file");
        const format = values.format as LintFormat;
        if (!LINT_FORMATS.includes(format))
          usage(`unknown format "${String(values.format)}": use ${LINT_FORMATS.join(", ")}`);
        mode = modeOf(format);
        const max = values["max-warnings"];
        const maxWarnings = max === undefined ? undefined : Number(max);
        if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0))
          usage(`--max-warnings must be a whole number, not "${max}"`);
        const includeRoot = values["include-root"];
        return runLint(
          positionals,
          {
            format,
            quiet: values.quiet === true,
            verbose: values.verbose === true,
            ...(maxWarnings !== undefined ? { maxWarnings } : {}),
            ...(includeRoot ? { includeRoot } : {}),
          },
          out,
          write,
          version(),
        );
      }
      case "explain": {
        const { values, positionals } = parse(() =>
          parseArgs({
            args,
            options: { catalog: { type: "string", multiple: true, short: "c" }, locale: { type: "string" } },
            allowPositionals: true,
          }),
        );
        if (positionals.length !== 1) usage("explain needs exactly one error name or code");
        if (values.locale !== undefined && canonicalLocale(values.locale) === undefined)
          usage(`--locale must be a BCP 47 language tag such as fr or fr-CA, not "${values.locale}"`);
        return runExplain(positionals[0] as string, values.catalog ?? [], out, write, values.locale);
      }
      case "diff": {
        const { values, positionals } = parse(() =>
          parseArgs({
            args,
            options: { format: { type: "string", default: "human" }, ignore: { type: "string" } },
            allowPositionals: true,
          }),
        );
        if (positionals.length !== 2) usage("diff needs the old and the new catalog");
        const format = values.format as DiffFormat;
        if (!DIFF_FORMATS.includes(format)) usage(`unknown format "${format}": use ${DIFF_FORMATS.join(", ")}`);
        mode = modeOf(format);
        return runDiff(positionals[0] as string, positionals[1] as string, format, write, values.ignore);
      }
      case "codegen": {
        const { values, positionals } = parse(() =>
          parseArgs({
            args,
            options: {
              target: { type: "string", short: "t" },
              out: { type: "string", short: "o" },
              "import-from": { type: "string" },
            },
            allowPositionals: true,
          }),
        );
        if (positionals.length !== 1) usage("codegen needs exactly one catalog file");
        const target = values.target as Target;
        if (!TARGETS.includes(target)) usage(`--target must be one of ${TARGETS.join(", ")}`);
        return runCodegen(positionals[0] as string, target, values.out, values["import-from"], write);
      }
      case "docs": {
        const { values, positionals } = parse(() =>
          parseArgs({ args, options: { out: { type: "string", short: "o" } }, allowPositionals: true }),
        );
        if (positionals.length === 0) usage("docs needs at least one catalog file");
        return runDocs(positionals, values.out ?? "errata-docs", write);
      }
      case "serve": {
        const { values, positionals } = parse(() =>
          parseArgs({ args, options: { port: { type: "string", short: "p" } }, allowPositionals: true }),
        );
        const port = Number(values.port ?? "4000");
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          usage(`--port must be 0 to 65535, not "${values.port}"`);
        const files = positionals.length > 0 ? positionals : [DEFAULT_CATALOG];
        runServe(files, port, write).catch((error: unknown) => {
          writeErr(`errata: ${isErrataError(error) || error instanceof Error ? error.message : String(error)}\n`);
          process.exitCode = 2;
        });
        return 0;
      }
      default:
        return usage(`unknown command "${verb}"`);
    }
  } catch (error) {
    if (isErrataError(error)) {
      writeErr(`errata: ${error.message}\n`);
      if (error.name === "CLI_USAGE") writeErr(`\n${USAGE}\n`);
      return 2;
    }
    writeErr(
      `errata: internal error: ${error instanceof Error ? error.message : String(error)} (a bug in errata; run with ERRATA_DEBUG=1 for details)\n`,
    );
    if (process.env.ERRATA_DEBUG) writeErr(`${error instanceof Error ? error.stack : ""}\n`);
    return 70;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = main(process.argv.slice(2));
}
