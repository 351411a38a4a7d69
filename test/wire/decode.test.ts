/** Decoding: detection, unknown codes, hostile input, headers, and each format's own members. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createErrors } from "../../src/runtime/createErrors.js";
import { ErrataError, isErrataError } from "../../src/runtime/ErrataError.js";
import { defineCatalog } from "../../src/sources/defineCatalog.js";
import {
  decode,
  decodeFrame,
  detectFormat,
  encode,
  encodeFrame,
  parseRetryAfter,
  toolResult,
} from "../../src/wire/index.js";
import { loadBundled } from "../helpers.js";

const gitclaw = loadBundled("gitclaw");
const g = createErrors(gitclaw);
const aragora = loadBundled("aragora");
const a = createErrors(aragora);
const stt = loadBundled("stt");
const s = createErrors(stt);

function failure(result: ReturnType<typeof decode>) {
  assert.equal(result.ok, false);
  assert.ok(isErrataError(result.error));
  return result.error;
}

describe("detection", () => {
  test("by content type first, then by shape", () => {
    const e = g.REPO_NOT_FOUND?.({ repoId: "r" });
    assert.ok(e);
    for (const format of ["problem", "jsonapi", "google", "envelope", "flat", "jsonrpc"] as const) {
      const body = JSON.parse(encode(e, format).body as string);
      assert.equal(detectFormat(body), format, `${format} by shape`);
    }
    assert.equal(detectFormat(encode(e, "binary").body), "binary");
    assert.equal(
      detectFormat({ type: "about:blank", title: "x", status: 400 }, "application/problem+json; charset=utf-8"),
      "problem",
    );
    assert.equal(detectFormat({ hello: "world" }), undefined);
  });
});

describe("unknown codes and foreign bodies", () => {
  test("a code the client's catalog does not know keeps its code, status and body", () => {
    const body = JSON.stringify({
      error: { code: "QUOTA_MELTDOWN", message: "Quota melted", details: { shard: 7 } },
      meta: { requestId: "req-9" },
    });
    const r = decode(body, { catalogs: [gitclaw], status: 503 });
    assert.ok(r.ok);
    assert.equal(r.known, false);
    assert.deepEqual(
      [r.error.name, r.error.code, r.error.status, r.error.kind, r.error.retryable],
      ["QUOTA_MELTDOWN", "QUOTA_MELTDOWN", 503, "unavailable", true],
    );
    assert.deepEqual(r.error.details, { shard: 7 });
    assert.equal(r.error.requestId, "req-9");
    assert.deepEqual(r.error.raw, JSON.parse(body));
  });

  test("a JSON-RPC protocol fault without a catalog gets its reserved name", () => {
    const r = decode('{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found"}}');
    assert.ok(r.ok);
    assert.deepEqual([r.error.name, r.error.message, r.known], ["METHOD_NOT_FOUND", "Method not found", false]);
  });

  test("a body in no known format, HTML from a proxy, is a typed decode error with the status", () => {
    const error = failure(decode("<html><body>502 Bad Gateway</body></html>", { status: 502 }));
    assert.equal(error.name, "WIRE_DECODE_FAILED");
    assert.equal((error.details as { status: number }).status, 502);
    assert.match(error.message, /not JSON/);
    assert.equal(failure(decode('{"hello":"world"}', { status: 500 })).name, "WIRE_DECODE_FAILED");
  });
});

describe("hostile input", () => {
  test("bodies above the limit are refused before parsing", () => {
    const big = JSON.stringify({ error: { code: "X", message: "y".repeat(2000) } });
    const error = failure(decode(big, { maxBytes: 1000, status: 500 }));
    assert.equal(error.name, "WIRE_BODY_TOO_LARGE");
    assert.deepEqual(error.details, { size: big.length, limit: 1000, status: 500 });
    assert.equal(failure(decode(new Uint8Array(2_000_000))).name, "WIRE_BODY_TOO_LARGE");
    const accented = JSON.stringify({ error: { code: "X", message: "é".repeat(600) } });
    assert.equal(
      (failure(decode(accented, { maxBytes: 1000 })).details as { size: number }).size,
      accented.length + 600,
      "UTF-8 bytes, not characters",
    );
    assert.equal(decode(accented, { maxBytes: 1300 }).ok, true);
  });

  test("__proto__ members pollute nothing and are dropped", () => {
    const body =
      '{"__proto__":{"polluted":1},"error":{"code":"REPO_NOT_FOUND","message":"m","details":{"__proto__":{"polluted":2},"repoId":"r"}}}';
    const r = decode(body, { catalogs: [gitclaw] });
    assert.ok(r.ok);
    assert.deepEqual(r.error.details, { repoId: "r" });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(r.error.details), Object.prototype);
  });

  test("wrong types are ignored field by field, never trusted", () => {
    const r = decode(
      {
        error: { code: "REPO_NOT_FOUND", message: 42, details: "nope" },
        meta: { status: "abc", retryable: "yes", retryAfter: -5 },
      },
      { catalogs: [gitclaw] },
    );
    assert.ok(r.ok);
    assert.deepEqual(
      [r.error.status, r.error.retryable, r.error.retryAfter, r.error.message],
      // the template cannot be rendered without repoId: the title, never a raw "{repoId}"
      [404, false, undefined, "Repo Not Found"],
    );
  });

  test("truncated, empty and deeply nested bodies fail cleanly", () => {
    const full = encode(g.REPO_NOT_FOUND?.({ repoId: "r" }) as never, "envelope").body as string;
    assert.match(failure(decode(full.slice(0, 20))).message, /not JSON/);
    assert.match(failure(decode("   ")).message, /empty/);
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    assert.equal(decode(deep, { maxBytes: 10_000_000 }).ok, false);
  });

  test("binary: invalid UTF-8, bad magic, truncation and trailing bytes are refused", () => {
    const frame = encodeFrame(s.HANDSHAKE_FAILURE?.({}, { subcode: "NONCE_REUSE" }) as never, "req-1");
    const bad = frame.slice();
    const at = bad.indexOf(0x48); // first byte of "HANDSHAKE_FAILURE"
    bad[at] = 0xff;
    assert.equal(decodeFrame(bad), "frame strings are not valid UTF-8");
    assert.match(failure(decode(bad, { format: "binary" })).message, /not valid UTF-8/);
    const magic = frame.slice();
    magic[4] = 0;
    assert.match(decodeFrame(magic) as string, /magic/);
    assert.match(decodeFrame(frame.slice(0, frame.length - 3)) as string, /length/);
    assert.match(decodeFrame(frame.slice(0, 10)) as string, /shorter/);
  });
});

describe("binary details", () => {
  const frameOf = (details: Record<string, unknown>) => {
    const error = new ErrataError({ name: "X", message: "m", status: 400, details, stack: false });
    return encodeFrame(error, undefined);
  };
  const detailsOf = (frame: Uint8Array) => {
    const fields = decodeFrame(frame);
    assert.notEqual(typeof fields, "string", String(fields));
    return (fields as { details: Record<string, unknown> }).details;
  };
  const TYPED = 0x20;

  test("JSON primitives travel as typed entries, with the values JSON would carry", () => {
    const frame = frameOf({
      s: "é ü 😀",
      n: -0,
      x: 1.5,
      big: 1e300,
      t: true,
      f: false,
      z: null,
      u: undefined,
      nan: Number.NaN,
    });
    assert.equal((frame[7] as number) & TYPED, TYPED);
    assert.equal(new DataView(frame.buffer).getUint16(22), 8, "eight entries: the undefined member is left out");
    const back = detailsOf(frame);
    assert.deepEqual(back, { s: "é ü 😀", n: 0, x: 1.5, big: 1e300, t: true, f: false, z: null, nan: null });
    assert.ok(Object.is(back.n, 0));
    assert.deepEqual(detailsOf(frameOf({})), {});
  });

  test("nested values, toJSON and lone surrogates go as JSON, losing nothing", () => {
    for (const details of [{ list: [1, "a"] }, { nested: { a: 1 } }, { lone: "a\ud800b" }, { "\udc00": 1 }]) {
      const frame = frameOf(details);
      assert.equal((frame[7] as number) & TYPED, 0, JSON.stringify(details));
      assert.deepEqual(detailsOf(frame), details);
    }
    // A caller without types can still pass a list.
    const listed = new ErrataError({
      name: "X",
      message: "m",
      details: [1, 2] as unknown as Record<string, unknown>,
      stack: false,
    });
    assert.deepEqual(detailsOf(encodeFrame(listed, undefined)), {}, "details that are not a record are left out");
    const dated = frameOf({ at: new Date(0) });
    assert.equal((dated[7] as number) & TYPED, 0);
    assert.deepEqual(detailsOf(dated), { at: "1970-01-01T00:00:00.000Z" });
  });

  test("a __proto__ entry is dropped; broken entries are refused with a reason", () => {
    const proto = frameOf(JSON.parse('{"__proto__":{"polluted":1},"ok":"yes"}') as Record<string, unknown>);
    assert.equal((proto[7] as number) & TYPED, 0, "an object value goes as JSON");
    const pollutedKey = frameOf(JSON.parse('{"__proto__":"x","ok":"yes"}') as Record<string, unknown>);
    assert.equal((pollutedKey[7] as number) & TYPED, TYPED);
    const back = detailsOf(pollutedKey);
    assert.deepEqual(Object.keys(back), ["ok"]);
    assert.equal(Object.getPrototypeOf(back), Object.prototype);

    const frame = frameOf({ k: "v", n: 2 });
    const table = 26 + 4 * 9;
    const tag = frame.slice();
    tag[table] = 9;
    assert.match(decodeFrame(tag) as string, /unknown details entry type 9/);
    const long = frame.slice();
    new DataView(long.buffer).setUint32(table + 1, 1000);
    assert.match(decodeFrame(long) as string, /runs past the details/);
    const infinite = frame.slice();
    new DataView(infinite.buffer).setFloat64(table + 13 + 5, Number.POSITIVE_INFINITY);
    assert.match(decodeFrame(infinite) as string, /not finite/);
    const short = frame.slice();
    new DataView(short.buffer).setUint32(table + 1, 0);
    assert.match(decodeFrame(short) as string, /do not fill the details/);
    const count = frame.slice();
    new DataView(count.buffer).setUint16(22, 1);
    assert.match(decodeFrame(count) as string, /trailing bytes/);
  });
});

describe("headers", () => {
  test("Retry-After in both forms; X-Request-Id fills a missing request id", () => {
    const now = Date.parse("2026-11-23T10:00:00Z");
    assert.equal(parseRetryAfter("120", now), 120);
    assert.equal(parseRetryAfter("Mon, 23 Nov 2026 10:01:30 GMT", now), 90);
    assert.equal(parseRetryAfter("Mon, 23 Nov 2026 09:00:00 GMT", now), 0);
    for (const junk of ["soon", "-1", "1.5", "", "Mon, 99 Nov 2026 10:01:30 GMT"])
      assert.equal(parseRetryAfter(junk, now), undefined, junk);
    const r = decode('{"error":{"code":"RATE_LIMITED","message":"m"}}', {
      catalogs: [gitclaw],
      headers: { "retry-after": "30", "X-Request-Id": "req-7" },
    });
    assert.ok(r.ok);
    assert.deepEqual([r.error.retryAfter, r.error.requestId], [30, "req-7"]);
    const h = new Headers({ "Retry-After": "5" });
    const viaHeaders = decode('{"error":{"code":"RATE_LIMITED","message":"m"}}', { catalogs: [gitclaw], headers: h });
    assert.equal(viaHeaders.ok && viaHeaders.error.retryAfter, 5);
  });

  test("without a Retry-After, a known error waits as a raise of it would: its numeric details, else the catalog's delay", () => {
    const body = (details: string) => `{"error":"Rate limit exceeded","code":"RATE_LIMITED"${details}}`;
    const bare = decode(body(""), { catalogs: [aragora] });
    assert.equal(bare.ok && bare.error.retryAfter, 60);
    assert.equal(bare.ok && bare.error.retryAfter, a.RATE_LIMITED?.({}).retryAfter);
    const header = decode(body(""), { catalogs: [aragora], headers: { "retry-after": "7" } });
    assert.equal(header.ok && header.error.retryAfter, 7);
    const own = decode(body(',"details":{"retryAfter":12}'), { catalogs: [aragora] });
    assert.equal(own.ok && own.error.retryAfter, 12);
    const junk = decode(body(',"details":{"retryAfter":-3}'), { catalogs: [aragora] });
    assert.equal(junk.ok && junk.error.retryAfter, 60);
    // An error whose catalog gives no delay has none.
    const quota = decode('{"error":"API quota exceeded","code":"QUOTA_EXCEEDED"}', { catalogs: [aragora] });
    assert.equal(quota.ok && quota.error.retryAfter, undefined);
  });

  test("Content-Type per format; IETF rate-limit headers", () => {
    const e = a.RATE_LIMITED?.({}, { retryAfter: 60, requestId: "r1" });
    assert.ok(e);
    const types = {
      problem: "application/problem+json",
      jsonapi: "application/vnd.api+json",
      binary: "application/vnd.errata.frame",
      flat: "application/json",
    } as const;
    for (const [format, type] of Object.entries(types))
      assert.equal(encode(e, format as never).headers["Content-Type"], type);
    const { headers } = encode(e, "problem", {
      rateLimitHeaders: "ietf",
      rateLimit: { limit: 100, remaining: 0, reset: 60, window: 3600 },
    });
    assert.equal(headers.RateLimit, '"default";r=0;t=60');
    assert.equal(headers["RateLimit-Policy"], '"default";q=100;w=3600');
    assert.equal(headers["Retry-After"], "60");
    assert.equal(headers["X-Request-Id"], "r1");
  });
});

describe("format members", () => {
  test("problem: type is the docs URL; validation errors carry errors[] with JSON pointers", () => {
    const e = a.MISSING_FIELD?.({ field: "task/name" }, { requestId: "req-1" });
    assert.ok(e);
    const body = JSON.parse(encode(e, "problem").body as string);
    assert.equal(body.type, "https://docs.aragora.ai/errors/missing-field");
    // "req-1" has no registered URN namespace: no instance; a UUID goes in urn:uuid:.
    assert.equal(body.instance, undefined);
    const id = "163A72D5-D8C6-4B90-98E5-4C7101668B15";
    const withUuid = JSON.parse(
      encode(a.MISSING_FIELD?.({ field: "x" }, { requestId: id }) as never, "problem").body as string,
    );
    assert.equal(withUuid.instance, `urn:uuid:${id.toLowerCase()}`);
    const { requestId: _, ...withoutId } = withUuid;
    const back = decode(withoutId, { catalogs: [aragora] });
    assert.equal(back.ok && back.error.requestId, id.toLowerCase());
    assert.deepEqual(body.errors, [{ detail: "Required field missing: task/name", pointer: "#/task~1name" }]);
    assert.equal(body.suggestion, "Include all required fields");
    assert.equal(body.retryable, false);
  });

  test("jsonapi: string status, source pointer, about link", () => {
    const body = JSON.parse(encode(a.INVALID_FIELD?.({ field: "mode" }) as never, "jsonapi").body as string);
    const [item] = body.errors;
    assert.deepEqual(
      [item.status, item.source, item.links.about],
      ["400", { pointer: "/data/attributes/mode" }, "https://docs.aragora.ai/errors/invalid-field"],
    );
  });

  test("google: HTTP code, gRPC status, ErrorInfo, RetryInfo, Help and RequestInfo", () => {
    const e = g.RATE_LIMITED?.({ action: "star", limit: 100, window: "1h", retryAfter: 3600 }, { requestId: "req-1" });
    const body = JSON.parse(encode(e as never, "google").body as string);
    assert.equal(body.error.code, 429);
    assert.equal(body.error.status, "RESOURCE_EXHAUSTED");
    const types = body.error.details.map((d: { "@type": string }) => d["@type"].split(".").pop());
    // Google's standard messages only: errata's hints ride in ErrorInfo's metadata.
    assert.deepEqual(types, ["ErrorInfo", "RetryInfo", "Help", "RequestInfo"]);
    assert.deepEqual(body.error.details[0], {
      "@type": "type.googleapis.com/google.rpc.ErrorInfo",
      reason: "RATE_LIMITED",
      domain: "gitclaw",
      metadata: {
        code: "RATE_LIMITED",
        errataRetryable: "true",
        errataSuggestion: "Wait for `Retry-After` duration",
        action: "star",
        limit: "100",
        window: "1h",
        retryAfter: "3600",
      },
    });
    assert.equal(body.error.details[1].retryDelay, "3600s");
  });

  test("jsonrpc: HTTP 200 except 401/403/429; catalog code or -32000; data keeps everything", () => {
    const tracemem = loadBundled("tracemem");
    const t = createErrors(tracemem);
    assert.equal(encode(t.POLICY_NOT_FOUND?.({ policy: "p" }) as never, "jsonrpc").status, 200);
    assert.equal(encode(t.INVALID_API_KEY?.() as never, "jsonrpc").status, 401);
    assert.equal(encode(t.PERMISSION_DENIED?.() as never, "jsonrpc").status, 403);
    assert.equal(encode(t.RATE_LIMITED?.() as never, "jsonrpc").status, 429);
    const other = JSON.parse(
      encode(g.REPO_NOT_FOUND?.({ repoId: "r" }) as never, "jsonrpc", { id: "7" }).body as string,
    );
    assert.equal(other.id, "7");
    assert.equal(other.error.code, -32000);
    assert.deepEqual(other.error.data.details, { repoId: "r" });
    assert.equal(other.error.data.docs, "https://docs.gitclaw.dev/errors/repo-not-found");
  });

  test("mcp: a tool error is an isError result an agent can act on, and decodes back", () => {
    const e = g.RATE_LIMITED?.({ action: "star", limit: 1, window: "1h", retryAfter: 60 });
    assert.ok(e);
    const result = toolResult(e);
    assert.equal(result.isError, true);
    assert.match(
      result.content[0]?.text ?? "",
      /^RATE_LIMITED: Rate limit exceeded for action: star\nRetry: yes, after 60 s\.\nSuggestion: Wait for `Retry-After` duration\nDocs: /,
    );
    assert.equal(result._meta["errata/error"]?.retryable, true);
    assert.equal("structuredContent" in result, false);
    assert.equal(toolResult(e, { structuredContent: true }).structuredContent?.error.retryable, true);
    const r = decode({ jsonrpc: "2.0", id: 3, result }, { catalogs: [gitclaw] });
    assert.ok(r.ok);
    assert.deepEqual(r.error.toJSON(), e.toJSON());
    const textOnly = decode({ content: [{ type: "text", text: "boom" }], isError: true });
    assert.ok(textOnly.ok && textOnly.error.message === "boom");
  });

  test("binary: the 16-bit code and the sub-code sit at fixed offsets", () => {
    const e = s.HANDSHAKE_FAILURE?.({}, { subcode: "CHALLENGE_DECRYPT_FAILED", retryAfter: 2.5 });
    assert.ok(e);
    const frame = encodeFrame(e, undefined);
    const view = new DataView(frame.buffer);
    assert.equal(view.getUint32(0), frame.length - 4);
    assert.equal(String.fromCharCode(frame[4] as number, frame[5] as number), "ER");
    assert.equal(view.getUint16(8), 0x0405);
    assert.equal(frame[10], 0x03);
    assert.equal(view.getUint16(12), 500);
    assert.equal(view.getFloat64(14), 2.5);
    assert.equal((frame[7] as number) & 0x01, 0, "CHALLENGE_DECRYPT_FAILED is not retryable");
    assert.equal((frame[7] as number) & 0x10, 0x10, "hints: suggestion and docs URL follow");
    const text = new TextDecoder().decode(frame);
    assert.ok(text.includes("Fix seed mismatch") && text.includes("https://stt.dev/docs/errors/handshake-failure"));
    const bare = encodeFrame(e, undefined, false);
    assert.equal((bare[7] as number) & 0x10, 0);
    assert.ok(bare.length < frame.length);
    assert.equal((decodeFrame(bare) as { code: string }).code, "0x0405");
  });
});

describe("problem without a docs URL", () => {
  test("RFC 9457 §4.2.1: type about:blank, the status phrase as title, identity in the code extension", () => {
    const shop = defineCatalog({
      name: "shop",
      version: "1.0.0",
      errors: {
        OUT_OF_STOCK: { category: "conflict", message: "Out of stock" },
        CART_LOCKED: { category: "conflict", message: "The cart is locked" },
      },
    });
    const bodies = [shop.errors.OUT_OF_STOCK({}), shop.errors.CART_LOCKED({})].map(
      (e) => JSON.parse(encode(e, "problem").body as string) as { type: string; title: string; code: string },
    );
    assert.deepEqual(
      bodies.map((b) => [b.type, b.title, b.code]),
      [
        ["about:blank", "Conflict", "OUT_OF_STOCK"],
        ["about:blank", "Conflict", "CART_LOCKED"],
      ],
    );
    for (const body of bodies) {
      const back = decode(body, { catalogs: [shop.catalog] });
      assert.ok(back.ok && back.known && back.error.code === body.code);
    }
  });
});
