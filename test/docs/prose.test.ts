/** Catalog prose: the plain-line fast road renders exactly what markdown-it renders. */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import MarkdownIt from "markdown-it";
import { parsedProseMarkdown, proseHtml, proseMarkdown } from "../../src/docs/prose.js";

const reference = new MarkdownIt({ html: false, linkify: false, typographer: false });

test("any one line renders as markdown-it renders it (headings aside, which prose moves down)", () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 })), (s) => {
      const line = s.replace(/[\r\n]/g, " ");
      const expected = reference.render(line);
      if (/<h[1-6]/.test(expected)) return;
      // A link to another scheme than http(s) is where prose differs on purpose: it stays text.
      if (/href="(?!https?:)[a-z][a-z0-9+.-]*:/i.test(expected)) {
        assert.doesNotMatch(proseHtml(line), /<a /);
        return;
      }
      assert.equal(proseHtml(line), expected);
    }),
    { numRuns: 5000 },
  );
  assert.equal(proseMarkdown("Cause A of error 1", 5), "Cause A of error 1");
});

test("table alignment is a class, not an inline style the site's Content-Security-Policy would refuse", () => {
  const out = proseHtml("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |");
  assert.doesNotMatch(out, /style=/);
  assert.match(
    out,
    /<th class="align-left">a<\/th>\n<th class="align-center">b<\/th>\n<th class="align-right">c<\/th>/,
  );
  assert.match(out, /<td class="align-right">3<\/td>/);
});

test("the Markdown reference's unparsed road gives what the parser's road gives, for any prose", () => {
  // Prose built of the characters that make Markdown structure, lines of them joined.
  const piece = fc.constantFrom(
    ..."#=-*+>< \t\n\r]([):`_|.1aZ~&\\!",
    "**b**",
    "- ",
    "1. ",
    "> ",
    "---",
    "===",
    "](",
    "]:",
    "    ",
  );
  const prose = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(""));
  fc.assert(
    fc.property(prose, fc.integer({ min: 1, max: 6 }), (text, top) => {
      assert.equal(proseMarkdown(text, top), parsedProseMarkdown(text, top));
    }),
    { numRuns: 20_000 },
  );
});
