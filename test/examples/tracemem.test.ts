/**
 * Every error-handling pattern of TraceMem's reference (basic handling, retry with
 * backoff, decision rollback, idempotency), written with errata/mcp's caller in
 * examples/tracemem-agent, run against the example TraceMem server over the SDK's
 * Streamable HTTP transport.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { basicHandling, openDecision, orderDecision, writeOnce } from "../../examples/tracemem-agent/agent.js";
import { TraceMemBackend, traceMemServer } from "../../examples/tracemem-agent/server.js";
import { MemoryStore } from "../../src/guard/stores/memory.js";
import { isErrataError } from "../../src/runtime/ErrataError.js";
import { serveMcp } from "../mcp/serve.js";

async function withServer(run: (client: Client, backend: TraceMemBackend, calls: string[]) => Promise<void>) {
  const backend = new TraceMemBackend();
  const store = new MemoryStore();
  const { client, close } = await serveMcp(() => traceMemServer(backend, store));
  const calls: string[] = [];
  const original = client.callTool.bind(client);
  client.callTool = ((params: { name: string }, ...rest: unknown[]) => {
    calls.push(params.name);
    return (original as (...a: unknown[]) => unknown)(params, ...rest);
  }) as typeof client.callTool;
  try {
    await run(client, backend, calls);
  } finally {
    await close();
  }
}

test("basic handling: the error's name decides, not its text", async () => {
  await withServer(async (client, backend) => {
    assert.equal(await basicHandling(client, "dec_missing"), "failed: INVALID_PARAMS");
    const id = await openDecision(client, "support");
    assert.equal(await basicHandling(client, id), "found");
    backend.badApiKey = true;
    await assert.rejects(
      openDecision(client, "support"),
      (e: unknown) => isErrataError(e) && e.name === "INVALID_API_KEY",
    );
  });
});

test("retry with backoff: rate limits are retried with the same key, auth errors never", async () => {
  await withServer(async (client, backend, calls) => {
    const id = await openDecision(client, "order_creation");
    backend.rateLimitWrites = 2;
    calls.length = 0;
    await writeOnce(client, id, "orders", [{ order_id: 1 }]);
    assert.deepEqual(calls, ["decision_write", "decision_write", "decision_write"]);
    assert.equal(backend.decisions.get(id)?.writes, 1);
    backend.badApiKey = true;
    calls.length = 0;
    await assert.rejects(openDecision(client, "order_creation"));
    assert.deepEqual(calls, ["decision_create"]);
  });
});

test("decision rollback: any error rolls the decision back and is the error thrown", async () => {
  await withServer(async (client, backend) => {
    let thrown: unknown;
    await orderDecision(client, "no_such_product", [{ order_id: 2 }]).catch((e: unknown) => {
      thrown = e;
    });
    assert.ok(isErrataError(thrown) && thrown.name === "DATA_PRODUCT_NOT_FOUND");
    const [decision] = [...backend.decisions.values()];
    assert.equal(decision?.status, "rolled_back");
    const committed = await orderDecision(client, "orders", [{ order_id: 3 }]);
    assert.equal(backend.decisions.get(committed)?.status, "committed");
  });
});

test("a rollback that fails never masks the original error: it is attached as suppressed", async () => {
  await withServer(async (client, backend) => {
    backend.closeFails = true;
    const thrown = await orderDecision(client, "no_such_product", [{ order_id: 4 }]).catch((e: unknown) => e);
    assert.ok(isErrataError(thrown) && thrown.name === "DATA_PRODUCT_NOT_FOUND");
    const suppressed = (thrown as unknown as { suppressed: { name: string; error: unknown } }).suppressed;
    assert.equal(suppressed.name, "SuppressedError");
    assert.ok(isErrataError(suppressed.error) && suppressed.error.name === "INTERNAL_ERROR");
  });
});

test("idempotency: the same key for the same write is answered from the store; the write ran once", async () => {
  await withServer(async (client, backend) => {
    const id = await openDecision(client, "order_creation");
    const first = await writeOnce(client, id, "orders", [{ order_id: 5 }], "order-5");
    const again = await writeOnce(client, id, "orders", [{ order_id: 5 }], "order-5");
    assert.equal(again._meta?.["errata/replayed"], true);
    assert.deepEqual(again.structuredContent, first.structuredContent);
    assert.equal(backend.decisions.get(id)?.writes, 1);
  });
});
