/**
 * Catalog text written into Markdown so that any renderer shows it as written:
 * literal text, table cells, inline code, fences longer than what they hold, and
 * links whose destination cannot run a script.
 */
import { safeLinks } from "./prose.js";

/** A line of prose for a table cell: one line, pipes escaped, raw HTML escaped, unsafe links neutralised. */
export function cell(text: string | undefined): string {
  return safeLinks((text ?? "").replace(/\r?\n+/g, " "))
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/**
 * Catalog text that is not prose (a title, a name, a label) as literal Markdown text on
 * one line: every character that could start markup, HTML, an entity or a link is
 * backslash-escaped (an underscore inside a word, as in a NAME, starts nothing), so
 * any renderer shows it as written.
 */
export function plainText(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, " ").replace(/[\\`*[\]<>&!|~#]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, "\\$&");
}

/** A link to an http(s) or relative URL, its text literal and its destination percent-encoded; other schemes as text. */
export function link(title: string, url: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^https?:\/\//i.test(url)) return plainText(title);
  let target: string;
  try {
    target = /^https?:/i.test(url) ? new URL(url).href : url;
  } catch {
    return plainText(title);
  }
  return `[${plainText(title)}](<${target.replace(/[<>\s\\]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0").toUpperCase()}`)}>)`;
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function fence(code: string, language = ""): string {
  const longest = Math.max(2, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  const marks = "`".repeat(longest + 1);
  return `${marks}${language.replace(/[^\w+#.-]/g, "")}\n${code.replace(/\n$/, "")}\n${marks}`;
}

/** Text as an inline code span: on one line (a newline would end the span), fenced longer than any backtick run. */
export function inlineCode(raw: string): string {
  const text = raw.replace(/\s*\r?\n\s*/g, " ");
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const marks = "`".repeat(longest + 1);
  return longest > 0 ? `${marks} ${text} ${marks}` : `${marks}${text}${marks}`;
}
