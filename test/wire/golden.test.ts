/**
 * Golden tests: the JSON examples and headers in the seeds are produced exactly
 * (byte for byte, with hints off), and the seeds' bodies decode into the right
 * typed errors with their details.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { findError } from "../../src/catalog/lookup.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { decode, encode, webhookEvent } from "../../src/wire/index.js";
import { loadBundled, REPO } from "../helpers.js";

const SEEDS = join(REPO, "..", "shared", "seeds");
const required = process.env.CI === "true" || process.env.ERRATA_REQUIRE_SEEDS === "1";
const skip = existsSync(SEEDS) || required ? false : `seeds not found at ${SEEDS}`;
const seed = (marker: string) =>
  readdirSync(SEEDS)
    .map((f) => readFileSync(join(SEEDS, f), "utf8"))
    .find((t) => t.includes(marker)) ?? "";
const compactJson = (text: string) => JSON.stringify(JSON.parse(text));
const headersIn = (block: string) =>
  Object.fromEntries([...block.matchAll(/^([\w-]+): (.*)$/gm)].map((m) => [m[1], m[2]]));

describe("seed bodies and headers, produced exactly", { skip }, () => {
  test("gitclaw: every example body, byte for byte, and the rate-limit headers", () => {
    const text = seed("GitClaw");
    const gitclaw = loadBundled("gitclaw");
    const errors = createErrors(gitclaw);
    let count = 0;
    for (const [, name, json] of text.matchAll(/#### Example: ([A-Z_]+)\n```json\n([\s\S]*?)```/g)) {
      const def = findError(gitclaw, name as string);
      const example = def?.examples[0];
      const error = errors[name as string]?.(example?.details, example?.message ? { message: example.message } : {});
      assert.ok(error);
      const encoded = encode(error, "envelope", { hints: false });
      assert.equal(encoded.body, compactJson(json as string), name);
      assert.equal(encoded.status, def?.status);
      const back = decode(encoded.body, { catalogs: [gitclaw], status: encoded.status });
      assert.ok(back.ok && back.error.name === name && back.known);
      count++;
    }
    assert.equal(count, 7);
    const expected = headersIn(/\*\*Headers included:\*\*\n```\n([\s\S]*?)```/.exec(text)?.[1] ?? "");
    const rate = errors.RATE_LIMITED?.({ action: "star", limit: 100, window: "1h", retryAfter: 3600 });
    assert.ok(rate);
    const { headers } = encode(rate, "envelope", {
      catalog: gitclaw,
      rateLimit: { limit: 100, remaining: 0, reset: 1705320000 },
    });
    for (const [name, value] of Object.entries(expected)) assert.equal(headers[name], value, name);
    assert.equal(headers["Content-Type"], "application/json");
  });

  test("aragora: the webhook error event and the rate-limit headers", () => {
    const text = seed("HOLLOW_CONSENSUS");
    const aragora = loadBundled("aragora");
    const errors = createErrors(aragora);
    const json = /Webhook error events include:\n\n```json\n([\s\S]*?)```/.exec(text)?.[1] ?? "";
    const expected = JSON.parse(json);
    const example = findError(aragora, "AGENT_TIMEOUT")?.examples[0];
    const error = errors.AGENT_TIMEOUT?.(example?.details, {
      message: example?.message ?? "",
      requestId: example?.requestId ?? "",
    });
    assert.ok(error);
    const body = webhookEvent(error, {
      event: expected.event,
      timestamp: expected.timestamp,
      data: { debate_id: expected.data.debate_id },
    });
    assert.equal(body, JSON.stringify(expected));
    const back = decode(body, { catalogs: [aragora] });
    assert.ok(back.ok);
    assert.deepEqual(
      [back.format, back.error.name, back.error.message, back.error.requestId],
      ["flat", "AGENT_TIMEOUT", "Agent anthropic-api timed out", "xyz789"],
    );

    const headers = headersIn(/Rate limit headers:\n```\n([\s\S]*?)```/.exec(text)?.[1] ?? "");
    const rate = errors.RATE_LIMITED?.({}, { retryAfter: 60 });
    assert.ok(rate);
    const encoded = encode(rate, "flat", {
      catalog: aragora,
      rateLimit: { limit: 100, remaining: 0, reset: 1705312200 },
    });
    for (const [name, value] of Object.entries(headers)) assert.equal(encoded.headers[name], value, name);
    const format = JSON.parse(/All API errors follow this format:\n\n```json\n([\s\S]*?)```/.exec(text)?.[1] ?? "{}");
    assert.deepEqual(
      Object.keys(
        JSON.parse(
          encode(errors.MISSING_FIELD?.({ field: "task" }, { requestId: "abc123" }) as never, "flat", { hints: false })
            .body as string,
        ),
      ),
      Object.keys(format),
    );
  });

  test("tracemem: every JSON-RPC body exactly, with its HTTP status, and decoded back to the right error", () => {
    const text = seed("-32602");
    const tracemem = loadBundled("tracemem");
    const errors = createErrors(tracemem);
    const common = text.split("Common Errors\n")[1]?.split("Error Handling Patterns")[0] ?? "";
    let count = 0;
    for (const section of common.split(/\n\n(?=[A-Z][A-Za-z ]+\n\nError:)/)) {
      const title = section.trim().split("\n")[0] as string;
      const def = tracemem.errors.find((e) => e.title === title);
      assert.ok(def, title);
      const json = /json\n(\{[\s\S]*?\n\})/.exec(section)?.[1] ?? "";
      const example = def.examples[0];
      const error = errors[def.name]?.(example?.details, example?.message ? { message: example.message } : {});
      assert.ok(error);
      const encoded = encode(error, "jsonrpc", { hints: false });
      const body = JSON.parse(encoded.body as string);
      assert.equal(JSON.stringify({ error: body.error }), compactJson(json), title);
      const httpStatus = Number(/HTTP Status: (\d+)/.exec(section)?.[1] ?? 200);
      assert.equal(encoded.status, httpStatus, `${title}: HTTP status`);
      const back = decode(json, { catalogs: [tracemem], status: httpStatus });
      assert.ok(back.ok, title);
      assert.equal(back.error.name, def.name, `${title} decodes to ${def.name}`);
      assert.deepEqual(back.error.details, example?.details ?? {}, `${title}: details recovered from the message`);
      count++;
    }
    assert.equal(count, 6);
    const format = /All errors follow JSON-RPC 2.0 error format:\n\njson\n(\{[\s\S]*?\n\})/.exec(text)?.[1] ?? "";
    const request = errors.INVALID_REQUEST?.({}, { message: "decision_id is required" });
    assert.ok(request);
    assert.equal(encode(request, "jsonrpc", { hints: false, id: 1 }).body, compactJson(format));
  });
});
