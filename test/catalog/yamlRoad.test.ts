/**
 * The road a catalog's YAML takes: every anchor, alias and tag, wherever a YAML
 * scanner sees one, sends it to yaml's Document (alias expansion bounded); Markdown's
 * asterisks in descriptions do not. Checked against yaml's own lexer on generated
 * documents, so that no alias can slip onto the fast road.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import jsyaml from "js-yaml";
import { Lexer } from "yaml";
import { needsDocument } from "../../src/catalog/yamlRoad.js";

test("anchors, aliases and tags in every position a scanner reads them take the Document", () => {
  const needing = [
    "base: &base { a: 1 }\nother: *base",
    "list:\n  - *item",
    "- &a x\n- *a",
    "? *key\n: value",
    "<<: *defaults",
    "errors: [*a, *b]",
    "errors: [\n  x, *b\n]",
    "errors: {a: 1, b: *c}",
    "value: !!str 5",
    "value: !custom x",
    "*alias : value",
    "key:   *alias",
    "- - *deep",
  ];
  for (const text of needing) assert.equal(needsDocument(text), true, text);
});

test("Markdown in descriptions keeps the fast road: bold, lists, tables, in block and plain scalars", () => {
  const fast = [
    "description: Use **bold** and *emphasis* here",
    "description: |\n  **Warning**: a list\n  * one\n  * two\n  | a | b |\n  |---|---|\n  | *x* | **y** |\nmessage: ok",
    'errors:\n  X:\n    description: >-\n      *emphasis* first\n      &amp; entity !important\n    message: "*quoted*"',
    "message: 'it''s *fine*'",
    "solutions:\n  - Retry with **backoff**\n  - See the *docs*",
    "description: a, *b* and c",
  ];
  for (const text of fast) assert.equal(needsDocument(text), false, text);
});

/** Whether yaml's lexer finds an anchor, alias or tag token in the text. */
function lexerSees(text: string): boolean {
  for (const token of new Lexer().lex(text)) if (/^[&*!]/.test(token) && token.length > 1) return true;
  return false;
}

/** Whether js-yaml, the fast road, would take the text at all (what it refuses goes to the Document anyway). */
function fastRoadTakes(text: string): boolean {
  try {
    jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
    return true;
  } catch {
    return false;
  }
}

test("never a false negative: wherever yaml's lexer finds an anchor, alias or tag in a text js-yaml reads, so does the road check", () => {
  const word = fc.stringMatching(/^[a-z]{1,6}$/);
  const scalar = fc.oneof(
    word,
    word.map((w) => `**${w}**`),
    word.map((w) => `*${w}`),
    word.map((w) => `&${w}`),
    word.map((w) => `!${w}`),
    word.map((w) => `"*${w}"`),
  );
  const line = fc.oneof(
    fc.tuple(word, scalar).map(([k, v]) => `${k}: ${v}`),
    scalar.map((v) => `- ${v}`),
    fc.tuple(word, fc.array(scalar, { maxLength: 3 })).map(([k, vs]) => `${k}: [${vs.join(", ")}]`),
    fc.tuple(word, scalar).map(([k, v]) => `${k}: |\n  ${v} text ${v}`),
    scalar.map((v) => `  ${v} continued`),
  );
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
      const text = lines.join("\n");
      if (lexerSees(text) && fastRoadTakes(text)) assert.equal(needsDocument(text), true, text);
    }),
    { numRuns: 2000 },
  );
});
