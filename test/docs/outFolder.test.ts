/**
 * OutputFolder.writeParts: small text parts are joined before they are written, and
 * the file holds exactly the parts in order, whatever mix of sizes and bytes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { OutputFolder } from "../../src/docs/outFolder.js";
import { tempFiles } from "../helpers.js";

/** A part as its size: text of that many characters (two UTF-8 bytes each), or bytes when negative. */
const size = fc.constantFrom(0, 1, 40, 2_000, 140_000, 300_000, -1, -5_000);

function partOf(n: number, i: number): string | Uint8Array {
  const mark = String.fromCharCode(0xc0 + (i % 60));
  return n >= 0 ? mark.repeat(n) : new TextEncoder().encode(mark.repeat(-n));
}

test("a file written in parts is the parts in order (text joined in 256 KB runs, bytes as they are)", () => {
  const dir = join(tempFiles({}), "out");
  const out = new OutputFolder(dir);
  let n = 0;
  fc.assert(
    fc.property(fc.array(size, { maxLength: 12 }), (sizes) => {
      const name = `f${n++}.md`;
      const parts = sizes.map(partOf);
      out.writeParts(name, parts);
      const expected = Buffer.concat(parts.map((p) => Buffer.from(p)));
      // A short message: the sizes say which sequence failed.
      return readFileSync(join(dir, name)).equals(expected);
    }),
    { numRuns: 80 },
  );
});
