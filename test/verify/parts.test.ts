/**
 * The parts of errata verify on their own: the leak patterns (found where they are,
 * silent on every example body of every bundled catalog in its own format), the
 * routes (under a base path, the most specific template first), and the bound on
 * the findings a run keeps.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import type { Catalog } from "../../src/catalog/model.js";
import { FindingList, finding, MAX_KEPT_FINDINGS } from "../../src/own/finding.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { loadCatalog } from "../../src/sources/load.js";
import type { Exchange } from "../../src/verify/exchange.js";
import { leaksIn } from "../../src/verify/leaks.js";
import { routesOf } from "../../src/verify/routes.js";
import { encode } from "../../src/wire/index.js";
import { BUNDLED, REPO } from "../helpers.js";

test("leaks: stack traces, server paths, SQL and tokens are found; prose and URLs are not", () => {
  const found: [string, string[]][] = [
    ["Error: x\n    at Object.<anonymous> (index.js:10:5)", ["a stack trace"]],
    ["at processTicksAndRejections (node:internal/process/task_queues:95:5)", ["a stack trace"]],
    ['Traceback (most recent call last):\n  File "main.py", line 3', ["a stack trace"]],
    ["open '/home/deploy/config.json'", ["a file path"]],
    ["SELECT id FROM users WHERE name = 'x'", ["SQL"]],
    ['ERROR: syntax error at or near "FROM"', ["SQL"]],
    ["key AKIAIOSFODNN7EXAMPLE", ["a secret-looking token"]],
    ["-----BEGIN RSA PRIVATE KEY-----", ["a secret-looking token"]],
    ["meet at 12:30:45", []],
    ["Select a plan from the list, then update the settings", []],
    ['{"instance":"/repos/1/stars","type":"https://errata.dev/errors/NOT_FOUND"}', []],
    ["x".repeat(1_000_000), []],
  ];
  for (const [text, leaks] of found) assert.deepEqual(leaksIn(text), leaks, text.slice(0, 60));
});

test("leaks: no bundled catalog's example, encoded in its format, looks like a leak", () => {
  let bodies = 0;
  for (const name of BUNDLED) {
    const catalog = loadCatalog(join(REPO, "examples", "catalogs", `${name}.yaml`));
    const errors = createErrors(catalog, { stack: false });
    for (const def of catalog.errors) {
      for (const example of def.examples.length > 0 ? def.examples : [{ details: {} }]) {
        const encoded = encode(errors[def.name]?.(example.details as never) as never, catalog.format);
        const text = typeof encoded.body === "string" ? encoded.body : "";
        assert.deepEqual(leaksIn(text), [], `${name} ${def.name}: ${text.slice(0, 200)}`);
        bodies++;
      }
    }
  }
  assert.ok(bodies > 100, String(bodies));
});

const exchange = (method: string, url: string): Exchange => ({
  method,
  url,
  status: 404,
  requestHeaders: {},
  place: { file: "t" },
});

test("routes: templates match under any base path; the exact, then the most literal, template wins", () => {
  const catalog = {
    operations: [
      { id: "getRepo", kind: "http", method: "GET", path: "/repos/{id}", errors: [], commonErrors: [], parameters: [] },
      { id: "getMine", kind: "http", method: "GET", path: "/repos/mine", errors: [], commonErrors: [], parameters: [] },
      {
        id: "getStars",
        kind: "http",
        method: "GET",
        path: "/repos/{id}/stars",
        errors: [],
        commonErrors: [],
        parameters: [],
      },
      { id: "tool", kind: "mcp", name: "decision_get", errors: [], commonErrors: [], parameters: [] },
    ],
  } as unknown as Catalog;
  const routes = routesOf([catalog]);
  const id = (e: Exchange) => routes.operationOf(e)?.id;
  assert.equal(id(exchange("GET", "http://h/repos/1")), "getRepo");
  assert.equal(id(exchange("GET", "http://h/v1/repos/1")), "getRepo");
  assert.equal(id(exchange("GET", "http://h/repos/mine")), "getMine");
  assert.equal(id(exchange("GET", "/api/repos/1/stars?x=1")), "getStars");
  assert.equal(id(exchange("POST", "http://h/repos/1")), undefined);
  assert.equal(id(exchange("GET", `http://h/${"a/".repeat(10_000)}repos/1`)), undefined);
  const call = {
    ...exchange("POST", "/mcp"),
    requestBody: '{"jsonrpc":"2.0","method":"tools/call","params":{"name":"decision_get"}}',
  };
  assert.equal(id(call), "tool");
});

test("a run keeps the first 10,000 findings and counts the rest by rule, errors included", () => {
  const list = new FindingList();
  const f = finding("RESPONSE_LEAK", { status: 500, request: "GET /", leak: "SQL", where: "the body" }, { file: "t" });
  for (let i = 0; i < MAX_KEPT_FINDINGS + 5; i++) list.push(f);
  assert.equal(list.kept.length, MAX_KEPT_FINDINGS);
  assert.deepEqual(Object.fromEntries(list.unkept), { "response-leak": 5 });
  assert.equal(list.unkeptErrors, 5);
});
