/**
 * `errata serve [catalog...] --port N`: the site and a JSON API on 127.0.0.1.
 * GET /api/errors lists every error; GET /api/errors/:code gives one (by code or
 * name) with its definition and example responses, its text in the caller's
 * language (Accept-Language, negotiated per catalog); anything unknown answers in
 * problem+json with errata's own errors, like any errata server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { findError, suggestErrors } from "../catalog/lookup.js";
import type { Catalog } from "../catalog/model.js";
import { bumpBetween } from "../diff/diff.js";
import { docEntries, docEntry } from "../docs/entries.js";
import { exampleResponses } from "../docs/examples.js";
import { buildSite, type SiteFiles } from "../docs/site.js";
import { ownErrors } from "../own/catalog.js";
import { rejected } from "../server/normalize.js";
import { errorResponse, negotiateLanguage } from "../server/respond.js";
import { loadCatalog } from "../sources/load.js";

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
};

const SECURITY = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'",
};

/** Host names a served site answers to by default: loopback only, so a DNS-rebinding page cannot read it. */
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/** The host name of a Host header (its port dropped), lower-cased. */
function hostName(header: string | undefined): string {
  const host = (header ?? "").trim().toLowerCase();
  return host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d*$/, "");
}

/** One request's answers: a page or file of the site, JSON, or an error in problem+json. */
interface Reply {
  readonly send: (status: number, headers: Record<string, string>, body: string) => void;
  readonly fail: (error: unknown) => void;
  /** JSON, with the languages its text is in. */
  readonly json: (value: unknown, locales: readonly string[]) => void;
}

function replyTo(req: IncomingMessage, res: ServerResponse, languages: boolean): Reply {
  const send = (status: number, headers: Record<string, string>, body: string) => {
    res.writeHead(status, { ...SECURITY, ...headers });
    res.end(req.method === "HEAD" ? undefined : body);
  };
  return {
    send,
    fail: (error) => {
      const r = errorResponse(error, req.headers, { format: "problem" });
      send(r.status, r.headers, typeof r.body === "string" ? r.body : "");
    },
    json: (value, locales) =>
      send(
        200,
        {
          "Content-Type": "application/json",
          ...(languages ? { "Content-Language": [...new Set(locales)].join(", "), Vary: "Accept-Language" } : {}),
        },
        JSON.stringify(value),
      ),
  };
}

/** The JSON API: every error (GET /api/errors), or one by code or name (GET /api/errors/:code). */
function answerApi(
  path: string,
  catalogs: readonly Catalog[],
  localeOf: (catalog: Catalog) => string,
  entriesIn: (catalog: Catalog, locale: string) => readonly object[],
  reply: Reply,
): void {
  if (path === "/api/errors") {
    const chosen = catalogs.map(localeOf);
    reply.json(
      catalogs.flatMap((c, i) => entriesIn(c, chosen[i] as string)),
      chosen,
    );
    return;
  }
  const query = path.slice("/api/errors/".length);
  for (const catalog of catalogs) {
    const def = findError(catalog, query);
    if (!def) continue;
    const entry = docEntry(def, catalog, localeOf(catalog));
    const answer = {
      catalog: catalog.name,
      version: catalog.version,
      ...entry,
      // The definition as the catalog gives it, without where it was read from: no file path reaches a client.
      definition: { ...def, source: undefined },
      examples: exampleResponses(def, catalog),
    };
    reply.json(answer, [entry.locale]);
    return;
  }
  const catalogNames = catalogs.map((c) => c.name).join(", ");
  const suggestions = suggestErrors(catalogs, query);
  reply.fail(ownErrors.UNKNOWN_ERROR({ query: query.slice(0, 100), catalogs: catalogNames, suggestions }));
}

/** A file of the site; a page's URL without its slash is redirected to it. */
function answerFile(path: string, method: string, site: SiteFiles, reply: Reply): void {
  const file = path === "/" ? "index.html" : path.endsWith("/") ? `${path.slice(1)}index.html` : path.slice(1);
  const body = site.get(file);
  if (body !== undefined) {
    reply.send(200, { "Content-Type": TYPES[file.split(".").at(-1) ?? ""] ?? "application/octet-stream" }, body);
  } else if (site.has(`${path.slice(1)}/index.html`)) {
    // /gitclaw/rate-limited, the docs URL without its slash: the page lives one level down.
    reply.send(301, { Location: `${path}/` }, "");
  } else reply.fail(ownErrors.ROUTE_NOT_FOUND({ method, path: path.slice(0, 500) }));
}

/**
 * The request handler of a served site. With several versions of a catalog, the API
 * answers from the newest. It answers only requests whose Host is a loopback name or
 * one of `hosts` (421 otherwise).
 */
export function docsServer(given: readonly Catalog[], hosts: readonly string[] = []): Server {
  const allowed = new Set([...LOOPBACK_HOSTS, ...hosts.map((h) => h.toLowerCase())]);
  const site = buildSite(given);
  const catalogs = newestOf(given);
  // Each catalog's entries per language, built when first asked.
  const entries = new Map<string, readonly object[]>();
  const entriesIn = (catalog: Catalog, locale: string) => {
    const key = `${catalog.name}\0${locale}`;
    let list = entries.get(key);
    if (!list) {
      list = docEntries(catalog, locale).map((e) => ({ catalog: catalog.name, version: catalog.version, ...e }));
      entries.set(key, list);
    }
    return list;
  };
  const languages = catalogs.some((c) => c.locales.length > 1);
  return createServer((req, res) => {
    const reply = replyTo(req, res, languages);
    const reject = (status: number) => reply.fail(rejected(undefined, status));
    if (!allowed.has(hostName(req.headers.host))) return reject(421);
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      return reject(400);
    }
    if (req.method !== "GET" && req.method !== "HEAD") return reject(405);
    // The caller's language among each catalog's, by the same negotiator as the error responses.
    const localeOf = (catalog: Catalog) =>
      negotiateLanguage(req.headers["accept-language"], catalog.locales) ?? catalog.defaultLocale;
    if (path === "/api/errors" || path.startsWith("/api/errors/"))
      return answerApi(path, catalogs, localeOf, entriesIn, reply);
    answerFile(path, req.method, site, reply);
  });
}

/** The newest version of each catalog, in the order first given. */
function newestOf(catalogs: readonly Catalog[]): Catalog[] {
  const newest = new Map<string, Catalog>();
  for (const c of catalogs) {
    const known = newest.get(c.name);
    const bump = known ? bumpBetween(known.version, c.version) : "major";
    if (bump === "major" || bump === "minor" || bump === "patch") newest.set(c.name, c);
  }
  return [...newest.values()];
}

/** Start serving; resolves once listening. The process keeps running until stopped. */
export async function runServe(
  catalogFiles: readonly string[],
  port: number,
  write: (s: string) => void,
): Promise<Server> {
  const catalogs = catalogFiles.map((f) => loadCatalog(f));
  const server = docsServer(catalogs);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  write(
    `errata serve: http://127.0.0.1:${address.port}/ (${catalogs.map((c) => c.name).join(", ")}; Ctrl-C to stop)\n`,
  );
  return server;
}
