/**
 * errata/mcp over the SDK's Streamable HTTP transport on 127.0.0.1, called by the
 * SDK's own client: protocol faults are JSON-RPC errors, tool failures are results.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { createToolServer, tool } from "../../src/mcp/index.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { loadBundled } from "../helpers.js";
import { serveMcp } from "./serve.js";

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
};

describe("createToolServer over Streamable HTTP", () => {
  let client: Client;
  let close: () => Promise<void>;
  before(async () => {
    ({ client, close } = await serveMcp(() =>
      createToolServer({ name: "tracemem", version: "1.0.0" }, tools, { catalog: tracemem }),
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

  test("arguments that do not fit are a JSON-RPC error with the violations", async () => {
    await assert.rejects(client.callTool({ name: "policy_get", arguments: { policy_id: 42 } }), (e: unknown) => {
      assert.ok(e instanceof McpError);
      assert.equal(e.code, -32602);
      assert.equal((e.data as { violations: { field: string }[] }).violations[0]?.field, "policy_id");
      return true;
    });
  });

  test("a failing tool is an errata tool result; an unexpected failure leaks nothing", async () => {
    const result = await client.callTool({ name: "policy_get", arguments: { policy_id: "discount_cap_v1" } });
    assert.equal(result.isError, true);
    assert.equal((result.structuredContent as { error: { code: string } }).error.code, "POLICY_NOT_FOUND");
    const crash = await client.callTool({ name: "policy_get", arguments: { policy_id: "crash" } });
    assert.equal((crash.structuredContent as { error: { code: string } }).error.code, "INTERNAL_ERROR");
    assert.doesNotMatch(JSON.stringify(crash), /hunter2/);
  });
});
