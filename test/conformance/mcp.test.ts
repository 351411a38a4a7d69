/**
 * errata/mcp over the SDK's Streamable HTTP transport on 127.0.0.1, called by the
 * SDK's own client: an unknown tool is a JSON-RPC error; arguments that fail the
 * input schema and tools that fail are tool execution errors (MCP 2025-11-25,
 * SEP-1303), which reach the caller even from a tool that declares an outputSchema.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { createToolServer, tool } from "../../src/mcp/index.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { decode } from "../../src/wire/index.js";
import { loadBundled } from "../helpers.js";
import { serveMcp } from "../mcp/serve.js";

const tracemem = loadBundled("tracemem");
const t = createErrors(tracemem);

const tools = {
  policy_get: tool({
    description: "Read a policy",
    input: { policy_id: z.string(), version: z.number().int().optional() },
    handler: async ({ policy_id }) => {
      if (policy_id === "crash") throw new Error("password=hunter2");
      throw t.POLICY_NOT_FOUND?.({ policy: policy_id });
    },
  }),
  policy_read: tool({
    description: "Read a policy, with a structured result",
    input: { policy_id: z.string() },
    output: { policy_id: z.string(), cap: z.number() },
    handler: async ({ policy_id }) => {
      if (policy_id === "ok") return { content: [], structuredContent: { policy_id, cap: 5 } };
      throw t.POLICY_NOT_FOUND?.({ policy: policy_id });
    },
  }),
  // One of TraceMem's declared operations: DATA_PRODUCT_NOT_FOUND is not among its errors.
  decision_get: tool({
    description: "Read a decision",
    input: { decision_id: z.string() },
    handler: async () => {
      throw t.DATA_PRODUCT_NOT_FOUND?.({ product: "orders" });
    },
  }),
};

const undeclared: string[] = [];

describe("createToolServer over Streamable HTTP", () => {
  let client: Client;
  let close: () => Promise<void>;
  before(async () => {
    ({ client, close } = await serveMcp(() =>
      createToolServer({ name: "tracemem", version: "1.0.0" }, tools, {
        catalog: tracemem,
        onUndeclared: ({ operation, error }) => undeclared.push(`${operation.id} ${error.name}`),
      }),
    ));
  });
  after(() => close());

  test("tools are listed with their JSON Schema input", async () => {
    const { tools: listed } = await client.listTools();
    assert.equal(listed[0]?.name, "policy_get");
    assert.deepEqual(listed[0]?.inputSchema.required, ["policy_id"]);
  });

  test("an unknown tool is a JSON-RPC error, not a tool result", async () => {
    await assert.rejects(client.callTool({ name: "no_such_tool", arguments: {} }), (e: unknown) => {
      assert.ok(e instanceof McpError);
      assert.equal(e.code, -32602);
      assert.match(e.message, /Unknown tool: no_such_tool/);
      return true;
    });
  });

  test("arguments that do not fit are a tool execution error the model can correct from", async () => {
    const result = await client.callTool({ name: "policy_get", arguments: { policy_id: 42 } });
    assert.equal(result.isError, true);
    const text = (result.content as { text: string }[])[0]?.text ?? "";
    assert.match(text, /^VALIDATION_ERROR: /);
    assert.match(text, /Invalid arguments:\n- policy_id: /);
    const back = decode(result, { catalogs: [tracemem] });
    assert.ok(back.ok);
    assert.equal(back.error.code, "VALIDATION_ERROR");
    assert.equal((back.error.details as { violations: { field: string }[] }).violations[0]?.field, "policy_id");
  });

  test("a tool with an outputSchema: its errors reach the SDK client (no structuredContent to fail its check)", async () => {
    const { tools: listed } = await client.listTools();
    assert.deepEqual(listed.find((x) => x.name === "policy_read")?.outputSchema?.required, ["policy_id", "cap"]);
    const ok = await client.callTool({ name: "policy_read", arguments: { policy_id: "ok" } });
    assert.deepEqual(ok.structuredContent, { policy_id: "ok", cap: 5 });
    for (const args of [{ policy_id: "missing" }, { policy_id: 7 }]) {
      const result = await client.callTool({ name: "policy_read", arguments: args });
      assert.equal(result.isError, true);
      assert.equal(result.structuredContent, undefined);
      const back = decode(result, { catalogs: [tracemem] });
      assert.ok(back.ok);
      assert.match(back.error.code, /^(POLICY_NOT_FOUND|VALIDATION_ERROR)$/);
    }
  });

  test("a failing tool is an errata tool result; an unexpected failure leaks nothing", async () => {
    const result = await client.callTool({ name: "policy_get", arguments: { policy_id: "discount_cap_v1" } });
    assert.equal(result.isError, true);
    assert.equal((result.structuredContent as { error: { code: string } }).error.code, "POLICY_NOT_FOUND");
    const crash = await client.callTool({ name: "policy_get", arguments: { policy_id: "crash" } });
    assert.equal((crash.structuredContent as { error: { code: string } }).error.code, "INTERNAL_ERROR");
    assert.doesNotMatch(JSON.stringify(crash), /hunter2/);
  });

  test("a tool is the catalog's operation of its name: an error it does not declare runs onUndeclared", async () => {
    const result = await client.callTool({ name: "decision_get", arguments: { decision_id: "d1" } });
    assert.equal(result.isError, true);
    assert.deepEqual(undeclared, ["decision_get DATA_PRODUCT_NOT_FOUND"]);
    await client.callTool({ name: "policy_get", arguments: { policy_id: "p" } });
    assert.equal(undeclared.length, 1, "policy_get is no operation of the catalog");
  });
});
