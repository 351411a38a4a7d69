/**
 * encode + decode per wire format vs a plain JSON.stringify + JSON.parse of the
 * same object, in one run. "The same object" is the format's body (for binary,
 * the error's JSON), so both sides carry the same content, timed side by side in
 * every round; the round trip of JSON.stringify(err) is shown too. Goal: each
 * format within 1.5× of its body's.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createErrors } from "../src/runtime/createErrors.js";
import { loadCatalog } from "../src/sources/load.js";
import { decode, encode, FORMATS } from "../src/wire/index.js";
import type { WireFormat } from "../src/wire/types.js";
import { compare } from "./compare.js";

const catalog = loadCatalog(
  join(fileURLToPath(new URL("..", import.meta.url)), "examples", "catalogs", "gitclaw.yaml"),
);
const errors = createErrors(catalog, { stack: false });
const maybe = errors.RATE_LIMITED?.(
  { action: "star", limit: 100, window: "1h", retryAfter: 3600 },
  { requestId: "req-abc123" },
);
if (!maybe) throw new Error("RATE_LIMITED missing");
const error = maybe;
const catalogs = [catalog];

let sink: unknown;
export async function run() {
  const results: { format: WireFormat; vsBody: number; range: readonly [number, number]; vsError: number }[] = [];
  for (const format of Object.keys(FORMATS) as WireFormat[]) {
    const sample = encode(error, format).body;
    const body = typeof sample === "string" ? JSON.parse(sample) : error.toJSON();
    // The baseline is the body's own round trip: each round's ratio compares two cases timed side by side.
    const baseline = "JSON.stringify(body) + JSON.parse";
    const rows = await compare(
      `wire: ${format}`,
      baseline,
      [
        { name: baseline, fn: () => (sink = JSON.parse(JSON.stringify(body))) },
        { name: "JSON.stringify(err) + JSON.parse", fn: () => (sink = JSON.parse(JSON.stringify(error))) },
        {
          name: `errata encode + decode (${format})`,
          fn: () => {
            const encoded = encode(error, format);
            sink = decode(encoded.body, { catalogs, status: encoded.status });
          },
        },
      ],
      { rounds: 9, timeMs: 200 },
    );
    const [, errorRow, errataRow] = rows;
    results.push({
      format,
      vsBody: errataRow?.relativeTime ?? Number.NaN,
      range: errataRow?.range ?? [Number.NaN, Number.NaN],
      vsError: (errataRow?.relativeTime ?? Number.NaN) / (errorRow?.relativeTime ?? Number.NaN),
    });
  }
  console.log(
    "\n| format | vs its body's JSON round trip (goal ≤ 1.50×) | range over 9 rounds | vs JSON.stringify(err) round trip |",
  );
  console.log("|---|---:|---:|---:|");
  for (const r of results) {
    const goal = r.vsBody <= 1.5 ? "met" : "MISSED";
    const range = `${r.range[0].toFixed(2)}–${r.range[1].toFixed(2)}`;
    console.log(`| ${r.format} | ${r.vsBody.toFixed(2)}× ${goal} | ${range} | ${r.vsError.toFixed(2)}× |`);
  }
  if (sink === undefined) throw new Error("benchmark produced nothing");
}
