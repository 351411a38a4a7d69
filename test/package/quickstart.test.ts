/**
 * The README's quick start, exactly as written, the way a new user runs it: errata
 * packed by `npm pack`, installed from the tarball into an empty project in the
 * system's temporary folder (outside this repository), each `npx errata` command of
 * the quick-start block run there, then its server-and-client snippet.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { REPO } from "../helpers.js";

const readme = readFileSync(join(REPO, "README.md"), "utf8");
const section = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("## A catalog"));
const commands = (/```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "")
  .split("\n")
  .map((line) => line.replace(/\s+#.*$/, "").trim())
  .filter(Boolean);
const snippet = /```js\n([\s\S]*?)```/.exec(section)?.[1] ?? "";

test("the README's quick start runs as written, from npm pack's tarball, with npx", { timeout: 300_000 }, () => {
  assert.equal(commands.length, 4, "the quick start shows init, lint, explain and docs");
  assert.ok(commands.every((c) => c.startsWith("npx errata ")));
  const work = mkdtempSync(join(tmpdir(), "errata-quickstart-"));
  execFileSync("npm", ["run", "build", "--silent"], { cwd: REPO, stdio: "pipe" });
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: REPO, encoding: "utf8" })
    .trim()
    .split("\n")
    .at(-1) as string;
  const project = join(work, "my-api");
  execFileSync("mkdir", [project]);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "my-api", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", join(work, packed)], {
    cwd: project,
    stdio: "pipe",
  });
  for (const command of commands) {
    const [npx, ...args] = command.split(/\s+/);
    const r = spawnSync(npx as string, args, {
      cwd: project,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    assert.equal(r.status, 0, `${command}\n${r.stdout}\n${r.stderr}`);
    if (args[1] === "init") assert.match(r.stdout, /Next: .*\n {2}npx errata lint errata\.yaml/);
    if (args[1] === "lint") assert.match(r.stdout, /0 error\(s\), 0 warning\(s\)/);
    if (args[1] === "explain") assert.match(r.stdout, /ORDER_NOT_FOUND/);
  }
  assert.ok(existsSync(join(project, "errata-docs", "index.html")));
  writeFileSync(join(project, "quickstart.mjs"), snippet);
  const run = spawnSync(process.execPath, ["quickstart.mjs"], { cwd: project, encoding: "utf8", timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, "ORDER_NOT_FOUND 404 ord_42\n");
});
