/**
 * Google's format writes what proto3 JSON parsers accept: RetryInfo.retryDelay as a
 * Duration (at most 9 fractional digits, no exponent) and ErrorInfo metadata keys
 * in lowerCamelCase (AIP-193).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { defineCatalog } from "../../src/sources/defineCatalog.js";
import { encode } from "../../src/wire/codec.js";
import { protoDuration } from "../../src/wire/formats/google.js";
import { decode } from "../../src/wire/index.js";

const DURATION = /^\d{1,12}(\.(\d{3}|\d{6}|\d{9}))?s$/;

test("retryDelay is a proto3 Duration, whatever the number", () => {
  assert.equal(protoDuration(0.30000000000000004), "0.300s");
  assert.equal(protoDuration(1e-7), "0.000000100s");
  assert.equal(protoDuration(30), "30s");
  assert.equal(protoDuration(1.5), "1.500s");
  assert.equal(protoDuration(0.9999999999), "1s");
  assert.equal(protoDuration(Number.POSITIVE_INFINITY), undefined);
  assert.equal(protoDuration(-1), undefined);
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (seconds) => {
      const text = protoDuration(seconds) as string;
      assert.match(text, DURATION);
      assert.ok(Math.abs(Number(text.slice(0, -1)) - seconds) <= 5e-10 + seconds * 1e-15);
    }),
  );
});

test("an encoded Google error: Duration delay, camelCase metadata, and both decode back", () => {
  const catalog = defineCatalog({
    name: "shop",
    version: "1.0.0",
    format: "google",
    errors: {
      SLOW_DOWN: {
        category: "rate_limit",
        message: "Slow down for {retry_after_hint}",
        details: { retry_after_hint: "string", quota_name: "string" },
      },
    },
  });
  const error = catalog.errors.SLOW_DOWN({ retry_after_hint: "a bit", quota_name: "reads" }, { retryAfter: 0.1 + 0.2 });
  const body = JSON.parse(encode(error, "google").body as string) as {
    error: { details: { "@type": string; retryDelay?: string; metadata?: Record<string, string> }[] };
  };
  const info = body.error.details.find((d) => d["@type"].endsWith("ErrorInfo"));
  const retry = body.error.details.find((d) => d["@type"].endsWith("RetryInfo"));
  assert.deepEqual(info?.metadata, {
    code: "SLOW_DOWN",
    errataRetryable: "true",
    retryAfterHint: "a bit",
    quotaName: "reads",
  });
  assert.equal(retry?.retryDelay, "0.300s");
  const back = decode(body, { catalogs: [catalog.catalog] });
  assert.ok(back.ok);
  assert.equal(back.error.code, "SLOW_DOWN");
  assert.equal(back.error.retryAfter, 0.3);
  assert.deepEqual(back.error.details, { retry_after_hint: "a bit", quota_name: "reads" });
});

test("details of any shape, a subcode and a reason travel in ErrorInfo's metadata and come back typed", () => {
  const catalog = defineCatalog({
    name: "shop",
    version: "1.0.0",
    format: "google",
    errors: {
      REJECTED: {
        category: "validation",
        message: "Rejected",
        details: {
          reason: "string",
          count: "integer",
          ratio: "number",
          ok: "boolean",
          items: "array",
          where: "object",
        },
        subcodes: { TOO_MANY: { code: "REJECTED_1", description: "too many items" } },
      },
    },
  });
  const details = {
    reason: "a detail, not the hint",
    count: 3,
    ratio: 1e-7,
    ok: false,
    items: [1, "b"],
    where: { a: [null] },
  };
  const error = catalog.errors.REJECTED(details, { subcode: "TOO_MANY", traceId: "t-1" } as never);
  const body = encode(error, "google", { traceId: "t-1" }).body as string;
  const back = decode(body, { catalogs: [catalog.catalog] });
  assert.ok(back.ok);
  assert.deepEqual(back.error.details, details);
  assert.equal(back.error.subcode, "TOO_MANY");
  assert.equal(back.error.retryable, false);
  const metadata = (JSON.parse(body) as { error: { details: { metadata?: Record<string, string> }[] } }).error
    .details[0]?.metadata;
  assert.equal(metadata?.errataTraceId, "t-1");
  assert.equal(metadata?.items, '[1,"b"]');
});

test("ErrorInfo.domain is the catalog's globally unique domain when it declares one", () => {
  const spec = {
    name: "shop",
    version: "1.0.0",
    format: "google",
    errors: { GONE: { category: "not_found" } },
  } as const;
  const plain = defineCatalog(spec);
  const named = defineCatalog({ ...spec, domain: "shop.example.com" });
  const domainOf = (body: string) =>
    (JSON.parse(body) as { error: { details: { "@type": string; domain?: string }[] } }).error.details.find((d) =>
      d["@type"].endsWith("ErrorInfo"),
    )?.domain;
  assert.equal(
    domainOf(encode(named.errors.GONE({}), "google", { catalog: named.catalog }).body as string),
    "shop.example.com",
  );
  assert.equal(domainOf(encode(plain.errors.GONE({}), "google", { catalog: plain.catalog }).body as string), "shop");
});
