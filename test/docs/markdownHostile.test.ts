/**
 * The Markdown reference of a hostile catalog, rendered as many hosts render
 * Markdown: raw HTML allowed. Two CommonMark renderers errata does not use for its
 * own output (commonmark.js, the reference implementation, which keeps raw HTML and
 * any link scheme by default; markdown-it with `html: true`), and parse5 reading
 * what they produce. Every catalog string in every position carries payloads; no
 * element outside Markdown's own, no event-handler attribute and no link to a
 * scheme other than http(s) may come out.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { HtmlRenderer, Parser } from "commonmark";
import MarkdownIt from "markdown-it";
import { type DefaultTreeAdapterMap, parseFragment } from "parse5";
import { compileCatalog } from "../../src/catalog/compile.js";
import { renderMarkdown } from "../../src/docs/markdown.js";

const PAYLOADS = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(2)>",
  "<svg onload=alert(3)>",
  "<a href='javascript:alert(4)'>a</a>",
  "[a](javascript:alert(5))",
  "[a](javascript&#58;alert(6))",
  "[a](javascript\\:alert(7))",
  "<javascript:alert(8)>",
  "![i](javascript:alert(9))",
  "[a](<data:text/html,<script>alert(10)</script>>)",
  "<details open ontoggle=alert(11)>",
  "`</code><script>alert(12)</script>`",
  "[r]\n\n[r]: javascript:alert(13)",
  "[a](JaVaScRiPt&colon;alert(14))",
];
const P = PAYLOADS.join(" ");
const ONE_LINE = PAYLOADS.map((p) => p.replace(/\n/g, " ")).join(" ");
const URL_PAYLOAD = `https://docs.example.com/x><img src=x onerror=alert(20)>"'<script>alert(21)</script>`;

const hostile = {
  name: "hostile",
  version: "1.0.0",
  title: `${ONE_LINE} Errors`,
  description: P,
  docsBaseUrl: "https://docs.example.com/",
  codes: "free",
  organize: "group",
  groups: { g: { title: ONE_LINE, description: P } },
  categories: { c: { kind: "validation", title: ONE_LINE, label: ONE_LINE, description: P } },
  statuses: { "400": { meaning: ONE_LINE, usedFor: ONE_LINE, category: ONE_LINE, note: ONE_LINE } },
  extensions: { owner: "string" },
  errors: {
    BAD_THING: {
      code: ONE_LINE,
      category: "c",
      group: "g",
      status: 400,
      title: ONE_LINE,
      description: P,
      message: `${ONE_LINE} {field}`,
      symptoms: [P],
      causes: [P],
      solutions: [P, { title: ONE_LINE, text: P, code: P, language: "js><script>alert(30)</script>" }],
      details: { field: { type: "string", description: P, example: P } },
      subcodes: { SUB_ONE: { code: ONE_LINE, description: P, solutions: [P] } },
      reasons: { why: { description: P } },
      examples: [{ title: ONE_LINE, message: P, details: { field: P } }],
      deprecated: { since: "2026-01-15", replacedBy: ONE_LINE, reason: ONE_LINE },
      docs: URL_PAYLOAD,
      links: [
        { title: ONE_LINE, url: URL_PAYLOAD },
        { title: ONE_LINE, url: `../x><script>alert(22)</script>` },
      ],
      meta: { owner: ONE_LINE },
      retry: { policy: "maybe", condition: ONE_LINE },
    },
  },
  guides: [{ title: ONE_LINE, body: P }],
  links: [{ title: ONE_LINE, url: URL_PAYLOAD }],
};

const MARKDOWN_ELEMENTS = new Set(
  "p h1 h2 h3 h4 h5 h6 ul ol li code pre em strong a table thead tbody tr th td blockquote hr br img del s".split(" "),
);

type Node = DefaultTreeAdapterMap["node"];

/** Every problem in rendered HTML: a foreign element, an event handler, a link to another scheme. */
function problems(html: string): string[] {
  const found: string[] = [];
  const walk = (node: Node) => {
    if ("tagName" in node) {
      if (!MARKDOWN_ELEMENTS.has(node.tagName)) found.push(`<${node.tagName}>`);
      for (const attr of node.attrs) {
        if (/^on/i.test(attr.name)) found.push(`${node.tagName} ${attr.name}=`);
        if ((attr.name === "href" || attr.name === "src") && /^\s*(?!https?:)[a-z][a-z0-9+.-]*:/i.test(attr.value))
          found.push(`${node.tagName} ${attr.name}=${attr.value.slice(0, 40)}`);
      }
    }
    if ("childNodes" in node) for (const child of node.childNodes) walk(child);
    if ("content" in node && node.content) walk(node.content as Node);
  };
  walk(parseFragment(html) as Node);
  return found;
}

test("the hostile catalog compiles, so every payload reaches the renderer", () => {
  const { catalog, problems: found } = compileCatalog(hostile);
  assert.ok(catalog, JSON.stringify(found.filter((p) => p.severity === "error")));
});

test("no payload runs in the Markdown reference rendered with raw HTML allowed (commonmark.js, markdown-it)", () => {
  const { catalog } = compileCatalog(hostile);
  assert.ok(catalog);
  const markdown = renderMarkdown(catalog);
  const commonmark = new HtmlRenderer().render(new Parser().parse(markdown));
  const markdownIt = new MarkdownIt({ html: true, linkify: true }).render(markdown);
  assert.deepEqual(problems(commonmark), [], "commonmark.js");
  assert.deepEqual(problems(markdownIt), [], "markdown-it");
  // The text is still there, shown as text.
  assert.ok(commonmark.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert.ok(commonmark.includes("https://docs.example.com/x"));
});
