/**
 * Deprecation callers can see: a deprecated error is sent with Deprecation (RFC 9745,
 * read by structured-headers as a Date), Sunset (RFC 8594, an HTTP date) and Link
 * rel="deprecation"/"sunset" (read by http-link-header), through real adapters;
 * errata/client tells it once per code; the generated TypeScript marks the factory
 * @deprecated (TypeScript's own language service reports its use) and the generated
 * Python warns (DeprecationWarning, run by python3); errata diff calls a removal
 * before the sunset breaking, after it planned; the build refuses impossible dates.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import LinkHeader from "http-link-header";
import Koa from "koa";
import { parseItem } from "structured-headers";
import ts from "typescript";
import { compileCatalog } from "../../src/catalog/compile.js";
import type { Catalog } from "../../src/catalog/model.js";
import { createClient, type DeprecatedEvent } from "../../src/client/index.js";
import { pythonModule } from "../../src/codegen/python.js";
import { typescriptModule } from "../../src/codegen/typescript.js";
import { diffCatalogs } from "../../src/diff/diff.js";
import { errataKoa } from "../../src/frameworks/koa/index.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { errataFastify, expressErrorHandler, honoErrorHandler, sendError, toResponse } from "../../src/server/index.js";
import { loadCatalog } from "../../src/sources/load.js";
import { tempFiles } from "../helpers.js";
import { nestServer } from "../server/nestApp.js";

const YAML = `name: shop
version: 1.1.0
docsBaseUrl: https://docs.shop.example/errors/
errors:
  ORDER_GONE:
    category: not_found
    causes: [The order was archived]
    solutions: [Ask for ORDER_NOT_FOUND's replacement]
    deprecated: { since: 2026-01-15, sunset: 2026-07-01, replacedBy: ORDER_NOT_FOUND, reason: merged into ORDER_NOT_FOUND }
  ORDER_NOT_FOUND:
    category: not_found
    causes: [No such order]
    solutions: [Check the id]
`;
const dir = tempFiles({ "shop.yaml": YAML });
const catalog = loadCatalog(join(dir, "shop.yaml"));
const errors = createErrors(catalog);
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** The deprecation headers, read by parsers errata did not write. */
function readDeprecation(headers: Headers) {
  const [date] = parseItem(headers.get("deprecation") ?? "") as [unknown, unknown];
  const links = LinkHeader.parse(headers.get("link") ?? "");
  return {
    deprecation: date instanceof Date ? date.toISOString() : date,
    sunset: new Date(headers.get("sunset") ?? "").toISOString(),
    sunsetIsHttpDate: /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(
      headers.get("sunset") ?? "",
    ),
    deprecationLink: links.rel("deprecation")[0]?.uri,
    sunsetLink: links.rel("sunset")[0]?.uri,
  };
}

const EXPECTED = {
  deprecation: "2026-01-15T00:00:00.000Z",
  sunset: "2026-07-01T00:00:00.000Z",
  sunsetIsHttpDate: true,
  deprecationLink: "https://docs.shop.example/errors/order-gone",
  sunsetLink: "https://docs.shop.example/errors/order-gone",
};

