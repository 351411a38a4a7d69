/**
 * Every writer (docs, codegen, init) in an output folder an attacker prepared: a
 * symlink planted where a generated file goes is replaced, never written through; a
 * symlinked folder on the way is refused with OUTPUT_REFUSED; nothing outside the
 * output folder changes.
 */
import assert from "node:assert/strict";
import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { writeInside } from "../../src/docs/outFolder.js";
import { isErrataError } from "../../src/runtime/ErrataError.js";
import { REPO, runCli, tempFiles } from "../helpers.js";

const gitclaw = join(REPO, "examples", "catalogs", "gitclaw.yaml");
const SCRIPT = "#!/bin/sh\necho the real CI step\n";

/** A work folder with a CI script beside the output folder. */
function workspace(): { dir: string; out: string; script: string } {
  const dir = tempFiles({ "ci-step.sh": SCRIPT });
  const out = join(dir, "docs");
  mkdirSync(out);
  return { dir, out, script: join(dir, "ci-step.sh") };
}

test("docs: a symlink planted at a generated file is replaced, and the file it pointed at is untouched", () => {
  const { out, script } = workspace();
  symlinkSync("../ci-step.sh", join(out, "gitclaw.md"));
  mkdirSync(join(out, "gitclaw"));
  symlinkSync("../../ci-step.sh", join(out, "gitclaw", "index.html"));
  const r = runCli(["docs", gitclaw, "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(script, "utf8"), SCRIPT);
  for (const file of ["gitclaw.md", "gitclaw/index.html"]) {
    assert.ok(lstatSync(join(out, file)).isFile(), `${file} is a regular file now`);
  }
  assert.match(readFileSync(join(out, "gitclaw.md"), "utf8"), /^# GitClaw Error Reference/);
});

test("docs: a symlinked folder inside the output folder is refused, with nothing written outside", () => {
  const { dir, out } = workspace();
  const elsewhere = join(dir, "elsewhere");
  mkdirSync(elsewhere);
  symlinkSync(elsewhere, join(out, "gitclaw"));
  const r = runCli(["docs", gitclaw, "--out", out]);
  assert.equal(r.code, 2, r.stdout);
  assert.match(r.stderr, /Refusing to write .*gitclaw: it is a symbolic link/);
  assert.throws(() => lstatSync(join(elsewhere, "index.html")));
});

test("codegen --out: a symlink at the target is replaced, not written through", () => {
  const { dir, script } = workspace();
  const out = join(dir, "gen.ts");
  symlinkSync("ci-step.sh", out);
  const r = runCli(["codegen", gitclaw, "--target", "ts", "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(script, "utf8"), SCRIPT);
  assert.ok(lstatSync(out).isFile());
  assert.match(readFileSync(out, "utf8"), /GitClaw|gitclaw/);
});

test("init: a symlink (even a dangling one) at the target is never written through", () => {
  const { dir, script } = workspace();
  symlinkSync("ci-step.sh", join(dir, "errata.yaml"));
  symlinkSync("missing.sh", join(dir, "dangling.yaml"));
  for (const file of ["errata.yaml", "dangling.yaml"]) {
    const r = runCli(["init", file], { cwd: dir });
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, /already exists/);
  }
  assert.equal(readFileSync(script, "utf8"), SCRIPT);
  assert.throws(() => lstatSync(join(dir, "missing.sh")));
});

test("writeInside refuses names that climb out of the folder", () => {
  const { out, script } = workspace();
  for (const name of ["../ci-step.sh", "a/../../ci-step.sh", "/etc/passwd", "a//b", "a\\..\\b"]) {
    assert.throws(
      () => writeInside(out, name, "pwned"),
      (e: unknown) => isErrataError(e) && e.name === "OUTPUT_REFUSED",
      name,
    );
  }
  writeFileSync(join(out, "ok.txt"), "old");
  writeInside(out, "ok.txt", "new");
  assert.equal(readFileSync(join(out, "ok.txt"), "utf8"), "new");
  assert.equal(readFileSync(script, "utf8"), SCRIPT);
});
