/**
 * The binary frame as a reader written from docs/wire/binary.md alone sees it
 * (binary_frame.py: Python's struct, no errata code): every error of every bundled
 * catalog, with hints on and off, typed and JSON details, sub-codes, reasons and
 * retry delays, reads back to the same fields; the frames the document says a
 * decoder refuses, it refuses too; and the document's own example bytes are what
 * errata writes. So the document and the bytes cannot drift apart.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { createErrors } from "../../src/runtime/createErrors.js";
import type { ErrataError } from "../../src/runtime/ErrataError.js";
import { defineCatalog } from "../../src/sources/defineCatalog.js";
import { decode, encode } from "../../src/wire/index.js";
import { BUNDLED, loadBundled, loadFixture, REPO } from "../helpers.js";

type Read = { ok?: Record<string, unknown>; refused?: string };

function python(frames: Uint8Array[]): Read[] {
  const r = spawnSync("python3", ["-I", join(REPO, "test", "conformance", "binary_frame.py")], {
    input: JSON.stringify(frames.map((f) => Buffer.from(f).toString("base64"))),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Read[];
}

const frame = (error: ErrataError, hints: boolean) => encode(error, "binary", { hints }).body as Uint8Array;

test("every error of every bundled catalog reads back the same from the document's reader", () => {
  const cases: { error: ErrataError; hints: boolean }[] = [];
  for (const name of BUNDLED) {
    const catalog = loadBundled(name);
    const errors = createErrors(catalog);
    for (const def of catalog.errors) {
      const example = def.examples[0];
      const variants = [
        { requestId: "req-1" },
        {
          requestId: "9f0c2a4e-1b7d-4c55-8e0f-3a6b2d9c1e77",
          retryAfter: 1.5,
          ...(def.subcodes[0] ? { subcode: def.subcodes[0].name } : {}),
          ...(def.reasons[0] ? { reason: def.reasons[0].name } : {}),
        },
      ];
      for (const options of variants) {
        const error = errors[def.name]?.(example?.details, options);
        assert.ok(error);
        for (const hints of [true, false]) cases.push({ error, hints });
      }
    }
  }
  const read = python(cases.map((c) => frame(c.error, c.hints)));
  assert.equal(read.length, cases.length);
  cases.forEach(({ error, hints }, i) => {
    const got = read[i]?.ok;
    const what = `${error.definition?.catalog} ${error.name} hints=${hints}`;
    assert.ok(got, `${what}: ${read[i]?.refused}`);
    assert.deepEqual(
      {
        name: got.name,
        code: got.code,
        message: got.message,
        details: got.details,
        status: got.status,
        retryable: got.retryable,
        retryAfter: got.retryAfter,
        requestId: got.requestId,
        subcode: got.subcode,
        reason: got.reason,
      },
      {
        name: error.name,
        code: error.code,
        message: error.message,
        details: JSON.parse(JSON.stringify(error.details)),
        status: error.status,
        retryable: error.retryable,
        retryAfter: error.retryAfter ?? null,
        requestId: error.requestId ?? null,
        subcode: error.subcode ?? null,
        reason: error.reason ?? null,
      },
      what,
    );
    if (hints) assert.equal(got.docs, error.docs ?? null, what);
    else assert.deepEqual([got.docs, got.suggestion], [null, null], what);
    const hierarchical = /^0x([0-9a-f]{4})$/i.exec(error.code);
    assert.equal(got.code16, hierarchical ? Number.parseInt(hierarchical[1] as string, 16) : 0, what);
  });
});

test("details that are not flat travel as JSON text, and read back whole", () => {
  const shop = defineCatalog({
    name: "shop",
    version: "1.0.0",
    errors: { BAD_CART: { category: "validation", message: "Bad cart", details: { items: "array", owner: "object" } } },
  });
  const error = shop.errors.BAD_CART({ items: [{ sku: "A-1", qty: 2 }], owner: { id: "ü-7", tags: ["x"] } });
  const [read] = python([frame(error, true)]);
  assert.ok(read?.ok);
  assert.equal((read.ok.flags as number) & 0x20, 0);
  assert.deepEqual(read.ok.details, error.details);
});

test("what the document says a decoder refuses, both readers refuse", () => {
  const stt = createErrors(loadBundled("stt"));
  const good = frame(stt.HANDSHAKE_FAILURE?.({}, { requestId: "r" }) as ErrataError, true);
  const bad: [string, Uint8Array][] = [
    ["shorter than its header", good.subarray(0, 20)],
    ["a length that does not match", good.subarray(0, good.length - 1)],
    [
      "trailing bytes",
      (() => {
        const longer = new Uint8Array(good.length + 1);
        longer.set(good);
        new DataView(longer.buffer).setUint32(0, longer.length - 4);
        return longer;
      })(),
    ],
    ["wrong magic", Uint8Array.from(good, (b, i) => (i === 4 ? 0x58 : b))],
    ["a status outside 100-599", Uint8Array.from(good, (b, i) => (i === 12 ? 0x09 : i === 13 ? 0x99 : b))],
  ];
  const read = python(bad.map(([, f]) => f));
  bad.forEach(([why, f], i) => {
    assert.ok(read[i]?.refused, `python read ${why}`);
    assert.equal(decode(f).ok, false, `errata read ${why}`);
  });
});

test("the document's example is the bytes errata writes", () => {
  const doc = readFileSync(join(REPO, "docs", "wire", "binary.md"), "utf8");
  const shown = /starts\s+`([0-9a-f ]+?) …`/.exec(doc)?.[1]?.split(" ") ?? [];
  assert.ok(shown.length >= 14, "binary.md shows the example's first bytes");
  const stt = createErrors(loadBundled("stt"));
  const error = stt.HANDSHAKE_FAILURE?.({}, { subcode: "NONCE_REUSE" }) as ErrataError;
  const bytes = [...frame(error, true).subarray(0, shown.length)].map((b) => b.toString(16).padStart(2, "0"));
  assert.deepEqual(bytes, shown);
});

test("an error with no HTTP status travels with status 0, which the document's reader reads as none", () => {
  const shop = loadFixture("shop");
  const factories = createErrors(shop);
  const error = factories.CONFIG_MISSING?.({ path: "/etc/shop.yaml" }) as ErrataError;
  const bytes = frame(error, true);
  assert.equal((bytes[12] as number) * 256 + (bytes[13] as number), 0);
  const [read] = python([bytes]);
  assert.equal(read?.ok?.status, null);
  assert.equal(read?.ok?.name, "CONFIG_MISSING");
  const back = decode(bytes, { catalogs: [shop], format: "binary" });
  assert.ok(back.ok && back.known);
  assert.equal(back.error.name, "CONFIG_MISSING");
  assert.equal(back.error.status, undefined);
  assert.equal(back.error.definition?.exitCode, 78);
});
