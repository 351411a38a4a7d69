/**
 * An error the catalog gives no HTTP status (a CLI's CONFIG_MISSING) thrown behind a
 * server: every HTTP adapter answers INTERNAL_ERROR without its message, and logs
 * it as unexpected; JSON-RPC carries it with HTTP 200 and no status; an MCP tool
 * error carries it whole.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createErrors } from "../../src/runtime/createErrors.js";
import type { ErrataError } from "../../src/runtime/ErrataError.js";
import { errataTool } from "../../src/server/index.js";
import { errorResponse } from "../../src/server/respond.js";
import { decode } from "../../src/wire/index.js";
import { adapterAnswers } from "../conformance/adapters.js";
import { loadFixture } from "../helpers.js";

const shop = loadFixture("shop");
const factories = createErrors(shop);
const raise = () => factories.CONFIG_MISSING?.({ path: "/etc/shop/secret.yaml" }) as ErrataError;

test("every HTTP adapter answers INTERNAL_ERROR for it, and nothing of its message", async () => {
  for (const [adapter, contentType, body] of await adapterAnswers(shop, raise, "application/problem+json")) {
    assert.equal(contentType, "application/problem+json", adapter);
    const problem = JSON.parse(body) as { status: number; code: string };
    assert.deepEqual([problem.status, problem.code], [500, "INTERNAL_ERROR"], adapter);
    assert.doesNotMatch(body, /secret|CONFIG_MISSING/, adapter);
  }
});

test("the server logs it as unexpected, with what was thrown", () => {
  const events: { expected: boolean; thrown: unknown; status: number }[] = [];
  const r = errorResponse(raise(), {}, { catalog: shop, onError: (e) => events.push(e) });
  assert.equal(r.status, 500);
  assert.equal(events[0]?.expected, false);
  assert.equal((events[0]?.thrown as ErrataError | undefined)?.name, "CONFIG_MISSING");
});

test("JSON-RPC carries it: HTTP 200, no status in data, its extension fields sent on the wire", () => {
  const r = errorResponse(
    raise(),
    {},
    { catalog: shop, format: "jsonrpc" },
    { body: { jsonrpc: "2.0", id: 7, method: "m" } },
  );
  assert.equal(r.status, 200);
  const body = JSON.parse(r.body as string) as { id: number; error: { data: Record<string, unknown> } };
  assert.equal(body.id, 7);
  assert.equal(body.error.data.code, "SHOP-0901");
  assert.equal("status" in body.error.data, false);
  assert.deepEqual(body.error.data.meta, { classification: "actionable" });
  const back = decode(r.body, { catalogs: [shop] });
  assert.ok(back.ok);
  assert.deepEqual([back.error.name, back.error.status], ["CONFIG_MISSING", undefined]);
});

test("an MCP tool error carries it whole, for the agent to act on", async () => {
  const tool = errataTool(
    async () => {
      throw raise();
    },
    { catalog: shop },
  );
  const result = (await tool()) as unknown as {
    isError: boolean;
    content: { text: string }[];
    _meta: Record<string, { code: string; status?: number }>;
  };
  assert.equal(result.isError, true);
  assert.match(
    result.content[0]?.text ?? "",
    /^SHOP-0901: No configuration at \/etc\/shop\/secret\.yaml\nDo not retry/,
  );
  assert.equal(result._meta["errata/error"]?.code, "SHOP-0901");
  assert.equal(result._meta["errata/error"]?.status, undefined);
});
