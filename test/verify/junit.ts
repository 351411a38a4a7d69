/**
 * JUnit XML read by consumers errata did not write: xmllint validates it against the
 * JUnit schema of Jenkins' xUnit plugin (test/fixtures/junit), and Debian's
 * python3-junitparser reads its counts back. Without them the test skips locally and
 * fails under CI (.ci/run installs libxml2-utils and python3-junitparser).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "../helpers.js";

const PYTHON = "/usr/bin/python3";

/** Why the JUnit consumers are not there, or undefined when they are. */
export function junitSkip(): string | undefined {
  const xmllint = spawnSync("xmllint", ["--version"]).status === 0;
  const parser = spawnSync(PYTHON, ["-c", "import junitparser"]).status === 0;
  if (xmllint && parser) return undefined;
  const missing = "xmllint and Debian's python3-junitparser (apt-get install libxml2-utils python3-junitparser)";
  if (process.env.CI) throw new Error(`the JUnit check needs ${missing}`);
  return `JUnit check skipped: it needs ${missing}; .ci/run installs them`;
}

/** Validate JUnit XML against the xUnit plugin's schema and read it with junitparser: its tests and failures. */
export function readJunit(xml: string): { tests: number; failures: number; names: string[] } {
  const file = join(mkdtempSync(join(tmpdir(), "errata-junit-")), "report.xml");
  writeFileSync(file, xml);
  const xsd = join(REPO, "test", "fixtures", "junit", "junit-10.xsd");
  const lint = spawnSync("xmllint", ["--noout", "--schema", xsd, file], { encoding: "utf8" });
  assert.equal(lint.status, 0, lint.stderr);
  const script = [
    "import json, sys",
    "from junitparser import JUnitXml, Failure",
    "xml = JUnitXml.fromfile(sys.argv[1])",
    "cases = [c for s in xml for c in s]",
    "failures = sum(1 for c in cases for r in c.result if isinstance(r, Failure))",
    "print(json.dumps({'tests': len(cases), 'failures': failures, 'names': [c.name for c in cases]}))",
  ].join("\n");
  const read = spawnSync(PYTHON, ["-c", script, file], { encoding: "utf8" });
  assert.equal(read.status, 0, read.stderr);
  return JSON.parse(read.stdout) as { tests: number; failures: number; names: string[] };
}
