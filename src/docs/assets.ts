/**
 * The site's one stylesheet and one script, written as files next to the pages
 * (the pages' Content Security Policy allows no inline code). The script searches
 * the site's search files (ranked word prefixes), filters and pages the results, adds copy
 * buttons to code blocks and switches themes; it builds every element with
 * textContent, never with HTML strings.
 */
import { SEARCH_FOLDER, WORD_BREAK } from "./search.js";

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

  // Search: every query word must start a word of the error; fields weigh differently
  // (code and name first), so the best matches come first. The index was built with the
  // site and split into files (search.ts): a query word loads the one shard of words
  // its first two letters lead to, the results' records load 100 at a time, and the
  // facets only when a filter is used. Each file is a script: it also loads from disk.
  var PAGE = 100;
  var FILTERS = ["catalog", "category", "group", "status", "retryable"];

  function words(text) {
    return String(text).toLowerCase().split(${WORD_BREAK}).filter(Boolean);
  }

  var loads = Object.create(null);
  // A search file calls this as it runs; its load event then hands the data to whoever asked.
  window.errataSearch = function (data) { if (document.currentScript) document.currentScript.errataData = data; };
  function load(url) {
    if (loads[url]) return loads[url];
    loads[url] = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = url;
      s.onload = function () { resolve(s.errataData); s.parentNode.removeChild(s); };
      s.onerror = function () { delete loads[url]; s.parentNode.removeChild(s); reject(new Error("could not load " + url)); };
      document.head.appendChild(s);
    });
    return loads[url];
  }
  function file(root, name) { return root.base + "${SEARCH_FOLDER}/" + name; }
  function shardFile(key) {
    var out = "w";
    for (var i = 0; i < key.length; i++) out += ("000" + key.charCodeAt(i).toString(16)).slice(-4);
    return out + ".js";
  }

  /** A word's postings into scores: distance from the previous id in base 36, then the weight's letter. */
  function addPostings(code, weights, exact, best) {
    var id = 0, start = 0;
    for (var i = 0; i < code.length; i++) {
      var c = code.charCodeAt(i);
      if (c >= 65 && c <= 90) {
        id += parseInt(code.slice(start, i), 36);
        var s = weights[c - 65] * exact;
        if (!(best[id] >= s)) best[id] = s;
        start = i + 1;
      }
    }
  }

  /** Scores of one root's errors that every term matches, by id. */
  function match(root, terms) {
    return Promise.all(terms.map(function (term) {
      var keys = term.length >= 2 ? root.keys.filter(function (k) { return k === term.slice(0, 2); })
        : root.keys.filter(function (k) { return k.charAt(0) === term; });
      return Promise.all(keys.map(function (k) { return load(file(root, shardFile(k))); })).then(function (shards) {
        var best = Object.create(null);
        shards.forEach(function (shard) {
          shard.forEach(function (pair) {
            if (pair[0].indexOf(term) === 0) addPostings(pair[1], root.weights, pair[0] === term ? 2 : 1, best);
          });
        });
        return best;
      });
    })).then(function (each) {
      var total = each[0];
      for (var t = 1; t < each.length; t++) {
        var next = Object.create(null);
        for (var id in each[t]) if (total[id] !== undefined) next[id] = total[id] + each[t][id];
        total = next;
      }
      return total;
    });
  }

  function search(roots) {
    var input = document.getElementById("q");
    var filters = FILTERS.map(function (id) { return document.getElementById(id); });
    var list = document.getElementById("results");
    var count = document.getElementById("count");
    var pager = document.getElementById("pager");
    var total = roots.reduce(function (n, r) { return n + r.count; }, 0);
    // The page as it was made (its first 100 errors), shown again when the box and filters are cleared.
    var first = { list: list.cloneNode(true), count: count.textContent, pager: pager.cloneNode(true) };
    function restore(target, saved) {
      target.textContent = "";
      Array.prototype.forEach.call(saved.childNodes, function (n) { target.appendChild(n.cloneNode(true)); });
    }
    var page = 0, asked = 0;
    // What the catalog says of each section, as the page rendered it (a template: never shown as it is).
    var notes = {};
    var kept = document.getElementById("errata-notes");
    if (kept) kept.content.querySelectorAll("[data-section]").forEach(function (n) { notes[n.getAttribute("data-section")] = n; });
    function chosen() { return filters.map(function (f) { return f ? f.value : ""; }); }
    function facets(root) { return load(file(root, "facets.js")); }
    /** Each root's ids that the filters keep, with the facets read (undefined: no filter). */
    function keeper(root, wanted) {
      if (wanted.every(function (v) { return !v; })) return Promise.resolve(undefined);
      if (wanted[0] && wanted[0] !== root.catalog) return Promise.resolve(null);
      return facets(root).then(function (f) {
        return function (id) {
          return FILTERS.every(function (name, i) {
            return i === 0 || !wanted[i] || f[name].values[f[name].rows[id]] === wanted[i];
          });
        };
      });
    }
    function button(text, enabled, to) {
      var b = el("button", "page", text);
      b.type = "button";
      b.disabled = !enabled;
      b.addEventListener("click", function () { page = to; render(); list.scrollIntoView(); });
      return b;
    }
    /** The results, best first: [root index, id, score]. */
    function results(terms, wanted) {
      return Promise.all(roots.map(function (root, r) {
        return keeper(root, wanted).then(function (keep) {
          if (keep === null) return [];
          var found = terms.length > 0 ? match(root, terms) : Promise.resolve(null);
          return found.then(function (scores) {
            var out = [];
            if (scores) { for (var id in scores) if (!keep || keep(+id)) out.push([r, +id, scores[id]]); }
            else for (var i = 0; i < root.count; i++) if (!keep || keep(i)) out.push([r, i, 0]);
            return out;
          });
        });
      })).then(function (each) {
        var all = [].concat.apply([], each);
        return all.sort(function (a, b) { return b[2] - a[2] || a[0] - b[0] || a[1] - b[1]; });
      });
    }
    function records(shown) {
      return Promise.all(shown.map(function (hit) {
        var root = roots[hit[0]];
        return load(file(root, "c" + Math.floor(hit[1] / root.chunk) + ".js")).then(function (chunk) {
          return { root: root, record: chunk[hit[1] % root.chunk] };
        });
      }));
    }
    function sectionsOf(shown, sectioned) {
      if (!sectioned) return Promise.resolve(shown.map(function () { return undefined; }));
      return Promise.all(shown.map(function (hit) {
        var root = roots[hit[0]];
        return facets(root).then(function (f) { return root.prefix + f.section.values[f.section.rows[hit[1]]]; });
      }));
    }
    function item(root, e) {
      var li = el("li");
      var link = el("a", "", e.code === e.name ? e.name : e.code + " " + e.name);
      link.href = root.base + e.href;
      li.appendChild(link);
      if (e.title && e.title !== link.textContent) li.appendChild(el("span", "title", e.title));
      if (e.status !== undefined) li.appendChild(el("span", "badge", "HTTP " + e.status));
      if (e.groupTitle) li.appendChild(el("span", "badge", e.groupTitle));
      var retry = e.retryPolicy === "maybe" ? ["badge maybe", "retryable when…"] : e.retryable ? ["badge retry", "retryable"] : ["badge noretry", "not retryable"];
      li.appendChild(el("span", retry[0], retry[1]));
      li.appendChild(el("span", "msg", e.message));
      return li;
    }
    function show(hits, rows, sections) {
      var pages = Math.max(1, Math.ceil(hits.length / PAGE));
      list.textContent = "";
      var section;
      rows.forEach(function (row, i) {
        if (sections[i] !== undefined && sections[i] !== section) {
          section = sections[i];
          var head = el("li", "section");
          head.appendChild(el("h2", "", section));
          if (notes[section]) head.appendChild(notes[section].cloneNode(true));
          list.appendChild(head);
        }
        list.appendChild(item(row.root, row.record));
      });
      count.textContent = hits.length + " of " + total + " errors" + (pages > 1 ? " · page " + (page + 1) + " of " + pages : "");
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
    function render() {
      var terms = words(input.value), wanted = chosen(), mine = ++asked;
      if (terms.length === 0 && wanted.every(function (v) { return !v; })) {
        restore(list, first.list); count.textContent = first.count; restore(pager, first.pager);
        return;
      }
      results(terms, wanted).then(function (hits) {
        if (mine !== asked) return;
        var pages = Math.max(1, Math.ceil(hits.length / PAGE));
        if (page >= pages) page = pages - 1;
        var shown = hits.slice(page * PAGE, page * PAGE + PAGE);
        var sectioned = terms.length === 0 && list.dataset.sectioned !== "false";
        return Promise.all([records(shown), sectionsOf(shown, sectioned)]).then(function (both) {
          if (mine === asked) show(hits, both[0], both[1]);
        });
      }).catch(function (e) {
        if (mine === asked) count.textContent = "Search is unavailable: " + e.message;
      });
    }
    input.addEventListener("input", function () { page = 0; render(); });
    filters.forEach(function (f) { if (f) f.addEventListener("change", function () { page = 0; render(); }); });
    if (input.value || chosen().some(Boolean)) render();
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
    var data = document.getElementById("errata-search");
    if (data) search(JSON.parse(data.textContent || "{}").roots || []);
  });
})();
`;
