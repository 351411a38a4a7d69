/**
 * Compile-time guarantees of typed factories. `tsc --noEmit` (part of `npm test`)
 * fails if any `@ts-expect-error` line below stops being an error; the runtime
 * assertions check the same calls behave.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { defineCatalog, type ErrataError } from "../../src/index.js";

const { errors } = defineCatalog({
  name: "typed",
  version: "1.0.0",
  errors: {
    MISSING_FIELD: { category: "validation", message: "Required field missing: {field}" },
    TOO_MANY_AGENTS: {
      category: "validation",
      message: "Maximum {n} agents allowed",
      details: { n: "integer" },
    },
    ACCESS_DENIED: {
      category: "authorization",
      details: {
        repoId: "string",
        currentRole: { type: "string", nullable: true },
        requiredRole: { type: "string", enum: ["read", "write", "admin"] },
        reasons: { type: "array", items: "string" },
      },
    },
    HANDSHAKE_FAILURE: {
      category: "protocol",
      subcodes: { NONCE_REUSE: { code: "HANDSHAKE_FAILURE_01" }, TIMESTAMP_EXPIRED: { code: "HANDSHAKE_FAILURE_02" } },
    },
    SESSION_CLOSED: { category: "session", reasons: { graceful: "Normal close", timeout: "Keep-alive timeout" } },
    BRACES: { category: "validation", message: "literal {{not_a_param}} and {real}" },
    KEYS_LEFT: { category: "conflict", message: "{count, plural, one {# key} other {# keys}} left for {user}" },
    SERVER_ERROR: { category: "server", message: "Something broke" },
    INVITED: {
      category: "conflict",
      message: "{gender, select, female {She invited {n} people} other {They invited {n} people}} at {price, number}",
    },
  },
});

export function compileTimeChecks(): void {
  errors.MISSING_FIELD({ field: "task" });
  // ICU arguments are the message's parameters; option text such as `# keys` is not.
  errors.KEYS_LEFT({ count: 2, user: "ana" });
  // @ts-expect-error the plural's argument is required
  errors.KEYS_LEFT({ user: "ana" });
  errors.INVITED({ gender: "female", n: 3, price: 5 });
  // @ts-expect-error an argument nested in a select's option is required too
  errors.INVITED({ gender: "female", price: 5 });
  // @ts-expect-error a missing message parameter fails to compile
  errors.MISSING_FIELD({});
  // @ts-expect-error no details at all when a parameter is required
  errors.MISSING_FIELD();
  // @ts-expect-error a misspelt message parameter fails to compile
  errors.MISSING_FIELD({ feild: "task" });

  errors.TOO_MANY_AGENTS({ n: 5 });
  // @ts-expect-error a details field of the wrong type fails to compile
  errors.TOO_MANY_AGENTS({ n: "five" });

  errors.ACCESS_DENIED();
  errors.ACCESS_DENIED({ repoId: "r", currentRole: null, requiredRole: "read", reasons: ["a"] });
  // @ts-expect-error a misspelt details field fails to compile
  errors.ACCESS_DENIED({ repoID: "r" });
  // @ts-expect-error an enum field takes only its values
  errors.ACCESS_DENIED({ requiredRole: "owner" });
  // @ts-expect-error a non-nullable field refuses null
  errors.ACCESS_DENIED({ repoId: null });

  errors.HANDSHAKE_FAILURE({}, { subcode: "NONCE_REUSE" });
  // @ts-expect-error an undeclared sub-code fails to compile
  errors.HANDSHAKE_FAILURE({}, { subcode: "NONCE_REUSED" });
  errors.SESSION_CLOSED({}, { reason: "graceful" });
  // @ts-expect-error an undeclared reason fails to compile
  errors.SESSION_CLOSED({}, { reason: "crash" });
  // @ts-expect-error errors without sub-codes take none
  errors.MISSING_FIELD({ field: "x" }, { subcode: "NONCE_REUSE" });

  errors.BRACES({ real: 1 });
  // @ts-expect-error `{{…}}` is a literal, not a parameter
  errors.BRACES({ real: 1, not_a_param: 2 });

  // @ts-expect-error an unknown error is not a factory
  errors.NOT_DECLARED();

  const e: ErrataError<"TOO_MANY_AGENTS", { readonly n: number }> = errors.TOO_MANY_AGENTS({ n: 1 });
  const n: number = e.details.n;
  const name: "TOO_MANY_AGENTS" = e.name;
  void n;
  void name;
}

test("typed factories render and carry what they were given", () => {
  assert.equal(errors.BRACES({ real: 1 }).message, "literal {not_a_param} and 1");
  assert.deepEqual(errors.ACCESS_DENIED({ reasons: ["a", "b"] }).details, { reasons: ["a", "b"] });
  assert.equal(errors.TOO_MANY_AGENTS({ n: 5 }).message, "Maximum 5 agents allowed");
  assert.equal(errors.KEYS_LEFT({ count: 1, user: "ana" }).message, "1 key left for ana");
  assert.equal(errors.INVITED({ gender: "female", n: 3, price: 5 }).message, "She invited 3 people at 5");
  assert.equal(typeof compileTimeChecks, "function");
});

test("an error that declares no details takes none: a stray field does not compile", () => {
  const bare = errors.SERVER_ERROR();
  const empty = errors.SERVER_ERROR({});
  // @ts-expect-error: SERVER_ERROR declares no details, so nope would go on the wire undeclared
  errors.SERVER_ERROR({ nope: 1 });
  assert.deepEqual([bare.details, empty.details], [{}, {}]);
});
