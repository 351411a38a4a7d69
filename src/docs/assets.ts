/**
 * The site's one stylesheet and one script, written as files next to the pages
 * (the pages' Content Security Policy allows no inline code). The script searches
 * and filters the embedded index, adds copy buttons to code blocks and switches
 * themes; it builds every element with textContent, never with HTML strings.
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
.badge.retry{color:var(--ok)}.badge.noretry{color:var(--bad)}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
pre{position:relative;background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.8rem;overflow:auto}
.copy{position:absolute;top:.35rem;right:.35rem;font-size:.75rem;background:var(--bg);color:var(--fg);border:1px solid var(--line);border-radius:4px;cursor:pointer}
table{border-collapse:collapse;width:100%}td,th{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
.meta{color:var(--muted)}.next{background:var(--card);border-left:3px solid var(--accent);padding:.6rem 1rem;border-radius:4px}
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

  function search(entries) {
    var input = document.getElementById("q");
    var filters = ["catalog", "category", "status", "retryable"].map(function (id) { return document.getElementById(id); });
    var list = document.getElementById("results");
    var count = document.getElementById("count");
    entries.forEach(function (e) {
      e.hay = [e.code, e.name, e.title, e.message, e.description || "", e.causes.join(" "), e.solutions.join(" "), e.symptoms.join(" ")]
        .join(" ").toLowerCase();
    });
    function keep(e) {
      var values = [e.catalog, e.category, String(e.status), String(e.retryable)];
      return filters.every(function (f, i) { return !f || !f.value || f.value === values[i]; });
    }
    function render() {
      var terms = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
      var shown = entries.filter(function (e) {
        return keep(e) && terms.every(function (t) { return e.hay.indexOf(t) >= 0; });
      });
      list.textContent = "";
      shown.slice(0, 300).forEach(function (e) {
        var item = el("li");
        var link = el("a", "", e.code === e.name ? e.name : e.code + " " + e.name);
        link.href = e.href;
        item.appendChild(link);
        item.appendChild(el("span", "badge", "HTTP " + e.status));
        item.appendChild(el("span", e.retryable ? "badge retry" : "badge noretry", e.retryable ? "retryable" : "not retryable"));
        item.appendChild(el("span", "msg", e.message));
        list.appendChild(item);
      });
      count.textContent = shown.length + " of " + entries.length + " errors" + (shown.length > 300 ? " (first 300 shown)" : "");
    }
    input.addEventListener("input", render);
    filters.forEach(function (f) { if (f) f.addEventListener("change", render); });
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
