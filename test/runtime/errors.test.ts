/** Runtime errors: fields, toJSON, causes, classes, brand across copies, stacks, retry overrides. */
import assert from "node:assert/strict";
import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import {
  AuthenticationError,
  ConflictError,
  createErrors,
  defineCatalog,
  ErrataError,
  isErrataError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  ValidationError,
} from "../../src/index.js";
import { loadBundled, REPO } from "../helpers.js";

const shop = defineCatalog({
  name: "shop",
  version: "1.0.0",
  docsBaseUrl: "https://docs.shop.test/errors",
  errors: {
    MISSING_FIELD: {
      category: "validation",
      message: "Required field missing: {field}",
      details: { field: "string" },
    },
    RATE_LIMITED: {
      category: "rate_limit",
      message: "Rate limit exceeded for action: {action}",
      details: { action: "string", retryAfter: "integer" },
    },
    ORDER_NOT_FOUND: { category: "not_found", message: "Order {orderId} not found" },
    DATABASE_ERROR: { category: "server", message: "Database operation failed" },
  },
});
const { errors } = shop;

describe("ErrataError", () => {
  test("carries identity, status, category, message, details and retry advice", () => {
    const e = errors.MISSING_FIELD({ field: "task" });
    assert.ok(e instanceof Error);
    assert.ok(e instanceof ErrataError);
    assert.ok(e instanceof ValidationError);
    assert.equal(e.name, "MISSING_FIELD");
    assert.equal(e.code, "MISSING_FIELD");
    assert.equal(e.status, 400);
    assert.equal(e.category, "validation");
    assert.equal(e.message, "Required field missing: task");
    assert.deepEqual(e.details, { field: "task" });
    assert.equal(e.retryable, false);
    assert.equal(e.retryAfter, undefined);
    assert.equal(e.docs, "https://docs.shop.test/errors/missing-field");
    assert.equal(e.definition?.name, "MISSING_FIELD");
    assert.match(String(e), /^MISSING_FIELD: Required field missing: task$/);
  });

  test("retryAfter comes from the option, else a numeric retryAfter details field", () => {
    assert.equal(errors.RATE_LIMITED({ action: "star", retryAfter: 3600 }).retryAfter, 3600);
    assert.equal(errors.RATE_LIMITED({ action: "star" }, { retryAfter: 5 }).retryAfter, 5);
    assert.equal(errors.RATE_LIMITED({ action: "star", retryAfter: -1 }).retryAfter, undefined, "no negative delay");
    assert.equal(errors.RATE_LIMITED({ action: "star" }, { retryAfter: Number.NaN }).retryAfter, undefined);
    const e = errors.RATE_LIMITED({ action: "star" });
    assert.ok(e instanceof RateLimitedError);
    assert.equal(e.retryable, true);
  });

  test("toJSON has everything but the stack, and keeps errata causes only", () => {
    const root = new Error("connection refused by db-7.internal:5432");
    const db = errors.DATABASE_ERROR({}, { cause: root, requestId: "req-1" });
    const e = errors.ORDER_NOT_FOUND({ orderId: "o-1" }, { cause: db });
    assert.equal(e.cause, db, "ES2022 cause chain");
    assert.equal(db.cause, root);
    const json = JSON.parse(JSON.stringify(e));
    assert.equal(json.stack, undefined);
    assert.equal(json.name, "ORDER_NOT_FOUND");
    assert.equal(json.cause.name, "DATABASE_ERROR");
    assert.equal(json.cause.requestId, "req-1");
    assert.equal(json.cause.cause, undefined, "a plain Error cause may hold internals: left out");
    assert.doesNotMatch(JSON.stringify(e), /db-7\.internal|at .*:\d+:\d+/);
  });

  test("category classes match by kind, not by catalog", () => {
    const gitclaw = createErrors(loadBundled("gitclaw"));
    const e = gitclaw.REPLAY_ATTACK?.();
    assert.ok(e instanceof AuthenticationError);
    assert.ok(!(e instanceof NotFoundError));
    assert.ok(gitclaw.DUPLICATE_STAR?.() instanceof ConflictError);
    assert.ok(!(new Error("x") instanceof ErrataError));
    assert.equal(ErrataError[Symbol.hasInstance](null), false);
  });

  test("isErrataError and instanceof work across copies of the package", async (t) => {
    const dir = join(REPO, "test-output", `copy-${process.pid}`);
    cpSync(join(REPO, "src"), join(dir, "src"), { recursive: true });
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const copy = (await import(
      pathToFileURL(join(dir, "src", "index.ts")).href
    )) as typeof import("../../src/index.js");
    assert.notEqual(copy.ErrataError, ErrataError, "a second module instance");
    const foreign = copy
      .defineCatalog({
        name: "other",
        version: "1.0.0",
        errors: { SLOW_DOWN: { category: "rate_limit" } },
      })
      .errors.SLOW_DOWN();
    assert.ok(isErrataError(foreign));
    assert.ok(foreign instanceof ErrataError);
    assert.ok(foreign instanceof RateLimitedError);
    assert.ok(!(foreign instanceof ServerError));
    assert.ok(copy.isErrataError(errors.MISSING_FIELD({ field: "x" })));
    assert.ok(!isErrataError({ name: "FAKE", code: "FAKE" }));
  });

  test("expected errors can be created without capturing a stack", () => {
    const withStack = errors.MISSING_FIELD({ field: "a" });
    const without = errors.MISSING_FIELD({ field: "a" }, { stack: false });
    assert.match(withStack.stack ?? "", /\n\s+at /);
    assert.equal(without.stack, `MISSING_FIELD: ${without.message}`, "still a string, as an empty trace shows");
    const quiet = defineCatalog(
      { name: "q", version: "1.0.0", errors: { X: { category: "server" } } },
      { stack: false },
    );
    assert.doesNotMatch(quiet.errors.X().stack ?? "", /\n\s+at /);
    assert.match(new Error("after").stack ?? "", /\n\s+at /, "the global stack limit is restored");
  });

  test("sub-codes and reasons override retryability", () => {
    const stt = createErrors(loadBundled("stt"));
    assert.equal(stt.HANDSHAKE_FAILURE?.().retryable, true);
    const nonce = stt.HANDSHAKE_FAILURE?.({}, { subcode: "NONCE_REUSE" });
    assert.equal(nonce?.retryable, false);
    assert.equal(nonce?.subcode, "NONCE_REUSE");
    assert.equal(stt.HANDSHAKE_FAILURE?.({}, { subcode: "TIMESTAMP_EXPIRED" }).retryable, true);
    const closed = stt.SESSION_CLOSED?.({}, { reason: "graceful" });
    assert.equal(closed?.reason, "graceful");
    assert.equal(closed?.code, "0x0201");
  });

  test("a message parameter without a value shows as a placeholder, and a warning says so once", (t) => {
    const warned = t.mock.method(console, "warn", () => {});
    const loose = createErrors(shop.catalog);
    assert.equal(loose.MISSING_FIELD?.().message, "Required field missing: <field>");
    assert.equal(loose.MISSING_FIELD?.({}).message, "Required field missing: <field>");
    assert.equal(loose.MISSING_FIELD?.({ field: 42 }).message, "Required field missing: 42");
    assert.deepEqual(
      warned.mock.calls.map((c) => c.arguments[0]),
      ["errata: MISSING_FIELD was raised without field, so its message shows <field>: pass it in the details"],
    );
  });

  test("factories know their error", () => {
    const f = errors.MISSING_FIELD;
    assert.equal(f.name, "MISSING_FIELD");
    assert.equal(f.code, "MISSING_FIELD");
    assert.ok(f.is(f({ field: "x" })));
    assert.ok(!f.is(errors.DATABASE_ERROR()));
    assert.ok(!f.is(new Error("MISSING_FIELD")));
  });

  test("the generic constructor serves errors from outside any catalog", () => {
    const e = new ErrataError({ name: "UPSTREAM_THING", code: "U1", message: "boom", status: 502, retryable: true });
    assert.equal(e.kind, "server");
    assert.equal(e.category, "server");
    assert.equal(e.definition, undefined);
    assert.deepEqual(e.toJSON().details, {});
  });
});

