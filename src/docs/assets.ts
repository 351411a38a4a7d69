/**
 * The site's one stylesheet and one script, written as files next to the pages
 * (the pages' Content Security Policy allows no inline code). The script searches
 * the embedded index (ranked word prefixes), filters and pages it, adds copy
 * buttons to code blocks and switches themes; it builds every element with
 * textContent, never with HTML strings.
 */

export const CSS = `:root{--bg:#fdfdfc;--fg:#1c1d21;--muted:#5c6070;--line:#e2e3e8;--card:#f4f5f7;--accent:#2456c8;--bad:#b3261e;--ok:#1e7a3c}
:root[data-theme=dark]{--bg:#15161a;--fg:#e6e7eb;--muted:#9a9eac;--line:#2c2e36;--card:#1e2026;--accent:#8fb0ff;--bad:#ff8a80;--ok:#7fd49b}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){--bg:#15161a;--fg:#e6e7eb;--muted:#9a9eac;--line:#2c2e36;--card:#1e2026;--accent:#8fb0ff;--bad:#ff8a80;--ok:#7fd49b}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:960px;margin:0 auto;padding:1rem 1.25rem 3rem}a{color:var(--accent)}
.top{display:flex;justify-content:space-between;align-items:center;padding:.6rem 1.25rem;border-bottom:1px solid var(--line)}
.home{font-weight:600;text-decoration:none;color:var(--fg)}.theme{background:none;border:1px solid var(--line);color:var(--fg);border-radius:6px;padding:.2rem .55rem;cursor:pointer}
footer{color:var(--muted);font-size:.85rem;text-align:center;padding:2rem 1rem;border-top:1px solid var(--line)}
h1{font-size:1.7rem;margin:.6rem 0}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
.search{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}.search input{flex:1 1 18rem;font-size:1.05rem;padding:.55rem .7rem}
.search input,.search select{background:var(--card);color:var(--fg);border:1px solid var(--line);border-radius:6px;padding:.45rem}
#count{color:var(--muted);font-size:.9rem}ul.errors{list-style:none;padding:0}ul.errors li{padding:.55rem 0;border-bottom:1px solid var(--line)}
ul.errors .msg{display:block;color:var(--muted);font-size:.92rem}
.badge{display:inline-block;font-size:.78rem;border:1px solid var(--line);border-radius:999px;padding:0 .5rem;margin-left:.35rem;color:var(--muted)}
.errors .title{margin-left:.5rem;font-weight:600}
.align-left{text-align:left}.align-center{text-align:center}.align-right{text-align:right}
.badge.retry{color:var(--ok)}.badge.noretry{color:var(--bad)}.badge.maybe{color:var(--muted)}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
pre{position:relative;background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.8rem;overflow:auto}
.copy{position:absolute;top:.35rem;right:.35rem;font-size:.75rem;background:var(--bg);color:var(--fg);border:1px solid var(--line);border-radius:4px;cursor:pointer}
table{border-collapse:collapse;width:100%}td,th{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
.meta{color:var(--muted)}li.section{border:0}li.section h2{margin-top:1.4rem}.pager{margin:1rem 0;display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
.pager button{background:var(--card);color:var(--fg);border:1px solid var(--line);border-radius:6px;padding:.3rem .7rem;cursor:pointer}.pager button:disabled{opacity:.4;cursor:default}
.versions{margin:.5rem 0}.languages{float:right;margin:.3rem 0}.fallback{border-left:3px solid #d97706;padding:.3rem .8rem;background:var(--card);font-style:italic}.prose h3,.prose h4,.prose h5,.prose h6{margin:1rem 0 .4rem}.next{background:var(--card);border-left:3px solid var(--accent);padding:.6rem 1rem;border-radius:4px}
`;

