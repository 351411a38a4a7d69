/** Anything thrown becomes a typed error; unexpected ones never show their message. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createErrors } from "../../src/runtime/createErrors.js";
import { normalize, requestIdFrom, requestValidation, routeNotFound, traceIdFrom } from "../../src/server/index.js";
import { loadBundled } from "../helpers.js";

const aragora = loadBundled("aragora");

describe("normalize", () => {
  test("this API's own errata errors are sent as they are (rebuilt from their checked fields)", () => {
    const e = createErrors(aragora).RATE_LIMITED?.({ retryAfter: 5 }, { requestId: "r-1" });
    assert.ok(e);
    const n = normalize(e, aragora, "t");
    assert.deepEqual(n.error.toJSON(), e.toJSON());
    assert.equal(n.error.definition, e.definition);
    assert.equal(n.expected, true);
  });

  test("plain errors, strings, numbers, null and undefined become INTERNAL_ERROR with the trace id", () => {
    for (const thrown of [
      new Error("db password is hunter2"),
      "boom",
      42,
      null,
      undefined,
      Symbol("s"),
      10n,
      () => 1,
    ]) {
      const n = normalize(thrown, undefined, "trace-1");
      assert.equal(n.expected, false);
      assert.equal(n.error.name, "INTERNAL_ERROR");
      assert.equal(n.error.status, 500);
      assert.deepEqual(n.error.details, { traceId: "trace-1" });
      assert.doesNotMatch(JSON.stringify(n.error), /hunter2|boom/);
    }
  });

  test("the API's own INTERNAL_ERROR is used when its catalog declares one", () => {
    const n = normalize(new Error("x"), aragora, "t");
    assert.equal(n.error.message, "Internal server error");
    assert.equal(n.error.definition?.catalog, "aragora");
  });

  test("throwing getters and proxies are survived", () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
        getPrototypeOf() {
          throw new Error("trap");
        },
      },
    );
    assert.equal(normalize(hostile, undefined, "t").error.name, "INTERNAL_ERROR");
    const getter = Object.defineProperty({}, "issues", {
      get() {
        throw new Error("getter");
      },
    });
    assert.equal(normalize(getter, undefined, "t").error.name, "INTERNAL_ERROR");
    const circular: { cause?: unknown } = new Error("loop");
    circular.cause = circular;
    assert.equal(normalize(circular, undefined, "t").error.name, "INTERNAL_ERROR");
  });

  test("zod errors marked as request validation, and Fastify's own, become VALIDATION_ERROR with per-field violations", () => {
    const zod = requestValidation({
      name: "ZodError",
      issues: [
        { path: ["user", "email"], message: "Invalid email" },
        { path: [], message: "Required" },
      ],
    });
    const z = normalize(zod, aragora, "t");
    assert.equal(z.error.name, "VALIDATION_ERROR");
    assert.equal(z.error.status, 400);
    assert.deepEqual(z.error.details, {
      violations: [
        { field: "user.email", message: "Invalid email" },
        { field: "", message: "Required" },
      ],
    });
    const fastify = Object.assign(new Error("body must have required property 'task'"), {
      statusCode: 400,
      code: "FST_ERR_VALIDATION",
      validation: [
        { instancePath: "", params: { missingProperty: "task" }, message: "must have required property 'task'" },
        { instancePath: "/agents/0", message: "must be string" },
      ],
    });
    assert.deepEqual(normalize(fastify, undefined, "t").error.details, {
      violations: [
        { field: "task", message: "must have required property 'task'" },
        { field: "agents.0", message: "must be string" },
      ],
    });
  });

  test("body-parser and Fastify JSON errors become INVALID_JSON", () => {
    const bodyParser = Object.assign(new SyntaxError("Unexpected token } in JSON at position 9"), {
      type: "entity.parse.failed",
      status: 400,
    });
    assert.equal(normalize(bodyParser, aragora, "t").error.name, "INVALID_JSON");
    assert.equal(normalize({ code: "FST_ERR_CTP_INVALID_JSON_BODY" }, undefined, "t").error.status, 400);
  });

  test("frameworks' 4xx errors keep their status with the standard reason, never their message", () => {
    const tooLarge = Object.assign(new Error("Request body is too large: 99999 > 1024 in /srv/app"), {
      statusCode: 413,
      code: "FST_ERR_CTP_BODY_TOO_LARGE",
    });
    const n = normalize(tooLarge, undefined, "t");
    assert.deepEqual(
      [n.error.name, n.error.status, n.error.message, n.expected],
      ["REQUEST_REJECTED", 413, "Request rejected: Content Too Large", true],
    );
    assert.equal(n.error.kind, "validation");
    assert.equal(normalize({ status: 415, expose: true }, undefined, "t").error.status, 415);
    assert.equal(
      normalize({ status: 503, expose: false }, undefined, "t").error.name,
      "INTERNAL_ERROR",
      "5xx from a framework is unexpected",
    );
    const boom = { isBoom: true, output: { statusCode: 404 }, message: "secret path /srv" };
    assert.deepEqual(
      [normalize(boom, undefined, "t").error.status, normalize(boom, undefined, "t").expected],
      [404, true],
    );
  });

  test("a status on a thrown value errata did not build, and no framework did, is its upstream's", () => {
    // Octokit's RequestError: the server's own GitHub token is bad. The caller must not see a 401.
    const octokit = Object.assign(new Error("Bad credentials - https://docs.github.com/rest"), {
      name: "HttpError",
      status: 401,
      response: { headers: { "www-authenticate": "Bearer" } },
    });
    // OpenAI's APIError for a 429: the server's own quota.
    const openai = Object.assign(new Error("429 You exceeded your current quota"), {
      status: 429,
      headers: { "retry-after": "20" },
      error: { type: "insufficient_quota" },
    });
    for (const [thrown, name] of [
      [octokit, "UPSTREAM_FAILED"],
      [openai, "UPSTREAM_FAILED"],
      [{ status: 402 }, "UPSTREAM_FAILED"],
      [{ statusCode: 403 }, "UPSTREAM_FAILED"],
      [{ status: 404, message: "Not Found" }, "UPSTREAM_FAILED"],
      [{ status: 500 }, "UPSTREAM_FAILED"],
      [{ status: 504 }, "UPSTREAM_TIMEOUT"],
      [{ statusCode: 408 }, "UPSTREAM_TIMEOUT"],
    ] as const) {
      const n = normalize(thrown, undefined, "t");
      assert.equal(n.error.name, name, JSON.stringify(thrown));
      assert.equal(n.expected, false);
      assert.ok(n.error.status === 502 || n.error.status === 504);
    }
  });

  test("routeNotFound names the method and path", () => {
    const e = routeNotFound(undefined, "GET", "/nope");
    assert.deepEqual([e.name, e.status, e.message], ["ROUTE_NOT_FOUND", 404, "No route for GET /nope"]);
  });
});

describe("ids", () => {
  test("a well-formed X-Request-Id is kept; a malformed or missing one is replaced", () => {
    assert.equal(requestIdFrom("req-abc_123"), "req-abc_123");
    for (const bad of [undefined, "", "a b", "x".repeat(201), "<script>", "id\nInjected: 1"]) {
      assert.match(requestIdFrom(bad), /^[0-9a-f-]{36}$/);
    }
  });

  test("traceparent gives the trace id when valid", () => {
    assert.equal(
      traceIdFrom("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
      "4bf92f3577b34da6a3ce929d0e0e4736",
    );
    for (const bad of [
      undefined,
      "junk",
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
    ]) {
      assert.equal(traceIdFrom(bad), undefined);
    }
  });
});
