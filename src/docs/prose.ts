/**
 * Catalog prose (descriptions, causes, solutions, guides) is Markdown in real
 * catalogs, and untrusted. For the site it becomes HTML through markdown-it with
 * raw HTML off, links limited to http(s) and relative ones, and headings moved
 * below the page's own; for the Markdown reference it stays Markdown, with its
 * headings moved below the error's level and any raw HTML escaped, so that no
 * renderer that allows HTML runs a catalog's `<script>` or `onerror=`.
 */
import MarkdownIt from "markdown-it";

/** A link a catalog may make: http(s), or relative to the page (`../guide/`, `#retries`). */
function safeLink(url: string): boolean {
  const trimmed = url.trim();
  return /^https?:\/\//i.test(trimmed) || !/^[a-z][a-z0-9+.-]*:/i.test(trimmed);
}

const render = new MarkdownIt({ html: false, linkify: false, typographer: false });
render.validateLink = safeLink;
const defaultLinkOpen =
  render.renderer.rules.link_open ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
render.renderer.rules.link_open = (tokens, i, options, env, self) => {
  tokens[i]?.attrSet("rel", "noopener nofollow");
  return defaultLinkOpen(tokens, i, options, env, self);
};
// Table alignment as a class: the site's Content-Security-Policy refuses inline styles.
for (const cell of ["th_open", "td_open"] as const) {
  render.renderer.rules[cell] = (tokens, i, options, _env, self) => {
    const token = tokens[i];
    const align = /^text-align:(left|center|right)$/.exec(String(token?.attrGet("style") ?? ""))?.[1];
    if (token && align) {
      token.attrs = (token.attrs ?? []).filter(([name]) => name !== "style");
      token.attrJoin("class", `align-${align}`);
    }
    return self.renderToken(tokens, i, options);
  };
}

/**
 * One line with nothing Markdown reads as syntax (no emphasis, code, link, HTML, entity,
 * escape, heading, list, quote or table marker, no leading space): it renders as the
 * paragraph of its escaped text, so most catalog lines skip the parser.
 */
