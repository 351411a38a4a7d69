/**
 * Catalog text printed by the CLI, from a hostile catalog: escape sequences that
 * write the clipboard (OSC 52), spoof links (OSC 8) or clear the screen, carriage
 * returns, C1 controls, bidirectional overrides, and lines that a CI runner would
 * read as workflow commands. None reaches the output of explain, lint (human,
 * github, JSON, SARIF) or diff; JSON keeps every character, escaped.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { jsonSafe, terminalSafe } from "../../src/cli/output.js";
import { runCli, tempFiles } from "../helpers.js";

const NASTY = [
  "\\e]52;c;ZXZpbA==\\a",
  "\\e]8;;https://evil.example\\e\\\\click\\e]8;;\\e\\\\",
  "\\e[2J\\e[H",
  "\\r",
  "\\x9b31m",
  "\\u202eevil",
  "\\n::error file=x::pwned\\n::add-mask::secret\\n  ::warning::indented\\n##[error]legacy",
].join(" ");

const catalog = (title: string) => `name: hostile
version: 1.0.0
title: "${title}"
errors:
  BAD_THING:
    category: validation
    title: "Bad ${NASTY}"
    description: "It broke. ${NASTY}"
    message: "Bad thing"
    causes: ["A cause ${NASTY}"]
    solutions: ["A solution ${NASTY}"]
    missing_field_to_make_lint_report: "${NASTY}"
`;

/** What no text output may hold: an ESC, a C0 control but tab and newline, C1, bidi overrides. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
const COMMAND_LINE = /^\s*(::|##\[)/m;

const valid = (text: string) => text.replace(/\n {4}missing_field_to_make_lint_report:.*\n/, "\n");

function files(): { dir: string; file: string } {
  const dir = tempFiles({
    "bad.yaml": catalog(`Hostile ${NASTY}`),
    "good.yaml": valid(catalog(`Hostile ${NASTY}`)),
  });
  return { dir, file: join(dir, "good.yaml") };
}

test("explain prints catalog text without controls or workflow commands", () => {
  const { file } = files();
  const r = runCli(["explain", "BAD_THING", "--catalog", file], { env: { FORCE_COLOR: "1" } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /It broke\./);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  const uncoloured = r.stdout.replace(/\x1b\[[0-9;]*m/g, "");
  assert.doesNotMatch(uncoloured, CONTROL);
  assert.doesNotMatch(r.stdout, COMMAND_LINE);
});

test("lint: human and github output carry no controls, and github's only commands are errata's own", () => {
  const { dir } = files();
  const human = runCli(["lint", join(dir, "bad.yaml")]);
  assert.notEqual(human.code, 0);
  assert.doesNotMatch(human.stdout + human.stderr, CONTROL);
  assert.doesNotMatch(human.stdout, COMMAND_LINE);
  const github = runCli(["lint", "--format", "github", join(dir, "bad.yaml")]);
  assert.doesNotMatch(github.stdout, CONTROL);
  for (const line of github.stdout.split("\n").filter((l) => /^\s*(::|##\[)/.test(l)))
    assert.match(line, /^::(error|warning) title=errata /, line);
});

test("lint SARIF and diff JSON keep every character, escaped", () => {
  const { dir, file } = files();
  const sarif = runCli(["lint", "--format", "sarif", join(dir, "bad.yaml")]);
  assert.doesNotMatch(sarif.stdout, CONTROL);
  assert.ok(JSON.parse(sarif.stdout));
  const changed = join(tempFiles({ "new.yaml": valid(catalog("Other \\u202eevil")) }), "new.yaml");
  const diff = runCli(["diff", "--format", "json", file, changed]);
  assert.doesNotMatch(diff.stdout, CONTROL);
  assert.ok(diff.stdout.includes("\\u202eevil"), `escaped, not dropped: ${diff.stderr}`);
  assert.ok(JSON.stringify(JSON.parse(diff.stdout)).includes("\u202eevil"), "the value itself is intact");
});

test("diff prints catalog text without controls or workflow commands", () => {
  const { dir, file } = files();
  const r = runCli(["diff", file, join(dir, "bad.yaml")]);
  assert.doesNotMatch(r.stdout + r.stderr, CONTROL);
  assert.doesNotMatch(r.stdout, COMMAND_LINE);
});

test("terminalSafe and jsonSafe, unit by unit", () => {
  assert.equal(terminalSafe("a\x1b]52;c;ZXZpbA==\x07b"), "ab");
  assert.equal(terminalSafe("\x1b]8;;https://e\x1b\\t\x1b]8;;\x1b\\"), "t");
  assert.equal(terminalSafe("x\x1b[2J\x1b[Hy\rz"), "xyz");
  assert.equal(terminalSafe("\x1b[31mred\x1b[39m", { color: true }), "\x1b[31mred\x1b[39m");
  assert.equal(terminalSafe("\x1b[31mred\x1b[39m"), "red");
  assert.equal(terminalSafe("ok\n::error::x\n  ::add-mask::y"), "ok\n:\u200b:error::x\n  :\u200b:add-mask::y");
  assert.equal(terminalSafe("::error::x", { commands: true }), "::error::x");
  assert.equal(terminalSafe("tab\tkept\n"), "tab\tkept\n");
  assert.equal(jsonSafe('"\u009b\u202e"'), '"\\u009b\\u202e"');
  assert.deepEqual(JSON.parse(jsonSafe(JSON.stringify({ v: "\u009b\u202e\x7f" }))), { v: "\u009b\u202e\x7f" });
});
