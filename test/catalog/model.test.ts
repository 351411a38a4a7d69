/** The model: defaults resolved once (error ← category ← kind), templates, kinds, gRPC mapping, lookup. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { compileCatalog } from "../../src/catalog/compile.js";
import { grpcAgreesWithStatus, grpcForStatus, statusForGrpc } from "../../src/catalog/grpc.js";
import { KINDS } from "../../src/catalog/kinds.js";
import { findError, suggestErrors } from "../../src/catalog/lookup.js";
import type { Template } from "../../src/catalog/model.js";
import { editDistance, nearest } from "../../src/catalog/nearest.js";
import { parseTemplate, renderTemplate } from "../../src/catalog/template.js";
import { loadBundled } from "../helpers.js";

function build(errors: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const { catalog, problems } = compileCatalog({ name: "t", version: "1.0.0", ...extra, errors });
  assert.deepEqual(problems, []);
  assert.ok(catalog);
  return catalog;
}

describe("defaults", () => {
  test("an error inherits from its category, which inherits from its kind", () => {
    const catalog = build(
      {
        PLAIN: { category: "rate_limit" },
        FROM_CATEGORY: { category: "busy" },
        OVERRIDDEN: { category: "busy", status: 503, retry: "never", actor: "operator", severity: "critical" },
      },
      { categories: { busy: { kind: "rate_limit", status: 429, retry: { policy: "retry_after", delaySeconds: 30 } } } },
    );
    const [plain, fromCategory, overridden] = catalog.errors;
    assert.deepEqual(
      [plain?.status, plain?.grpc, plain?.retry.policy, plain?.retryable],
      [429, "RESOURCE_EXHAUSTED", "retry_after", true],
    );
    assert.equal(plain?.actor, "nobody");
    assert.deepEqual(fromCategory?.retry, { policy: "retry_after", delaySeconds: 30 });
    assert.equal(fromCategory?.kind, "rate_limit");
    assert.deepEqual(
      [overridden?.status, overridden?.grpc, overridden?.retryable],
      [503, "UNAVAILABLE", false],
      "gRPC follows an overridden status",
    );
    assert.deepEqual([overridden?.actor, overridden?.severity], ["operator", "critical"]);
  });

  test("titles, messages, severities, docs URLs and outcomes are derived", () => {
    const catalog = build(
      {
        KEY_NOT_FOUND: { category: "not_found", description: "Identity or encryption key missing" },
        NO_CONSENSUS: { category: "outcome", message: "Consensus not reached" },
        DB_DOWN: { category: "server", docs: "https://status.example/db" },
      },
      { docsBaseUrl: "https://docs.example/errors/" },
    );
    const [key, outcome, db] = catalog.errors;
    assert.equal(key?.title, "Key Not Found");
    assert.equal(key?.message.source, "Identity or encryption key missing");
    assert.equal(key?.severity, "warning");
    assert.equal(key?.docsUrl, "https://docs.example/errors/key-not-found");
    assert.deepEqual(
      [outcome?.status, outcome?.notAnError, outcome?.severity, outcome?.grpc],
      [200, true, "info", "OK"],
    );
    assert.equal(db?.severity, "error");
    assert.equal(db?.docsUrl, "https://status.example/db");
  });

  test("recoverability follows the recovery action and the retry policy", () => {
    const catalog = build({
      A_A: { category: "protocol", retry: "transport" },
      B_B: { category: "protocol", recovery: "upgrade" },
      C_C: { category: "connection" },
      D_D: {
        category: "connection",
        recovery: { action: "fix_configuration", recoverable: "no", summary: "fix seed" },
      },
    });
    assert.deepEqual(
      catalog.errors.map((e) => [e.recovery.action, e.recovery.recoverable, e.recovery.summary]),
      [
        ["report_bug", "auto", undefined],
        ["upgrade", "no", undefined],
        ["reconnect", "yes", undefined],
        ["fix_configuration", "no", "fix seed"],
      ],
    );
  });

  test("details fields used by the message are required unless declared otherwise", () => {
    const [def] = build({
      X_Y: {
        category: "validation",
        message: "{a} {b}",
        details: { a: "string", b: { type: "integer", required: false }, c: "boolean" },
      },
    }).errors;
    assert.deepEqual(
      def?.details.map((f) => [f.name, f.required]),
      [
        ["a", true],
        ["b", false],
        ["c", false],
      ],
    );
  });
});

describe("retry.when: a maybe condition a client can check", () => {
  test("single values become lists; the advice keeps the prose condition", () => {
    const catalog = build({
      MERGE_BLOCKED: {
        category: "conflict",
        details: { approved: "boolean", ciStatus: "string" },
        retry: {
          policy: "maybe",
          condition: "once CI passes",
          when: { approved: true, ciStatus: ["pending", "running"] },
        },
      },
    });
    assert.deepEqual(catalog.errors[0]?.retry, {
      policy: "maybe",
      condition: "once CI passes",
      when: { approved: [true], ciStatus: ["pending", "running"] },
    });
    assert.equal(catalog.errors[0]?.retryable, false);
  });

  test("refused on another policy and on a field that is not a details field", () => {
    const { problems } = compileCatalog({
      name: "t",
      version: "1.0.0",
      errors: {
        WRONG_POLICY: {
          category: "conflict",
          details: { state: "string" },
          retry: { policy: "backoff", when: { state: "busy" } },
        },
        UNKNOWN_FIELD: {
          category: "conflict",
          details: { state: "string" },
          retry: { policy: "maybe", when: { sate: "busy" } },
        },
      },
    });
    assert.deepEqual(
      problems.map((p) => [p.rule, p.path.join(".")]),
      [
        ["retry-when", "errors.WRONG_POLICY.retry.when"],
        ["retry-when", "errors.UNKNOWN_FIELD.retry.when.sate"],
      ],
    );
    assert.match(problems[1]?.suggestion ?? "", /fields: state/);
  });
});

describe("kinds", () => {
  for (const [kind, info] of Object.entries(KINDS)) {
    test(`${kind}: default status and gRPC code agree, and the status is accepted`, () => {
      assert.ok(grpcAgreesWithStatus(info.status, info.grpc), `${info.status} / ${info.grpc}`);
      const statuses = (info as { statuses?: readonly number[] }).statuses;
      if (statuses) assert.ok(statuses.includes(info.status));
      if (kind !== "outcome") assert.ok(info.status >= 400);
    });
  }

  test("HTTP ↔ gRPC mapping is canonical and total", () => {
    assert.equal(grpcForStatus(429), "RESOURCE_EXHAUSTED");
    assert.equal(grpcForStatus(504), "DEADLINE_EXCEEDED");
    assert.equal(statusForGrpc("UNAUTHENTICATED"), 401);
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), (status) => {
        const code = grpcForStatus(status);
        assert.equal(typeof statusForGrpc(code), "number");
      }),
    );
  });
});

describe("templates", () => {
  const literal = fc.string().filter((s) => !s.includes("{") && !s.includes("}"));
  const param = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);

  test("rendering substitutes every parameter and keeps the literal text", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(literal, param, fc.oneof(fc.string(), fc.integer())), { maxLength: 5 }),
        literal,
        (pieces, tail) => {
          const source = pieces.map(([l, p]) => `${l}{${p}}`).join("") + tail;
          const template = parseTemplate(source) as Template;
          assert.ok(!("problem" in template));
          const values = Object.fromEntries(pieces.map(([, p, v]) => [p, v]));
          const expected = pieces.map(([l, p]) => `${l}${String(values[p])}`).join("") + tail;
          assert.equal(renderTemplate(template, values), expected);
          assert.deepEqual([...template.params].sort(), [...new Set(pieces.map(([, p]) => p))].sort());
        },
      ),
    );
  });

  test("doubled braces are literal braces", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const escaped = text.replace(/\{/g, "{{").replace(/\}/g, "}}");
        const template = parseTemplate(escaped) as Template;
        assert.deepEqual(template.params, []);
        assert.equal(renderTemplate(template, {}), text);
      }),
    );
  });

  test("malformed placeholders are reported, never thrown", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = parseTemplate(text);
        if ("problem" in result) assert.equal(typeof result.problem, "string");
        else assert.equal(typeof renderTemplate(result, {}), "string");
      }),
    );
    assert.ok("problem" in parseTemplate("Unclosed {field"));
    assert.ok("problem" in parseTemplate("Stray } brace"));
    assert.ok("problem" in parseTemplate("Empty {} param"));
  });
});

describe("lookup and suggestions", () => {
  test("finds errors by name, code or sub-code, case-insensitively", () => {
    const stt = loadBundled("stt");
    assert.equal(findError(stt, "0x0101")?.name, "CONNECTION_TIMEOUT");
    assert.equal(findError(stt, "connection_timeout")?.code, "0x0101");
    assert.equal(findError(stt, "0x0405_01")?.name, "HANDSHAKE_FAILURE");
    assert.equal(findError(stt, "NONCE_REUSE")?.name, "HANDSHAKE_FAILURE");
    assert.equal(findError(loadBundled("talos"), "e012")?.name, "RATE_LIMITED");
  });

  test("suggests the nearest names for a misspelling", () => {
    assert.deepEqual(suggestErrors([loadBundled("gitclaw")], "RATE_LIMTED"), ["RATE_LIMITED"]);
    // Suggestions name the code with the name, so that either can be typed next.
    assert.ok(suggestErrors([loadBundled("talos")], "E0012").includes("E012 RATE_LIMITED"));
    // A prefix of a name finds the names it starts.
    assert.deepEqual(suggestErrors([loadBundled("gitclaw")], "RATE_LIM"), ["RATE_LIMITED"]);
    // A 15 KB query costs one length check per candidate, not an edit-distance table.
    assert.deepEqual(suggestErrors([loadBundled("gitclaw")], "X".repeat(15_000)), []);
    assert.deepEqual(suggestErrors([loadBundled("gitclaw")], "COMPLETELY_DIFFERENT"), []);
  });

  test("edit distance is a metric on small strings", () => {
    const word = fc.string({ maxLength: 8 });
    fc.assert(
      fc.property(word, word, word, (a, b, c) => {
        assert.equal(editDistance(a, a), 0);
        assert.equal(editDistance(a, b), editDistance(b, a));
        assert.ok(editDistance(a, c) <= editDistance(a, b) + editDistance(b, c) + 1);
      }),
    );
    assert.equal(editDistance("mesage", "message"), 1);
    assert.equal(editDistance("retyr", "retry"), 1);
    assert.deepEqual(nearest("staus", ["status", "title", "message"]), ["status"]);
  });
});
