/** Calls by operation: the route from the catalog's operations, parameters as one encoded segment each, typed errors. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createClient, fillPath, operationClient } from "../../src/client/index.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { isErrataError } from "../../src/runtime/ErrataError.js";
import { loadBundled } from "../helpers.js";
import { fail, ok, type Scripted, scriptedServer } from "./scripted.js";

const gitclaw = loadBundled("gitclaw");
const g = createErrors(gitclaw, { stack: false });
/** As `errata codegen --target ts` writes them. */
const OPERATIONS = {
  starRepo: { kind: "http", method: "POST", path: "/repos/{repoId}/stars", errors: ["DUPLICATE_STAR"] },
  health: { kind: "http", method: "GET", path: "/health", errors: [] },
  decision_get: { kind: "mcp", name: "decision_get", errors: [] },
} as const;

let server: Scripted;
before(async () => {
  server = await scriptedServer();
});
after(() => server.close());

test("a call takes its method and path from the operation, with the query and a JSON body", async () => {
  server.script("/v1/repos/r1/stars", ok({ starred: true }, 201));
  const api = operationClient(createClient({ baseUrl: `${server.url}/v1/`, catalogs: [gitclaw] }), OPERATIONS);
  const result = await api.call("starRepo", {
    params: { repoId: "r1" },
    query: { notify: true, skip: undefined },
    body: { reason: "good" },
  });
  assert.deepEqual(result, { starred: true });
  const [hit] = server.hits("/v1/repos/r1/stars");
  assert.deepEqual(
    [hit?.method, hit?.body, hit?.headers["content-type"]],
    ["POST", '{"reason":"good"}', "application/json"],
  );
  server.script("/v1/health", ok({ up: true }));
  assert.deepEqual(await api.call("health"), { up: true });
});

test("a parameter stays one segment: slashes and a scheme are encoded; dot segments, empty and missing are refused", async () => {
  assert.equal(fillPath("/repos/{repoId}/stars", { repoId: "a/b?c#d" }), "/repos/a%2Fb%3Fc%23d/stars");
  // WHATWG URL reads %2E%2E as "..": no encoding of a dot segment stays in its place.
  assert.throws(() => fillPath("/repos/{repoId}/stars", { repoId: ".." }), /path parameter repoId cannot be "\.\."/);
  assert.throws(() => fillPath("/repos/{repoId}", { repoId: "." }), /cannot be "\."/);
  assert.equal(fillPath("/repos/{repoId}", { repoId: "%2E%2E" }), "/repos/%252E%252E");
  assert.equal(fillPath("/{id}", { id: "javascript:alert(1)" }), "/javascript%3Aalert(1)");
  assert.equal(fillPath("/repos/{n}", { n: 42 }), "/repos/42");
  assert.throws(() => fillPath("/repos/{repoId}", { repoId: "" }), /path parameter repoId is empty/);
  assert.throws(() => fillPath("/repos/{repoId}", {}), /path parameter repoId must be a string or a number/);
  server.script("/repos/a%2Fb/stars", ok({}));
  const api = operationClient(createClient({ baseUrl: server.url }), OPERATIONS);
  await api.call("starRepo", { params: { repoId: "a/b" } });
  assert.equal(server.hits("/repos/a%2Fb/stars").length, 1);
  await assert.rejects(() => api.call("starRepo", { params: { repoId: ".." } }), RangeError);
  await assert.rejects(() => api.call("decision_get" as never), /decision_get is not an HTTP operation/);
});

test("a failure is the client's typed error, as any call's", async () => {
  server.script("/repos/r2/stars", fail(g.DUPLICATE_STAR?.({ repoId: "r2" }) as never));
  const api = operationClient(createClient({ baseUrl: server.url, catalogs: [gitclaw], retry: false }), OPERATIONS);
  const error = await api.call("starRepo", { params: { repoId: "r2" } }).catch((e: unknown) => e);
  assert.ok(isErrataError(error));
  assert.deepEqual([error.name, error.status], ["DUPLICATE_STAR", 409]);
});
