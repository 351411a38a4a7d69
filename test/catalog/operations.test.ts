/** Operations: selectors resolved to errors, HTTP routes parsed and checked, and the lint rules that read them. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compileCatalog } from "../../src/catalog/compile.js";
import { lintCatalog } from "../../src/catalog/lint.js";
import { operationErrors, parseHttp } from "../../src/catalog/operations.js";

const CLEAN = { causes: ["a cause"], solutions: ["a solution"] };

/** A catalog with a few errors in two categories and two groups (one under the other), plus `spec`. */
function build(spec: Record<string, unknown>) {
  return compileCatalog({
    name: "repos",
    version: "1.0.0",
    groups: { repos: { title: "Repositories" }, stars: { title: "Stars", parent: "repos" } },
    errors: {
      AUTH_REQUIRED: { ...CLEAN, category: "authentication" },
      RATE_LIMITED: { ...CLEAN, category: "rate_limit" },
      INTERNAL_ERROR: { ...CLEAN, category: "server" },
      REPO_NOT_FOUND: { ...CLEAN, category: "not_found", group: "repos" },
      DUPLICATE_STAR: { ...CLEAN, category: "conflict", group: "stars" },
      NO_EXISTING_STAR: { ...CLEAN, category: "not_found", group: "stars" },
    },
    ...spec,
  });
}