const PLAIN = /^(?![-+*>#=]|\d+[.)])[^\0\n\r*_`[\]<>#|~!&\\]+$/;

function plain(text: string): boolean {
  return text === text.trim() && PLAIN.test(text);
}

const ESCAPES: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" };

/** Parsing only, with raw HTML recognised, to find what the Markdown reference must escape. */
const parser = new MarkdownIt({ html: true, linkify: false });

/**
 * Catalog Markdown as HTML: raw HTML shown as text, unsafe links left as text, and
 * headings starting at `<h{top}>` (a description's `#` becomes the page's h3).
 */
export function proseHtml(markdown: string, top = 3): string {
  if (plain(markdown)) return `<p>${markdown.replace(/["]/g, (c) => ESCAPES[c] as string)}</p>\n`;
  const tokens = render.parse(markdown, {});
  const shift = shiftFor(
    tokens.filter((t) => t.type === "heading_open").map((t) => Number(t.tag.slice(1))),
    top,
  );
  if (shift > 0) {
    for (const t of tokens) {
      if (t.type === "heading_open" || t.type === "heading_close")
        t.tag = `h${Math.min(6, Number(t.tag.slice(1)) + shift)}`;
    }
  }
  return render.renderer.render(tokens, render.options, {});
}

/** One short line of prose as inline HTML: a cause, a solution's text. */
export function proseInline(markdown: string): string {
  const out = proseHtml(markdown, 4).trim();
  const single = /^<p>([\s\S]*)<\/p>$/.exec(out);
  return single && !single[1]?.includes("<p>") ? (single[1] as string) : out;
}

function shiftFor(levels: readonly number[], top: number): number {
  if (levels.length === 0) return 0;
  return Math.max(0, top - Math.min(...levels));
}

const HTML_ESCAPES: Record<string, string> = { "<": "&lt;", ">": "&gt;" };

function escapeHtml(text: string): string {
  return text.replace(/[<>]/g, (c) => HTML_ESCAPES[c] as string);
}

const UNSAFE_SCHEME = /^(?!https?:)[a-z][a-z0-9+.-]*:/i;
const { unescapeAll } = new MarkdownIt().utils;

/**
 * True for a link destination that resolves to another scheme than http(s) once a
 * renderer has read it: backslash escapes and entities decoded (`javascript&#58;`,
 * `javascript\:`), and the white space and controls a browser's URL parser drops.
 */
function unsafeTarget(raw: string): boolean {
  const target = raw.startsWith("<") && raw.endsWith(">") ? raw.slice(1, -1) : raw;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the controls a URL parser drops are what must go.
  return UNSAFE_SCHEME.test(unescapeAll(target).replace(/[\u0000-\u0020\u007f]/g, ""));
}

/** An inline link's destination: `<…>`, or a run without spaces whose parentheses balance (one level). */
const INLINE_TARGET = /\]\(\s*(<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+)/g;
const DEFINITION = /^(\s{0,3}\[(?:[^\]\\]|\\.)+\]:\s*)(<[^<>\n]*>|\S+)/;

/**
 * A line's links to other schemes than http(s) pointed at `#` instead (inline links,
 * images and reference definitions), and such autolinks escaped.
 */
export function safeLinks(line: string): string {
  return line
    .replace(INLINE_TARGET, (whole, target: string) => (unsafeTarget(target) ? "](#" : whole))
    .replace(/<([a-z][a-z0-9+.-]*:[^<>\s]*)>/gi, (whole, target: string) =>
      UNSAFE_SCHEME.test(target) ? escapeHtml(whole) : whole,
    )
    .replace(DEFINITION, (whole, head: string, target: string) => (unsafeTarget(target) ? `${head}#` : whole));
}

/**
 * Catalog Markdown for the Markdown reference: headings moved to start at level `top`
 * (setext headings become ATX ones), raw HTML escaped (blocks and inline tags), and
 * links to other schemes than http(s) reduced to their text. Code is left as it is.
 */
export function proseMarkdown(markdown: string, top: number): string {
  if (plain(markdown)) return markdown;
  if (!PARSE_NEEDED.test(markdown))
    return markdown
      .replace(/\r\n?/g, "\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim();
  return parsedProseMarkdown(markdown, top);
}

/**
 * What only the parser can judge: raw HTML or an autolink (`<`), a link or a link
 * definition (`](`, `]:`), a heading (any `#`, or a line that could underline a setext
 * heading, in a quote or a list too). Without any of them the parse changes nothing,
 * and most catalog prose has none; a property test holds the two roads equal.
 */
const PARSE_NEEDED = /[<#]|\]\(|\]:|^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*(?:=+|-+)[ \t]*$/m;

/** proseMarkdown through the parser: what it does with text that needs it (exported for the test that compares). */
export function parsedProseMarkdown(markdown: string, top: number): string {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const tokens = parser.parse(markdown, {});
  const shift = shiftFor(
    tokens.filter((t) => t.type === "heading_open").map((t) => Number(t.tag.slice(1))),
    top,
  );
  const code = new Set<number>();
  for (const t of tokens) {
    if ((t.type === "fence" || t.type === "code_block") && t.map) for (let l = t.map[0]; l < t.map[1]; l++) code.add(l);
  }
  for (const [i, t] of tokens.entries()) {
    const [start, end] = t.map ?? [0, 0];
    if (t.type === "heading_open") {
      const level = Math.min(6, Number(t.tag.slice(1)) + shift);
      lines[start] = `${"#".repeat(level)} ${tokens[i + 1]?.content ?? ""}`;
      for (let l = start + 1; l < end; l++) lines[l] = "";
    } else if (t.type === "html_block") {
      for (let l = start; l < end; l++) lines[l] = escapeHtml(lines[l] ?? "");
    } else if (t.type === "inline" && t.children) {
      for (const child of t.children) {
        if (child.type !== "html_inline") continue;
        for (let l = start; l < end; l++) {
          lines[l] = (lines[l] ?? "").split(child.content).join(escapeHtml(child.content));
        }
      }
    }
  }
  return lines
    .map((line, l) => (code.has(l) ? line : safeLinks(line)))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