describe("defineCatalog", () => {
  test("validates like a file and throws CATALOG_INVALID with every problem", () => {
    assert.throws(
      () =>
        defineCatalog({
          name: "bad",
          version: "1.0.0",
          codes: { style: "pattern", pattern: "E\\d{3}" },
          errors: {
            A_B: { code: "E001", category: "validation" },
            C_D: { code: "E001", category: "validation" },
            E_F: { code: "X", category: "validation" },
          },
        }),
      (e: unknown) =>
        isErrataError(e) &&
        e.name === "CATALOG_INVALID" &&
        /E001 is already used by A_B/.test(e.message) &&
        /does not match/.test(e.message),
    );
  });

  test("includes other catalogs and merges their factories", () => {
    const base = defineCatalog({
      name: "base",
      version: "1.0.0",
      errors: { INTERNAL_ERROR: { category: "server", message: "Internal server error" } },
    });
    const svc = defineCatalog(
      { name: "svc", version: "1.0.0", errors: { ORDER_NOT_FOUND: { category: "not_found" } } },
      { include: [base] },
    );
    assert.equal(svc.errors.INTERNAL_ERROR().message, "Internal server error");
    assert.equal(svc.errors.ORDER_NOT_FOUND().status, 404);
    assert.equal(svc.catalog.errors[0]?.catalog, "base");
    assert.throws(
      () =>
        defineCatalog(
          { name: "dup", version: "1.0.0", errors: { INTERNAL_ERROR: { category: "server" } } },
          { include: [base] },
        ),
      (e: unknown) => isErrataError(e) && /already declared by catalog "base"/.test(e.message),
    );
  });
});