describe("operations", () => {
  test("errors and common errors by name, category and group (subgroups included), in catalog order", () => {
    const { catalog, problems } = build({
      commonErrors: ["AUTH_REQUIRED", { category: "rate_limit" }, "INTERNAL_ERROR"],
      operations: {
        createStar: {
          http: "POST /repos/{repoId}/stars",
          summary: "Star a repository",
          parameters: { repoId: { description: "The repository" } },
          errors: ["DUPLICATE_STAR", "REPO_NOT_FOUND"],
        },
        listRepoErrors: { http: "GET /repos", errors: [{ group: "repos" }], commonErrors: false },
        health: { http: "GET /health", commonErrors: ["INTERNAL_ERROR"] },
        decision_create: { mcp: "decision_create", errors: [{ category: "not_found" }] },
        "repos.get": { jsonrpc: "repos.get", errors: ["REPO_NOT_FOUND"] },
      },
    });
    assert.deepEqual(problems, []);
    assert.ok(catalog);
    assert.deepEqual(catalog.commonErrors, ["AUTH_REQUIRED", "RATE_LIMITED", "INTERNAL_ERROR"]);
    const [star, list, health, tool, rpc] = catalog.operations;
    assert.deepEqual(
      { ...star },
      {
        id: "createStar",
        catalog: "repos",
        kind: "http",
        method: "POST",
        path: "/repos/{repoId}/stars",
        summary: "Star a repository",
        parameters: [{ name: "repoId", description: "The repository" }],
        errors: ["REPO_NOT_FOUND", "DUPLICATE_STAR"],
        commonErrors: ["AUTH_REQUIRED", "RATE_LIMITED", "INTERNAL_ERROR"],
      },
    );
    assert.ok(star);
    assert.deepEqual(operationErrors(star), [
      "REPO_NOT_FOUND",
      "DUPLICATE_STAR",
      "AUTH_REQUIRED",
      "RATE_LIMITED",
      "INTERNAL_ERROR",
    ]);
    assert.deepEqual(
      [list?.errors, list?.commonErrors],
      [["REPO_NOT_FOUND", "DUPLICATE_STAR", "NO_EXISTING_STAR"], []],
    );
    assert.deepEqual([health?.errors, health?.commonErrors], [[], ["INTERNAL_ERROR"]]);
    assert.deepEqual(
      [tool?.kind, tool?.name, tool?.errors],
      ["mcp", "decision_create", ["REPO_NOT_FOUND", "NO_EXISTING_STAR"]],
    );
    assert.deepEqual([rpc?.kind, rpc?.name], ["jsonrpc", "repos.get"]);
  });

  test("unknown names (with the one meant), categories and groups are problems at their place", () => {
    const { problems } = build({
      commonErrors: ["AUTH_REQUIRD"],
      operations: {
        createStar: { http: "POST /stars", errors: ["DUPLICATE_STAR", { category: "nope" }, { group: "star" }] },
      },
    });
    assert.deepEqual(
      problems.map((p) => [p.rule, p.path.join("."), p.message]),
      [
        ["unknown-error", "commonErrors.0", "no error is called AUTH_REQUIRD; did you mean AUTH_REQUIRED?"],
        ["unknown-category", "operations.createStar.errors.1", 'no category is called "nope"'],
        ["unknown-group", "operations.createStar.errors.2", 'no group is called "star"'],
      ],
    );
  });

  test("routes: a malformed template, a method that is none, a parameter not in the path, a route twice", () => {
    const { problems } = build({
      commonErrors: ["INTERNAL_ERROR"],
      operations: {
        a: { http: "POST /repos/{repoId}/stars", parameters: { repo: {} } },
        b: { http: "POST /repos/{id}/stars" },
        c: { http: "FETCH /repos" },
        d: { http: "GET /repos/{repo-id}" },
        e: { http: "GET /repos/{id}/{id}" },
        f: { http: "GET /repos/{id" },
        g: { http: "/repos" },
        h: {},
        i: { http: "GET /x", mcp: "x" },
        j: { mcp: "bad name!" },
        k: { mcp: "tool", parameters: { x: {} } },
        l: { grpc: "Orders.Create" },
        m: { grpc: "shop.v1.Orders/Create/x" },
        n: { grpc: "shop.v1.Orders/Create" },
        o: { grpc: "Orders/Create", jsonrpc: "create" },
      },
    });
    assert.deepEqual(
      problems.map((p) => [p.rule, p.path.join(".")]),
      [
        ["operation-parameter", "operations.a.parameters.repo"],
        ["operation-duplicate", "operations.b"],
        ["operation-path", "operations.c.http"],
        ["operation-path", "operations.d.http"],
        ["operation-path", "operations.e.http"],
        ["operation-path", "operations.f.http"],
        ["operation-path", "operations.g.http"],
        ["operation-kind", "operations.h"],
        ["operation-kind", "operations.i"],
        ["operation-name", "operations.j.mcp"],
        ["operation-parameter", "operations.k.parameters"],
        ["operation-name", "operations.l.grpc"],
        ["operation-name", "operations.m.grpc"],
        ["operation-kind", "operations.o"],
      ],
    );
    assert.match(problems[1]?.message ?? "", /^b is the same route as a$/);
    assert.deepEqual(parseHttp("DELETE /repos/{repoId}/stars/{starId}"), {
      method: "DELETE",
      path: "/repos/{repoId}/stars/{starId}",
      params: ["repoId", "starId"],
    });
  });

  test("lint: an error no operation returns (warning), an operation with no errors (info), quiet without operations", () => {
    const { catalog } = build({
      operations: { createStar: { http: "POST /stars", errors: ["DUPLICATE_STAR"] }, ping: { http: "GET /ping" } },
    });
    assert.ok(catalog);
    const found = lintCatalog(catalog).filter(
      (p) => p.rule === "error-unreturned" || p.rule === "operation-without-errors",
    );
    assert.deepEqual(
      found.map((p) => [p.rule, p.severity, p.path.join(".")]),
      [
        ["error-unreturned", "warning", "errors.AUTH_REQUIRED"],
        ["error-unreturned", "warning", "errors.RATE_LIMITED"],
        ["error-unreturned", "warning", "errors.INTERNAL_ERROR"],
        ["error-unreturned", "warning", "errors.REPO_NOT_FOUND"],
        ["error-unreturned", "warning", "errors.NO_EXISTING_STAR"],
        ["operation-without-errors", "info", "operations.ping"],
      ],
    );
    const plain = build({}).catalog;
    assert.ok(plain);
    assert.deepEqual(
      lintCatalog(plain).filter((p) => p.rule === "error-unreturned"),
      [],
    );
    const off = build({
      operations: { ping: { http: "GET /ping" } },
      lint: { rules: { "error-unreturned": "off", "operation-without-errors": "warning" } },
    }).catalog;
    assert.ok(off);
    assert.deepEqual(
      lintCatalog(off).map((p) => [p.rule, p.severity]),
      [["operation-without-errors", "warning"]],
    );
  });
});