export const JS = `(function () {
  "use strict";
  var root = document.documentElement;
  try {
    var saved = localStorage.getItem("errata-theme");
    if (saved === "light" || saved === "dark") root.setAttribute("data-theme", saved);
  } catch (e) {}

  function copy(text, button) {
    function done() { button.textContent = "Copied"; setTimeout(function () { button.textContent = "Copy"; }, 1500); }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () {});
      return;
    }
    var area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); done(); } catch (e) {}
    document.body.removeChild(area);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Search: every query word must start a word of the entry; fields weigh differently
  // (code and name first), so the best matches come first. The words are indexed once,
  // sorted, and each query word is found by binary search: instant at 10,000 errors.
  var WEIGHTS = [["code", 100], ["name", 90], ["title", 50], ["className", 30], ["operations", 25], ["groupTitle", 20],
    ["categoryTitle", 20], ["meta", 15], ["message", 10], ["description", 4], ["causes", 4],
    ["solutions", 4], ["symptoms", 4]];
  var PAGE = 100;

  function words(text) {
    return String(text).toLowerCase().split(/[^0-9a-z\u00c0-\uffff]+/).filter(Boolean);
  }

  function fieldText(e, field) {
    var v = e[field];
    if (v === undefined || v === null) return "";
    if (field === "meta") {
      return Object.keys(v).map(function (k) { return k + " " + [].concat(v[k]).join(" "); }).join(" ");
    }
    return Array.isArray(v) ? v.join(" ") : String(v);
  }

  function buildIndex(entries) {
    var postings = Object.create(null);
    entries.forEach(function (e, id) {
      WEIGHTS.forEach(function (pair) {
        var text = fieldText(e, pair[0]);
        var list = words(text);
        // A code or name is also one word as a whole: "shop-00" finds SHOP-0001.
        if (pair[0] === "code" || pair[0] === "name") list.push(text.toLowerCase());
        list.forEach(function (w) {
          var p = postings[w] || (postings[w] = {});
          if (!(p[id] >= pair[1])) p[id] = pair[1];
        });
      });
    });
    var sorted = Object.keys(postings).sort();
    return { words: sorted, postings: postings };
  }

  function lowerBound(list, word) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < word) lo = mid + 1; else hi = mid; }
    return lo;
  }

  /** Scores of the entries every term matches, by entry id. */
  function match(index, terms) {
    var total = null;
    terms.forEach(function (term) {
      var best = Object.create(null);
      for (var i = lowerBound(index.words, term); i < index.words.length && index.words[i].indexOf(term) === 0; i++) {
        var w = index.words[i], p = index.postings[w], exact = w === term ? 2 : 1;
        for (var id in p) { var s = p[id] * exact; if (!(best[id] >= s)) best[id] = s; }
      }
      if (total === null) { total = best; return; }
      var next = Object.create(null);
      for (var id2 in best) if (total[id2] !== undefined) next[id2] = total[id2] + best[id2];
      total = next;
    });
    return total || Object.create(null);
  }

  function search(entries) {
    var input = document.getElementById("q");
    var filters = ["catalog", "category", "group", "status", "retryable"].map(function (id) { return document.getElementById(id); });
    var list = document.getElementById("results");
    var count = document.getElementById("count");
    var pager = document.getElementById("pager");
    var index = buildIndex(entries);
    var page = 0;
    // What the catalog says of each section, as the page rendered it (a template: never shown as it is).
    var notes = {};
    var kept = document.getElementById("errata-notes");
    if (kept) kept.content.querySelectorAll("[data-section]").forEach(function (n) { notes[n.getAttribute("data-section")] = n; });
    function keep(e) {
      var values = [e.catalog, e.category, e.group || "", e.status === undefined ? "none" : String(e.status), String(e.retryable)];
      return filters.every(function (f, i) { return !f || !f.value || f.value === values[i]; });
    }
    function button(text, enabled, to) {
      var b = el("button", "page", text);
      b.type = "button";
      b.disabled = !enabled;
      b.addEventListener("click", function () { page = to; render(); list.scrollIntoView(); });
      return b;
    }
    function render() {
      var terms = words(input.value);
      var shown;
      if (terms.length > 0) {
        var scores = match(index, terms);
        shown = Object.keys(scores).map(Number).filter(function (id) { return keep(entries[id]); })
          .sort(function (a, b) { return scores[b] - scores[a] || a - b; })
          .map(function (id) { return entries[id]; });
      } else shown = entries.filter(keep);
      var pages = Math.max(1, Math.ceil(shown.length / PAGE));
      if (page >= pages) page = pages - 1;
      list.textContent = "";
      var section;
      shown.slice(page * PAGE, page * PAGE + PAGE).forEach(function (e) {
        if (terms.length === 0 && e.section !== section && list.dataset.sectioned !== "false") {
          section = e.section;
          var head = el("li", "section");
          head.appendChild(el("h2", "", section));
          if (notes[section]) head.appendChild(notes[section].cloneNode(true));
          list.appendChild(head);
        }
        var item = el("li");
        var link = el("a", "", e.code === e.name ? e.name : e.code + " " + e.name);
        link.href = e.href;
        item.appendChild(link);
        if (e.title && e.title !== link.textContent) item.appendChild(el("span", "title", e.title));
        if (e.status !== undefined) item.appendChild(el("span", "badge", "HTTP " + e.status));
        if (e.groupTitle) item.appendChild(el("span", "badge", e.groupTitle));
        var retry = e.retryPolicy === "maybe" ? ["badge maybe", "retryable when…"] : e.retryable ? ["badge retry", "retryable"] : ["badge noretry", "not retryable"];
        item.appendChild(el("span", retry[0], retry[1]));
        item.appendChild(el("span", "msg", e.message));
        list.appendChild(item);
      });
      count.textContent = shown.length + " of " + entries.length + " errors" + (pages > 1 ? " · page " + (page + 1) + " of " + pages : "");
      pager.textContent = "";
      if (pages > 1) {
        var nav = el("nav", "pager");
        nav.setAttribute("aria-label", "Pages");
        nav.appendChild(button("← Previous", page > 0, page - 1));
        nav.appendChild(el("span", "meta", " " + (page + 1) + " / " + pages + " "));
        nav.appendChild(button("Next →", page < pages - 1, page + 1));
        pager.appendChild(nav);
      }
    }
    input.addEventListener("input", function () { page = 0; render(); });
    filters.forEach(function (f) { if (f) f.addEventListener("change", function () { page = 0; render(); }); });
    render();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".theme");
    if (toggle) toggle.addEventListener("click", function () {
      var current = root.getAttribute("data-theme") ||
        (window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
      var next = current === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("errata-theme", next); } catch (e) {}
    });
    Array.prototype.forEach.call(document.querySelectorAll("pre > code"), function (code) {
      var button = el("button", "copy", "Copy");
      button.type = "button";
      button.addEventListener("click", function () { copy(code.textContent || "", button); });
      code.parentNode.insertBefore(button, code);
    });
    var data = document.getElementById("errata-index");
    if (data) search(JSON.parse(data.textContent || "[]"));
  });
})();
`;
