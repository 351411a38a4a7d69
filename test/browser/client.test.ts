/**
 * errata/client in a real browser: the esbuild bundle of errata/client + errata/wire
 * runs in a Chromium page served from one origin, against an errata server (the
 * node:http adapter, GitClaw's catalog) on another port. That server allows only
 * Content-Type and Authorization in CORS, as a plain API would, so a client that
 * added an Idempotency-Key to a write would fail its preflight. Skips with a message
 * without chromium; ERRATA_REQUIRE_BROWSER=1 (set by .ci/run) makes that a failure.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { sendError } from "../../src/frameworks/node/errors.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { loadBundled } from "../helpers.js";
import { bundleClient } from "./bundle.js";
import { browserSkip, launchChromium, listen } from "./chromium.js";

interface Hit {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly at: number;
}

const gitclaw = loadBundled("gitclaw");
const g = createErrors(gitclaw, { stack: false });

describe("errata/client bundled, in chromium, against an errata server on another origin", {
  skip: browserSkip(),
}, () => {
  let browser: Browser;
  let page: Page;
  /** A page served by the API's own origin, for same-origin redirects. */
  let samePage: Page;
  let site: Server;
  let api: Server;
  let apiUrl = "";
  const hits: Hit[] = [];
  const counts = new Map<string, number>();
  const of = (method: string, path: string) => hits.filter((h) => h.method === method && h.path === path);

  before(async () => {
    const bundle = await bundleClient();
    site = createServer((req, res) => {
      if (req.url === "/errata.js") {
        res.writeHead(200, { "Content-Type": "text/javascript" }).end(bundle.code);
        return;
      }
      res
        .writeHead(200, { "Content-Type": "text/html" })
        .end(
          '<!doctype html><title>errata client</title><script type="module">import * as errata from "/errata.js"; window.errata = errata; window.ready = true;</script>',
        );
    });
    const siteUrl = await listen(site);
    api = createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (path === "/app" || path === "/errata.js") return site.emit("request", req, res);
      hits.push({ method: req.method ?? "", path, headers: req.headers, at: Date.now() });
      const n = (counts.get(path) ?? 0) + (req.method === "OPTIONS" ? 0 : 1);
      counts.set(path, n);
      res.setHeader("Access-Control-Allow-Origin", siteUrl);
      res.setHeader("Access-Control-Expose-Headers", "Retry-After, X-Request-Id");
      if (path === "/moved") return res.writeHead(302, { Location: "/repos/ok" }).end();
      if (path === "/moved-away") return res.writeHead(302, { Location: `${siteUrl}/elsewhere` }).end();
      if (req.method === "OPTIONS") {
        res.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
        res.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization");
        res.writeHead(204).end();
        return;
      }
      req.resume();
      req.on("end", () => {
        const fail = (error: unknown) => sendError(res, error, req, { catalog: gitclaw });
        if (path === "/repos/missing") return fail(g.REPO_NOT_FOUND?.({ repoId: "missing" }));
        if (path === "/limited" && n === 1) return fail(g.RATE_LIMITED?.({ action: "star", retryAfter: 1 }));
        if (path.startsWith("/down")) return res.writeHead(503).end();
        if (path === "/orders" && req.method === "POST") {
          res.writeHead(201, { "Content-Type": "application/json" }).end('{"id":1}');
          return;
        }
        if (path === "/pay") return fail(new Error("ledger down"));
        res.writeHead(200, { "Content-Type": "application/json" }).end('{"ok":true}');
      });
    });
    apiUrl = await listen(api);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(siteUrl);
    await page.waitForFunction(() => (globalThis as unknown as { ready?: boolean }).ready === true);
    samePage = await browser.newPage();
    await samePage.goto(`${apiUrl}/app`);
    await samePage.waitForFunction(() => (globalThis as unknown as { ready?: boolean }).ready === true);
  });
  after(async () => {
    await browser?.close();
    site?.close();
    api?.close();
  });

  /** Run a call in the page; resolves with what it returned or the error's fields. */
  function inPage(script: string, options: Record<string, unknown> = {}, on: Page = page) {
    return on.evaluate(
      async ({ script, baseUrl, catalog, options }) => {
        const errata = (globalThis as unknown as { errata: { createClient: (o: unknown) => unknown } }).errata;
        const api = errata.createClient({ baseUrl, catalogs: [catalog], retry: { baseDelayMs: 5 }, ...options });
        const run = new Function("api", `return (async () => { ${script} })()`);
        const started = Date.now();
        try {
          return { ok: true, value: await run(api), ms: Date.now() - started };
        } catch (e) {
          const error = e as Record<string, unknown> & { toJSON?: () => unknown };
          return {
            ok: false,
            error: error.toJSON ? error.toJSON() : String(e),
            kind: error.kind,
            ms: Date.now() - started,
          };
        }
      },
      { script, baseUrl: apiUrl, catalog: JSON.parse(JSON.stringify(gitclaw)), options },
    );
  }

  test("a failure is the catalog's typed error: name, code, status, details", async () => {
    const r = await inPage('return api.json("/repos/missing");');
    assert.equal(r.ok, false);
    assert.deepEqual(
      (({ name, code, status, details }) => ({ name, code, status, details }))(r.error as Record<string, unknown>),
      { name: "REPO_NOT_FOUND", code: "REPO_NOT_FOUND", status: 404, details: { repoId: "missing" } },
    );
    assert.equal(r.kind, "not_found");
  });

  test("Retry-After is honoured: the retry waits a second, then succeeds", async () => {
    const r = await inPage('return api.json("/limited");');
    assert.deepEqual(r.value, { ok: true });
    const [first, second] = of("GET", "/limited");
    assert.ok(first && second);
    assert.ok(second.at - first.at >= 900, `retried after ${second.at - first.at} ms`);
  });

  test("a JSON POST passes its preflight: no Idempotency-Key asked for; a failed POST runs once", async () => {
    const r = await inPage('return api.json("/orders", { method: "POST", json: { sku: "A" } });');
    assert.deepEqual(r.value, { id: 1 });
    const preflight = of("OPTIONS", "/orders")[0];
    assert.ok(preflight);
    assert.equal(preflight.headers["access-control-request-headers"], "content-type");
    assert.equal(of("POST", "/orders")[0]?.headers["idempotency-key"], undefined);
    const failed = await inPage('return api.json("/pay", { method: "POST", json: { amount: 1 } });');
    assert.equal(failed.ok, false);
    assert.equal((failed.error as { status: number }).status, 500);
    assert.equal(of("POST", "/pay").length, 1);
  });

  test("the breaker opens after consecutive failures and then fails fast without a request", async () => {
    const r = await inPage(
      `const names = [];
       for (let i = 0; i < 5; i++) { try { await api.fetch("/down-breaker"); } catch (e) { names.push(e.name); } }
       return { names, state: api.circuit.state };`,
      { retry: false, breaker: { consecutive: 2, halfOpenAfter: 60000 } },
    );
    const value = r.value as { names: string[]; state: string };
    assert.deepEqual(value.names, ["HTTP_503", "HTTP_503", "CIRCUIT_OPEN", "CIRCUIT_OPEN", "CIRCUIT_OPEN"]);
    assert.equal(value.state, "open");
    assert.equal(of("GET", "/down-breaker").length, 2);
  });

  test("the retry budget caps the retries of all calls while the server is down", async () => {
    const r = await inPage(
      `let failed = 0;
       for (let i = 0; i < 5; i++) { try { await api.fetch("/down-budget"); } catch { failed++; } }
       return failed;`,
      { budget: { capacity: 2, ratio: 0.1 } },
    );
    assert.equal(r.value, 5);
    assert.equal(of("GET", "/down-budget").length, 5 + 2);
  });

  test("a same-origin redirect of a GET is followed, as fetch does; one to another origin, or of a write, is refused", async () => {
    const same = await inPage('return api.json("/moved");', {}, samePage);
    assert.deepEqual(same.value, { ok: true }, JSON.stringify(same));
    assert.equal(of("GET", "/repos/ok").length, 1);
    const away = await inPage('return api.json("/moved-away");', {}, samePage);
    assert.equal((away.error as { name: string }).name, "REDIRECT_REFUSED");
    const write = await inPage('return api.json("/moved", { method: "POST", json: {} });', {}, samePage);
    assert.equal((write.error as { name: string }).name, "REDIRECT_REFUSED");
    // From another origin's page the target stays hidden and cannot be checked: refused, as before.
    const cross = await inPage('return api.json("/moved");');
    assert.equal((cross.error as { name: string }).name, "REDIRECT_REFUSED");
  });
});
