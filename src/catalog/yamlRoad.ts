/**
 * Which road a catalog's YAML takes: the fast one (js-yaml, no AST) unless the text
 * has an anchor, an alias or a tag, which yaml's full Document must handle (it bounds
 * alias expansion and refuses custom tags). They are found the way a YAML scanner
 * finds them: `&`, `*` or `!` where a node starts (a line's start, after `- `, `? `,
 * or `key: `, inside a flow collection after `[`, `{` or `,`), never inside a block
 * scalar's text or within a plain scalar, so Markdown's `**bold**` and `* lists` in
 * descriptions keep the fast road. Where the layout is unusual (a flow collection
 * over several lines), any `&`, `*` or `!` after a space or an indicator counts.
 */

/** A node property or alias at the start of `text`. */
const PROPERTY = /^[&*!][^\s,\]}]/;
/** Any property or alias after a space or a flow indicator: the old, conservative test. */
const ANYWHERE = /(?:^|[\s[{,:-])[&*!][^\s,\]}]/;
/** `key:` followed by a space or the end of the line; the key plain or quoted. */
const KEY = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#"'{[\]},&*!|>%@`][^#]*?)\s*:(?:\s+|$)/;
/** A block scalar's header: `|` or `>` with optional indicators, then maybe a comment. */
const BLOCK_HEADER = /^[|>][0-9+-]*\s*(?:#.*)?$/;

/** The brackets a line opens and does not close, outside quotes (a rough count: quotes end at the line). */
function openBrackets(text: string): number {
  let depth = 0;
  let quote = "";
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") depth--;
    else if (c === "#") break;
  }
  return depth;
}

/** What a line holds once its indentation and `- `/`? ` indicators are stripped; its value after `key: `. */
function lineValue(line: string): string {
  let rest = line.trimStart();
  for (let m = /^[-?](?:\s+|$)/.exec(rest); m; m = /^[-?](?:\s+|$)/.exec(rest)) rest = rest.slice(m[0].length);
  const key = KEY.exec(rest);
  return key ? rest.slice(key[0].length) : rest;
}

/** Whether the text needs yaml's Document: it has an anchor, an alias or a tag. */
export function needsDocument(text: string): boolean {
  const lines = text.split("\n");
  let blockIndent = -1;
  let flowDepth = 0;
  for (const raw of lines) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const indent = line.length - line.trimStart().length;
    if (blockIndent >= 0) {
      if (line.trim() === "" || indent > blockIndent) continue;
      blockIndent = -1;
    }
    if (flowDepth > 0) {
      if (ANYWHERE.test(line)) return true;
      flowDepth += openBrackets(line);
      continue;
    }
    const lead = line.trimStart();
    if (PROPERTY.test(lead)) return true;
    const value = lineValue(line);
    if (PROPERTY.test(value)) return true;
    if (value.startsWith("[") || value.startsWith("{")) {
      if (ANYWHERE.test(value)) return true;
      flowDepth = Math.max(0, openBrackets(value));
    } else if (BLOCK_HEADER.test(value)) blockIndent = indent;
  }
  return false;
}
