/**
 * MCP: tools wrapped with errataTool, served by the SDK's McpServer over its
 * Streamable HTTP transport on 127.0.0.1, called by the SDK's own client.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { createErrors } from "../../src/runtime/createErrors.js";
import { errataTool } from "../../src/server/index.js";
import { decode } from "../../src/wire/index.js";
import { loadBundled } from "../helpers.js";
import { serveMcp } from "../mcp/serve.js";

const tracemem = loadBundled("tracemem");
const t = createErrors(tracemem);

function mcpServer(): McpServer {
  const server = new McpServer({ name: "tracemem-test", version: "1.0.0" });
  server.registerTool(
    "policy_get",
    { description: "Read a policy", inputSchema: { policy_id: z.string() } },
    errataTool(
      async ({ policy_id }: { policy_id: string }) => {
        if (policy_id === "crash") throw new Error("connect ECONNREFUSED 10.0.0.9 password=hunter2");
        if (policy_id === "busy") throw t.RATE_LIMITED?.({}, { retryAfter: 30 });
        throw t.POLICY_NOT_FOUND?.({ policy: policy_id });
      },
      { catalog: tracemem },
    ),
  );
  // The same tool for a French-speaking agent: MCP carries no Accept-Language, the server says which.
  server.registerTool(
    "politique_get",
    { description: "Lire une politique", inputSchema: { policy_id: z.string() } },
    errataTool(
      async ({ policy_id }: { policy_id: string }) => {
        throw t.POLICY_NOT_FOUND?.({ policy: policy_id });
      },
      { catalog: tracemem, locale: "fr-CA" },
    ),
  );
  return server;
}

describe("errataTool over MCP Streamable HTTP", () => {
  let client: Client;
  let close: () => Promise<void>;
  before(async () => {
    ({ client, close } = await serveMcp(() => mcpServer()));
  });
  after(() => close());

  test("a catalog error is a tool error the agent can act on, and decodes to the typed error", async () => {
    const result = await client.callTool({ name: "policy_get", arguments: { policy_id: "discount_cap_v1" } });
    assert.equal(result.isError, true);
    const text = (result.content as { type: string; text: string }[])[0]?.text ?? "";
    assert.match(
      text,
      /^POLICY_NOT_FOUND: Policy 'discount_cap_v1' not found\nDo not retry: Verify policy exists and is published\.\nDocs: https:\/\/docs\.tracemem\.com\/errors\/policy-not-found$/,
    );
    const structured = result._meta as unknown as { "errata/error": { code: string; retryable: boolean } };
    assert.deepEqual(
      [structured["errata/error"].code, structured["errata/error"].retryable],
      ["POLICY_NOT_FOUND", false],
    );
    const back = decode(result, { catalogs: [tracemem] });
    assert.ok(back.ok);
    assert.deepEqual([back.error.name, back.error.details], ["POLICY_NOT_FOUND", { policy: "discount_cap_v1" }]);
  });

  test("a tool server for a language writes its tool errors in it; the code stays the identity", async () => {
    const result = await client.callTool({ name: "politique_get", arguments: { policy_id: "discount_cap_v1" } });
    const text = (result.content as { type: string; text: string }[])[0]?.text ?? "";
    assert.match(
      text,
      /^POLICY_NOT_FOUND: Politique 'discount_cap_v1' introuvable\nDo not retry: Vérifiez que la politique existe et qu'elle est publiée\.\n/,
    );
    const back = decode(result, { catalogs: [tracemem] });
    assert.ok(back.ok);
    assert.deepEqual(
      [back.error.name, back.error.localized],
      ["POLICY_NOT_FOUND", { locale: "fr", message: "Politique 'discount_cap_v1' introuvable" }],
    );
  });

  test("retry advice travels: a rate limit says when to retry", async () => {
    const result = await client.callTool({ name: "policy_get", arguments: { policy_id: "busy" } });
    const structured = (result._meta as Record<string, { retryable: boolean; retryAfter: number }>)["errata/error"];
    assert.deepEqual([structured?.retryable, structured?.retryAfter], [true, 30]);
  });

  test("an unexpected error reaches the agent as INTERNAL_ERROR, without its message", async () => {
    const result = await client.callTool({ name: "policy_get", arguments: { policy_id: "crash" } });
    assert.equal(result.isError, true);
    const json = JSON.stringify(result);
    assert.doesNotMatch(json, /hunter2|ECONNREFUSED/);
    assert.equal((result._meta as Record<string, { code: string }>)["errata/error"]?.code, "INTERNAL_ERROR");
  });

  test("protocol faults are the SDK's own: unknown tools and invalid arguments", async () => {
    // McpServer (SDK 1.32) reports these as isError results with its own text,
    // before any tool handler (and so errataTool) runs. errata/mcp's createToolServer
    // makes invalid arguments an errata tool result and keeps an unknown tool a
    // JSON-RPC error (test/conformance/mcp.test.ts).
    const unknown = await client.callTool({ name: "no_such_tool", arguments: {} });
    assert.equal(unknown.isError, true);
    assert.match(JSON.stringify(unknown.content), /no_such_tool not found/);
    const invalid = await client.callTool({ name: "policy_get", arguments: { policy_id: 42 } });
    assert.equal(invalid.isError, true);
    assert.equal(invalid.structuredContent, undefined);
  });
});
