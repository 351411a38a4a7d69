/**
 * Google-format bodies (AIP-193) as Google's own client library (google-gax's
 * GoogleError.parseHttpError) and a strict proto3 JSON parser read them: Debian's
 * python3-protobuf (json_format, unknown fields refused) with Google's published
 * google.rpc protos only, compiled by protoc: a consumer that never heard of errata
 * parses every default body whole. Every error of every bundled catalog, with hints on and off, with retry
 * delays JavaScript would print badly (0.1 + 0.2, 1e-7) and with field violations,
 * parses whole; the `status` beside it is a google.rpc.Code name. Without protoc or
 * python3-protobuf the test skips locally and fails in CI (.ci/run installs both).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { GoogleError, Status } from "google-gax";
import { compileCatalog } from "../../src/catalog/compile.js";
import type { Catalog } from "../../src/catalog/model.js";
import { createErrors, localizeError } from "../../src/runtime/createErrors.js";
import type { ErrataError } from "../../src/runtime/ErrataError.js";
import { defineCatalog } from "../../src/sources/defineCatalog.js";
import { encode } from "../../src/wire/index.js";
import { BUNDLED, loadBundled, loadFixture, REPO } from "../helpers.js";
import { googlePythonProtos, PYTHON } from "./googleProtos.js";

function consumerSkip(): string | undefined {
  const protoc = spawnSync("protoc", ["--version"]).status === 0;
  const protobuf = spawnSync(PYTHON, ["-c", "import google.protobuf.json_format"]).status === 0;
  if (protoc && protobuf) return undefined;
  const missing = "protoc and Debian's python3-protobuf (apt-get install protobuf-compiler python3-protobuf)";
  if (process.env.CI) throw new Error(`the Google conformance test needs ${missing}`);
  return `Google conformance skipped: it needs ${missing}; .ci/run installs them`;
}

type Parsed = {
  ok?: { code: number; message: string; details: string[]; metadata: Record<string, string> };
  refused?: string;
};

function parse(bodies: unknown[]): Parsed[] {
  const r = spawnSync(PYTHON, ["-I", join(REPO, "test", "conformance", "google_status.py"), googlePythonProtos()], {
    input: JSON.stringify(bodies),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Parsed[];
}

const skip = consumerSkip();

/** Every error of every bundled catalog, with its example, and with retry delays JavaScript prints badly. */
function* everyError(): Generator<{ catalog: Catalog; error: ErrataError }> {
  for (const name of BUNDLED) {
    const catalog = loadBundled(name);
    const factories = createErrors(catalog);
    for (const def of catalog.errors) {
      const example = def.examples[0];
      for (const retryAfter of [undefined, 0.1 + 0.2, 1e-7, 3600]) {
        const error = factories[def.name]?.(example?.details, {
          requestId: "req-1",
          ...(retryAfter !== undefined ? { retryAfter } : {}),
        });
        assert.ok(error);
        yield { catalog, error };
      }
    }
  }
}

test("every error of every bundled catalog parses as a whole google.rpc.Status", { skip }, () => {
  const errors: [ErrataError, boolean][] = [];
  for (const { error } of everyError()) errors.push([error, true], [error, false]);
  const bodies = errors.map(([e, hints]) => JSON.parse(encode(e, "google", { hints, traceId: "abc" }).body as string));
  const parsed = parse(bodies);
  errors.forEach(([error, hints], i) => {
    const got = parsed[i]?.ok;
    assert.ok(got, `${error.name} hints=${hints}: ${parsed[i]?.refused}`);
    assert.equal(got.code, error.status);
    assert.ok(got.details.includes("google.rpc.ErrorInfo"));
    assert.ok(!got.details.some((d) => d.startsWith("errata.")), `${error.name}: only Google's messages`);
    // errata's hints ride in ErrorInfo's metadata with hints on, and only then.
    assert.equal(got.metadata.errataRetryable, hints ? String(error.retryable) : undefined);
    if (error.retryAfter !== undefined) {
      // What errata wrote is exactly protobuf's own canonical JSON for the Duration it parsed.
      const canonical = got.details[got.details.indexOf("google.rpc.RetryInfo") + 1];
      const sent = (bodies[i].error.details as { "@type": string; retryDelay?: string }[]).find((d) =>
        d["@type"].endsWith("RetryInfo"),
      )?.retryDelay;
      assert.equal(sent, canonical, `${error.name} retryAfter=${error.retryAfter}`);
    }
  });
});

