/** The operations in the reference: a Markdown section and "Returned by" lines, and the site's pages of them. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compileCatalog } from "../../src/catalog/compile.js";
import { renderMarkdown } from "../../src/docs/markdown.js";
import { buildSite } from "../../src/docs/site.js";
import { loadBundled } from "../helpers.js";
import { searchFinds } from "./searchData.js";

const gitclaw = loadBundled("gitclaw");

test("Markdown: an Operations section with each route and its errors by status, and Returned by under each error", () => {
  const md = renderMarkdown(gitclaw);
  const section = md.slice(md.indexOf("## Operations"), md.indexOf("## HTTP Status Code Summary"));
  assert.ok(
    section.startsWith("## Operations\n\n### Operation starRepo\n\n`POST /repos/{repoId}/stars`: Star a repository"),
  );
  // By status: the 400 of the reason first, the 404, the 409, then the common ones.
  const star = section.slice(0, section.indexOf("### Operation unstarRepo"));
  const rows = [...star.matchAll(/^\| (\d+|none) \| `([A-Z_]+)` \|.*\| (yes)? \|$/gm)].map(
    (m) => `${m[1]} ${m[2]}${m[3] ? " common" : ""}`,
  );
  assert.deepEqual(rows.slice(0, 4), [
    "400 INVALID_REASON",
    "401 INVALID_SIGNATURE common",
    "401 SIGNATURE_EXPIRED common",
    "401 REPLAY_ATTACK common",
  ]);
  assert.ok(rows.includes("404 REPO_NOT_FOUND") && rows.includes("409 DUPLICATE_STAR"), rows.join(", "));
  assert.ok(
    md.includes(
      "**Returned by:** [mergePullRequest](#operation-mergepullrequest) (`POST /repos/{repoId}/pulls/{prId}/merge`)",
    ),
  );
  assert.ok(!renderMarkdown(loadBundled("stt")).includes("## Operations"));
});

test("site: an operations index and a page per operation, linked both ways with the errors' pages", () => {
  const site = buildSite([gitclaw]);
  const index = site.get("gitclaw/index.html") ?? "";
  assert.ok(index.includes('<a href="operations/index.html">4 operations</a>'));
  const list = site.get("gitclaw/operations/index.html") ?? "";
  assert.ok(
    list.includes(
      '<a href="mergepullrequest/index.html">mergePullRequest</a><code class="title">POST /repos/{repoId}/pulls/{prId}/merge</code>',
    ),
  );
  const merge = site.get("gitclaw/operations/mergepullrequest/index.html") ?? "";
  assert.ok(merge.includes("<h1>mergePullRequest</h1>"));
  assert.ok(merge.includes('<td>409</td><td><a href="../../merge-conflicts/index.html">MERGE_CONFLICTS</a></td>'));
  assert.ok(
    merge.includes('<a href="../../rate-limited/index.html">RATE_LIMITED</a><span class="badge">common</span>'),
  );
  assert.ok(merge.includes("<code>{prId}</code>"));
  const conflicts = site.get("gitclaw/merge-conflicts/index.html") ?? "";
  assert.ok(
    conflicts.includes(
      '<h2>Returned by</h2><ul class="operations"><li><a href="../operations/mergepullrequest/index.html">mergePullRequest</a> <code>POST /repos/{repoId}/pulls/{prId}/merge</code></li></ul>',
    ),
  );
  // Search finds each error by its operations' ids and routes.
  for (const word of ["mergepullrequest", "pulls", "merge"]) {
    assert.ok(searchFinds(site, "gitclaw/", word).includes("MERGE_CONFLICTS"), word);
  }
});

test("an error whose page would be the operations' folder is refused, with what to do", () => {
  const { catalog } = compileCatalog({
    name: "o",
    version: "1.0.0",
    errors: { OPERATIONS: { category: "server" } },
    operations: { ping: { http: "GET /ping", errors: ["OPERATIONS"] } },
  });
  assert.ok(catalog);
  assert.throws(
    () => buildSite([catalog]),
    /the page of OPERATIONS \(operations\/\) would be the folder of the operations' pages/,
  );
});