async function overHttp(listener: RequestListener): Promise<Headers> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    return (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/orders/o1`)).headers;
  } finally {
    server.close();
  }
}

test("a deprecated error carries Deprecation, Sunset and Link through the Fetch, Express and Koa adapters", async () => {
  const thrown = () => errors.ORDER_GONE?.({});
  assert.deepEqual(readDeprecation(toResponse(thrown(), { catalog, logger: quiet }).headers), EXPECTED);
  const app = express();
  app.get("/orders/:id", () => {
    throw thrown();
  });
  app.use(expressErrorHandler({ catalog, logger: quiet }));
  assert.deepEqual(readDeprecation(await overHttp(app)), EXPECTED);
  const koa = new Koa();
  koa.use(errataKoa({ catalog, logger: quiet }));
  koa.use(() => {
    throw thrown();
  });
  assert.deepEqual(readDeprecation(await overHttp(koa.callback())), EXPECTED);
  assert.equal(toResponse(errors.ORDER_NOT_FOUND?.({}), { catalog }).headers.get("deprecation"), null);
});

test("and through node:http, Fastify, Hono and NestJS", async () => {
  const thrown = () => errors.ORDER_GONE?.({});
  assert.deepEqual(
    readDeprecation(await overHttp((req, res) => void sendError(res, thrown(), req, { catalog, logger: quiet }))),
    EXPECTED,
  );
  const fastify = Fastify();
  await fastify.register(errataFastify, { catalog, logger: quiet });
  fastify.get("/orders/:id", async () => {
    throw thrown();
  });
  const fastifyUrl = await fastify.listen({ port: 0, host: "127.0.0.1" });
  try {
    assert.deepEqual(readDeprecation((await fetch(`${fastifyUrl}/orders/o1`)).headers), EXPECTED);
  } finally {
    await fastify.close();
  }
  const hono = new Hono();
  hono.onError(honoErrorHandler({ catalog, logger: quiet }));
  hono.get("/orders/:id", () => {
    throw thrown();
  });
  assert.deepEqual(readDeprecation((await hono.request("/orders/o1")).headers), EXPECTED);
  const nest = await nestServer("express", [{ method: "GET", path: "orders/:n", handle: () => fail(thrown()) }], {
    catalog,
    logger: quiet,
  });
  try {
    assert.deepEqual(readDeprecation((await fetch(`${nest.url}/orders/o1`)).headers), EXPECTED);
  } finally {
    await nest.close();
  }
});

function fail(error: unknown): never {
  throw error;
}

test("errata/client tells a deprecated error once per code, with its sunset and link", async () => {
  const told: DeprecatedEvent[] = [];
  const api = createClient({
    baseUrl: "http://shop.local",
    catalogs: [catalog],
    retry: { maxAttempts: 1 },
    onDeprecated: (e) => told.push(e),
    fetch: async () => toResponse(errors.ORDER_GONE?.({}), { catalog, logger: quiet }),
  });
  for (let i = 0; i < 3; i++) await api.json("/orders/o1").catch(() => undefined);
  assert.deepEqual(told, [
    {
      name: "ORDER_GONE",
      code: "ORDER_GONE",
      deprecation: "@1768435200",
      sunset: "Wed, 01 Jul 2026 00:00:00 GMT",
      link: "https://docs.shop.example/errors/order-gone",
    },
  ]);
});

test("the generated TypeScript marks the factory @deprecated: TypeScript's language service reports its use", () => {
  const out = mkdtempSync(join(tmpdir(), "errata-deprecated-"));
  const files: Record<string, string> = {
    [join(out, "shop_errors.ts")]: typescriptModule(join(dir, "shop.yaml"), { importFrom: "../../src/index.js" }),
    [join(out, "use.ts")]:
      `import { errors } from "./shop_errors.js";\nexport const gone = errors.ORDER_GONE({});\nexport const found = errors.ORDER_NOT_FOUND({});\n`,
  };
  const shopErrors = files[join(out, "shop_errors.ts")] as string;
  files[join(out, "shop_errors.ts")] = shopErrors.replace(
    `from "../../src/index.js"`,
    `from ${JSON.stringify(join(process.cwd(), "src", "index.ts"))}`,
  );
  for (const [file, text] of Object.entries(files)) writeFileSync(file, text);
  const options = {
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    allowImportingTsExtensions: true,
    noEmit: true,
  };
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => Object.keys(files),
    getScriptVersion: () => "1",
    getScriptSnapshot: (f) => ts.ScriptSnapshot.fromString(files[f] ?? ts.sys.readFile(f) ?? ""),
    getCurrentDirectory: () => out,
    getCompilationSettings: () => options,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (f) => f in files || ts.sys.fileExists(f),
    readFile: (f) => files[f] ?? ts.sys.readFile(f),
  };
  const service = ts.createLanguageService(host);
  const use = join(out, "use.ts");
  const deprecated = service.getSuggestionDiagnostics(use).filter((d) => d.code === 6385 || d.code === 6387);
  assert.equal(deprecated.length, 1, JSON.stringify(deprecated.map((d) => d.messageText)));
  assert.match(ts.flattenDiagnosticMessageText(deprecated[0]?.messageText ?? "", "\n"), /ORDER_GONE/);
  assert.deepEqual(
    service.getSemanticDiagnostics(use).map((d) => d.messageText),
    [],
  );
});

test("the generated Python warns when a deprecated error is made (DeprecationWarning), and only then", () => {
  const out = mkdtempSync(join(tmpdir(), "errata-deprecated-py-"));
  writeFileSync(join(out, "shop_errors.py"), pythonModule(catalog));
  const script = `
import json, sys, warnings
sys.path.insert(0, sys.argv[1])
import shop_errors as m
with warnings.catch_warnings(record=True) as seen:
    warnings.simplefilter("always")
    m.error_class("ORDER_GONE")("ORDER_GONE", "gone")
    m.error_class("ORDER_NOT_FOUND")("ORDER_NOT_FOUND", "missing")
print(json.dumps([[w.category.__name__, str(w.message)] for w in seen]))
`;
  const r = spawnSync("python3", ["-I", "-c", script, out], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [
    [
      "DeprecationWarning",
      "ORDER_GONE is deprecated: since 2026-01-15; no longer sent after 2026-07-01; use ORDER_NOT_FOUND",
    ],
  ]);
});

test("errata diff: removed before its sunset is breaking, after it the removal announced", () => {
  const next = compileCatalog({
    name: "shop",
    version: "1.2.0",
    errors: { ORDER_NOT_FOUND: { category: "not_found", causes: ["x"], solutions: ["y"] } },
  }).catalog as Catalog;
  const early = diffCatalogs(catalog, next, [], Date.parse("2026-03-01"));
  assert.deepEqual(
    early.changes.filter((c) => c.error === "ORDER_GONE").map((c) => [c.impact, c.rule, c.message]),
    [
      [
        "breaking",
        "error-removed",
        "ORDER_GONE (ORDER_GONE) removed before its sunset (2026-07-01): callers were told it stays until then",
      ],
    ],
  );
  const late = diffCatalogs(catalog, next, [], Date.parse("2026-07-02"));
  assert.deepEqual(
    late.changes.filter((c) => c.error === "ORDER_GONE").map((c) => [c.impact, c.rule]),
    [["compatible", "error-retired"]],
  );
});

test("the build refuses a date that is none and a sunset before the deprecation", () => {
  const { problems } = compileCatalog({
    name: "shop",
    version: "1.0.0",
    errors: {
      A: { category: "not_found", deprecated: { since: "2026-02-30" } },
      B: { category: "not_found", deprecated: { since: "2026-05-01", sunset: "2026-01-01" } },
    },
  });
  assert.deepEqual(
    problems.filter((p) => p.rule === "deprecation-date").map((p) => p.path.join(".")),
    ["errors.A.deprecated.since", "errors.B.deprecated.sunset"],
  );
});