test("field violations travel in a BadRequest a strict parser accepts", { skip }, () => {
  const shop = defineCatalog({
    name: "shop",
    version: "1.0.0",
    format: "google",
    errors: { BAD_ORDER: { category: "validation", message: "Bad order", details: { violations: "array" } } },
  });
  const error = shop.errors.BAD_ORDER({ violations: [{ field: "items.0.name", message: "is required" }] });
  const [parsed] = parse([JSON.parse(encode(error, "google").body as string)]);
  assert.ok(parsed?.ok?.details.includes("google.rpc.BadRequest"), parsed?.refused);
});

test("google-gax's GoogleError.parseHttpError reads every body: code, reason, domain, metadata, retry delay", () => {
  let count = 0;
  for (const { catalog, error } of everyError()) {
    for (const hints of [true, false]) {
      const body = JSON.parse(encode(error, "google", { hints, catalog }).body as string) as {
        error: { status: string };
      };
      const parsed = GoogleError.parseHttpError(body);
      const what = `${catalog.name} ${error.name} retryAfter=${error.retryAfter} hints=${hints}`;
      assert.equal(parsed.code, Status[body.error.status as keyof typeof Status], what);
      assert.equal(parsed.message, error.message, what);
      assert.equal(parsed.reason, error.name, what);
      assert.equal(parsed.domain, catalog.name, what);
      assert.equal(parsed.errorInfoMetadata?.code, error.code, what);
      const details = (parsed.statusDetails ?? []) as { retryDelay?: { seconds?: unknown; nanos?: number } }[];
      const retry = details.find((d) => d.retryDelay !== undefined)?.retryDelay;
      if (error.retryAfter === undefined) assert.equal(retry, undefined, what);
      else {
        const seconds = Number(retry?.seconds ?? 0) + (retry?.nanos ?? 0) / 1e9;
        assert.ok(Math.abs(seconds - error.retryAfter) < 1e-9, `${what}: ${JSON.stringify(retry)}`);
      }
      count++;
    }
  }
  assert.equal(count, 136 * 4 * 2);
});

test("a converted catalog: every error with an HTTP status parses, its wire extension fields in ErrorInfo.metadata", {
  skip,
}, () => {
  const shop = loadFixture("shop");
  const factories = createErrors(shop);
  const sent = shop.errors.filter((d) => d.status !== undefined);
  const bodies = sent.map((def) =>
    JSON.parse(
      encode(factories[def.name]?.(def.examples[0]?.details) as ErrataError, "google", { catalog: shop })
        .body as string,
    ),
  );
  const parsed = parse(bodies);
  sent.forEach((def, i) => {
    const got = parsed[i]?.ok;
    assert.ok(got, `${def.name}: ${parsed[i]?.refused}`);
    assert.equal(got.code, def.status);
    // Extension fields declared wire: true, under lowerCamelCase keys, as strings; the others stay home.
    assert.equal(got.metadata.classification, def.meta.classification);
    assert.equal(got.metadata.sdkClass, def.meta.sdk_class);
    assert.equal(got.metadata.owner, undefined);
  });
  assert.equal(sent.length, 7);
});

test("a localized error: protobuf reads its google.rpc.LocalizedMessage, message kept in the default language", {
  skip,
}, () => {
  const catalog = compileCatalog({
    name: "shop",
    version: "1.0.0",
    domain: "api.shop.example",
    locales: ["en", "fr"],
    errors: {
      KEYS_LEFT: {
        category: "conflict",
        message: "Only {count} keys left",
        details: { count: "integer" },
        translations: { fr: { message: "Plus que {count} clés" } },
      },
    },
  }).catalog as Catalog;
  const error = localizeError(createErrors(catalog).KEYS_LEFT?.({ count: 2 }) as ErrataError, "fr", "en");
  const [parsed] = parse([JSON.parse(encode(error, "google", { catalog }).body as string)]);
  assert.ok(parsed?.ok, parsed?.refused);
  assert.equal(parsed.ok.message, "Only 2 keys left");
  assert.ok(parsed.ok.details.includes("google.rpc.LocalizedMessage"));
});
