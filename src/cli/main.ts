#!/usr/bin/env node
/**
 * The `errata` command: dispatches verbs, turns every failure into a clear
 * message and an exit code (never a stack trace, unless ERRATA_DEBUG is set).
 */
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ownErrors } from "../own/catalog.js";
import { isErrataError } from "../runtime/ErrataError.js";
import { boundHeapGrowth } from "./heap.js";
import { createOutput, type OutputMode, safeWriter } from "./output.js";
import { VERBS } from "./verbs.js";

const USAGE = `errata: make an API's errors a contract

Usage:
  errata init [file] [--name <name>]                 (default ./errata.yaml; never overwrites)
  errata lint <catalog...> [--format human|json|sarif|github] [--max-warnings <n>] [--quiet] [--verbose] [--include-root <dir>] [--max-bytes <n>]
  errata explain <NAME|CODE> [--catalog <file>...] [--locale <tag>]   (default catalog: ./errata.yaml)
  errata docs <catalog...> [--out <dir>]             (default: ./errata-docs)
  errata serve [catalog...] [--port <n>]             (default: ./errata.yaml, port 4000)
  errata diff <old> <new> [--format human|json|markdown|github] [--ignore <file>]   (old or new may be <rev>:<file>)
  errata codegen <catalog> --target ts|python|openapi|json-schema|grpc-service-config [--out <path>] [--import-from errata] [--merge <openapi>]
  errata import openapi <openapi.yaml|json> [--out <catalog.yaml>]
  errata scan <path...> [--catalog <file>...] [--format human|json|sarif|github|junit] [--coverage] [--verbose]
  errata verify <traffic.har|log.ndjson...> [--catalog <file>...] [--format human|json|sarif|github|junit] [--coverage] [--verbose]
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

/** Run the CLI with arguments; returns the exit code (a promise of it for the verbs that stream). */
export function main(
  argv: readonly string[],
  rawWrite = (s: string) => process.stdout.write(s),
  rawWriteErr = (s: string) => process.stderr.write(s),
): number | Promise<number> {
  const out = createOutput(process.stdout);
  // Catalog text reaches every output: each is made safe for a terminal and for CI logs.
  let mode: OutputMode = "text";
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
    const run = Object.hasOwn(VERBS, verb) ? VERBS[verb] : undefined;
    if (!run) return usage(`unknown command "${verb}"`);
    const code = run([...rest], {
      out,
      write,
      writeErr,
      setMode: (m: OutputMode) => {
        mode = m;
      },
      usage,
      version,
    });
    // scan and verify read files as streams: their failures arrive later, and end the same way.
    return typeof code === "number" ? code : code.catch((error: unknown) => failed(error, writeErr));
  } catch (error) {
    return failed(error, writeErr);
  }
}

/** The exit code of a failure, said on stderr: 2 for errata's own errors (unusable input), 70 for a bug. */
function failed(error: unknown, writeErr: (s: string) => void): number {
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
  boundHeapGrowth();
  const code = main(process.argv.slice(2));
  if (typeof code === "number") process.exitCode = code;
  else
    void code.then((c) => {
      process.exitCode = c;
    });
}
