/**
 * The site's writer thread: every file arrives whole; a failure in the writer comes
 * back as the same typed error; a failure in the maker ends the thread (no hang).
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { writeSiteInThread } from "../../src/cli/siteWriter.js";
import { isErrataError } from "../../src/runtime/ErrataError.js";
import { tempFiles } from "../helpers.js";

test("3,000 files of 2 KB (more than a batch) are all written, each whole", async () => {
  const out = join(tempFiles({}), "site");
  const files = function* () {
    for (let i = 0; i < 3000; i++) yield [`p${i % 50}/f${i}.html`, `${i}:${"x".repeat(2048)}`] as const;
  };
  assert.equal(await writeSiteInThread(out, files()), 3000);
  for (const i of [0, 1499, 2999])
    assert.equal(readFileSync(join(out, `p${i % 50}`, `f${i}.html`), "utf8").split(":")[0], String(i));
});

test("pages larger than a batch, empty pages and text beyond ASCII arrive byte for byte", async () => {
  const out = join(tempFiles({}), "site");
  const big = `<p>${"é€😀".repeat(400_000)}</p>`; // 3.6 MB of UTF-8, more than a batch's buffer
  const pages: [string, string][] = [
    ["a.html", "first"],
    ["big/index.html", big],
    ["empty.html", ""],
    ["z/last.html", "ünïcødé"],
  ];
  assert.equal(await writeSiteInThread(out, pages), 4);
  for (const [path, content] of pages) assert.equal(readFileSync(join(out, path), "utf8"), content, path);
});

test("a symlinked folder refused by the writer is thrown here as OUTPUT_REFUSED, and the making stops", async () => {
  const dir = tempFiles({});
  const out = join(dir, "site");
  mkdirSync(out);
  mkdirSync(join(dir, "elsewhere"));
  symlinkSync(join(dir, "elsewhere"), join(out, "trap"));
  let made = 0;
  const files = function* () {
    for (let i = 0; i < 100_000; i++) {
      made++;
      yield [`trap/f${i}.html`, "x".repeat(4096)] as const;
    }
  };
  await assert.rejects(writeSiteInThread(out, files()), (e) => isErrataError(e) && e.name === "OUTPUT_REFUSED");
  assert.ok(made < 100_000, `stopped early (${made} made)`);
});

test("an error while making the pages ends the writer and is thrown as it was", async () => {
  const out = join(tempFiles({}), "site");
  const files = function* (): Generator<readonly [string, string]> {
    yield ["a.html", "a"];
    throw new Error("the maker failed");
  };
  await assert.rejects(writeSiteInThread(out, files()), /the maker failed/);
});
