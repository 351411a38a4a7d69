/**
 * errata/mcp for agents, over the SDK's Streamable HTTP transport with the SDK's own
 * Client: each tool's error contract in tools/list, idempotent tool calls on a guard
 * store, callTool's retries (only what is safe), OUTCOME_UNKNOWN, and a failure
 * injector that drops the connection after the server ran a write: every retried
 * write runs exactly once over 1,000 calls. withCompensation never lets a failed
 * rollback mask the original error.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import * as ts from "typescript";
import { z } from "zod";
import { RetryBudget } from "../../src/client/budget.js";
import { MemoryStore } from "../../src/guard/stores/memory.js";
import { callTool, compensation, createToolServer, tool, withCompensation } from "../../src/mcp/index.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { isErrataError } from "../../src/runtime/ErrataError.js";
import { loadBundled, REPO } from "../helpers.js";
import { listenMcp, serveMcp } from "./serve.js";

const tracemem = loadBundled("tracemem");
const t = createErrors(tracemem, { stack: false });

/** TraceMem's decision tools: decision_write takes an idempotency_key; counts what ran. */
function server(
  store: MemoryStore,
  ran: Map<string, number>,
  behaviour: { rateLimitedOnce?: Set<string>; auth?: boolean } = {},
) {
  return () =>
    createToolServer(
      { name: "tracemem", version: "1.0.0" },
      {
        decision_write: tool({
          description: "Write to a decision",
          input: { decision_id: z.string(), amount: z.number(), idempotency_key: z.string().optional() },
          idempotent: true,
          handler: async ({ decision_id, idempotency_key }) => {
            if (behaviour.auth) throw t.INVALID_API_KEY?.();
            const key = idempotency_key ?? "none";
            if (behaviour.rateLimitedOnce?.delete(key)) throw t.RATE_LIMITED?.({}, { retryAfter: 0 });
            ran.set(key, (ran.get(key) ?? 0) + 1);
            return { content: [{ type: "text", text: `wrote ${decision_id}` }] };
          },
        }),
        decision_get: tool({
          description: "Read a decision",
          input: { decision_id: z.string() },
          handler: async ({ decision_id }) => ({ content: [{ type: "text", text: decision_id }] }),
        }),
      },
      // The harness's transport is stateless, without auth: the scope is named on purpose.
      { catalog: tracemem, describeErrors: true, idempotency: { store, scope: () => "agent-1" } },
    );
}

test("tools/list publishes each tool's error contract, its key argument and the idempotent hint", async () => {
  const { client, close } = await serveMcp(server(new MemoryStore(), new Map()));
  try {
    const { tools } = await client.listTools();
    const write = tools.find((x) => x.name === "decision_write");
    const contract = write?._meta?.["errata/errors"] as { name: string; retryable: boolean; idempotent?: boolean }[];
    // The operation's own errors and TraceMem's common ones, in catalog order.
    assert.deepEqual(contract.map((e) => e.name).sort(), [
      "DATA_PRODUCT_NOT_FOUND",
      "INTERNAL_ERROR",
      "INVALID_API_KEY",
      "INVALID_PARAMS",
      "INVALID_PURPOSE",
      "INVALID_REQUEST",
      "MISSING_PARAMETER",
      "PERMISSION_DENIED",
      "RATE_LIMITED",
    ]);
    assert.equal(contract.find((e) => e.name === "RATE_LIMITED")?.retryable, true);
    assert.equal(contract.find((e) => e.name === "INVALID_API_KEY")?.retryable, false);
    assert.ok(contract.every((e) => e.idempotent === true));
    assert.deepEqual(write?._meta?.["errata/idempotency"], { argument: "idempotency_key" });
    assert.equal(write?.annotations?.idempotentHint, true);
    assert.match(write?.description ?? "", /\n\nErrors: .*RATE_LIMITED \(retry with the same idempotency_key\)/);
    assert.match(write?.description ?? "", /INVALID_API_KEY \(do not retry\)/);
    assert.equal(write?.annotations?.destructiveHint, false);
    // TraceMem's catalog declares decision_get read-only: the hints follow it.
    const get = tools.find((x) => x.name === "decision_get");
    assert.deepEqual(get?.annotations, { readOnlyHint: true, idempotentHint: true });
  } finally {
    await close();
  }
});

test("the same key replays the stored result; other arguments are IDEMPOTENCY_KEY_REUSED; the tool ran once", async () => {
  const ran = new Map<string, number>();
  const { client, close } = await serveMcp(server(new MemoryStore(), ran));
  try {
    const args = { decision_id: "d1", amount: 5, idempotency_key: "k-1" };
    const first = await client.callTool({ name: "decision_write", arguments: args });
    const again = await client.callTool({ name: "decision_write", arguments: args });
    assert.equal(first.isError, undefined);
    assert.equal(again._meta?.["errata/replayed"], true);
    assert.deepEqual(again.content, first.content);
    assert.equal(ran.get("k-1"), 1);
    const reused = await client.callTool({ name: "decision_write", arguments: { ...args, amount: 6 } });
    assert.equal(reused.isError, true);
    assert.match(JSON.stringify(reused.content), /IDEMPOTENCY_KEY_REUSED/);
    assert.equal(ran.get("k-1"), 1);
  } finally {
    await close();
  }
});

test("a key from a caller with no session and no authenticated client is refused unless a scope is named", async () => {
  let runs = 0;
  const make = () =>
    createToolServer(
      { name: "tracemem", version: "1.0.0" },
      {
        decision_write: tool({
          input: { idempotency_key: z.string() },
          idempotent: true,
          handler: async () => {
            runs++;
            return { content: [{ type: "text", text: "ok" }] };
          },
        }),
      },
      { catalog: tracemem, idempotency: { store: new MemoryStore() }, logger: { error() {}, info() {} } },
    );
  const { client, close } = await serveMcp(make);
  try {
    const result = await client.callTool({ name: "decision_write", arguments: { idempotency_key: "k" } });
    assert.equal(result.isError, true);
    assert.match(JSON.stringify(result.content), /GUARD_MISCONFIGURED/);
    assert.equal(runs, 0);
  } finally {
    await close();
  }
});

test("callTool retries a retryable error with the same generated key, and never an auth error", async () => {
  const ran = new Map<string, number>();
  const limited = new Set<string>();
  const { client, close } = await serveMcp(server(new MemoryStore(), ran, { rateLimitedOnce: limited }));
  try {
    // The first attempt of every key is rate limited: the retry must carry the same key.
    const seen: string[] = [];
    const original = client.callTool.bind(client);
    client.callTool = ((params: { arguments?: Record<string, unknown> }, ...rest: unknown[]) => {
      const key = params.arguments?.idempotency_key as string;
      if (!seen.includes(key)) limited.add(key);
      seen.push(key);
      return (original as (...a: unknown[]) => unknown)(params, ...rest);
    }) as typeof client.callTool;
    const result = await callTool(client, "decision_write", { decision_id: "d2", amount: 1 }, { catalogs: [tracemem] });
    assert.equal(result.isError, undefined);
    assert.equal(seen.length, 2);
    assert.equal(seen[0], seen[1]);
    assert.equal(ran.get(seen[0] as string), 1);
  } finally {
    await close();
  }
  let attempts = 0;
  const auth = await serveMcp(server(new MemoryStore(), new Map(), { auth: true }));
  try {
    const original = auth.client.callTool.bind(auth.client);
    auth.client.callTool = ((...a: unknown[]) => {
      attempts++;
      return (original as (...b: unknown[]) => unknown)(...a);
    }) as typeof auth.client.callTool;
    await assert.rejects(
      callTool(auth.client, "decision_write", { decision_id: "d3", amount: 1 }, { catalogs: [tracemem] }),
      (e: unknown) => isErrataError(e) && e.name === "INVALID_API_KEY",
    );
    assert.equal(attempts, 1);
  } finally {
    await auth.close();
  }
});

test("a dropped connection after a write: retried with its key, every write runs exactly once over 1,000 calls", async () => {
  const ran = new Map<string, number>();
  let calls = 0;
  let dropped = 0;
  const { client, close } = await serveMcp(server(new MemoryStore(), ran), {
    // Drop two responses in five of tools/call, after the server has run the tool: a call loses
    // its first answer, or its first two in a row. Fixed, not random, so the test never flakes
    // (a random one in three lost all ten attempts of some call in 1.7% of runs).
    drop: (body) => (body as { method?: string })?.method === "tools/call" && calls++ % 5 < 2 && ++dropped > 0,
  });
  try {
    for (let i = 0; i < 1000; i++) {
      await callTool(
        client,
        "decision_write",
        { decision_id: `d${i}`, amount: i },
        { retry: { attempts: 10, baseMs: 1, maxMs: 5 } },
      );
    }
  } finally {
    await close();
  }
  assert.equal(ran.size, 1000);
  assert.ok(
    [...ran.values()].every((n) => n === 1),
    "a write ran twice",
  );
  assert.ok(dropped > 200, String(dropped));
});

test("a dropped connection in a call with no key and not read-only is OUTCOME_UNKNOWN, not a blind retry", async () => {
  let runs = 0;
  const make = () =>
    createToolServer(
      { name: "shop", version: "1.0.0" },
      {
        charge: tool({
          input: { amount: z.number() },
          handler: async () => {
            runs++;
            return { content: [{ type: "text", text: "charged" }] };
          },
        }),
      },
    );
  const { client, close } = await serveMcp(make, {
    drop: (body) => (body as { method?: string })?.method === "tools/call",
  });
  try {
    await assert.rejects(
      callTool(client, "charge", { amount: 5 }, { retry: { baseMs: 1, maxMs: 5 } }),
      (e: unknown) => isErrataError(e) && e.name === "OUTCOME_UNKNOWN" && /charge may have run/.test(e.message),
    );
    assert.equal(runs, 1);
  } finally {
    await close();
  }
});

test("withCompensation: the rollback runs on any error; a failed rollback never masks the original", async () => {
  const original = t.PERMISSION_DENIED?.({});
  let rolledBack = 0;
  await assert.rejects(
    withCompensation(
      () => {
        throw original;
      },
      () => {
        rolledBack++;
      },
    ),
    (e: unknown) => e === original,
  );
  assert.equal(rolledBack, 1);
  const failure = new Error("rollback refused");
  await assert.rejects(
    withCompensation(
      () => Promise.reject(original),
      () => Promise.reject(failure),
    ),
    (e: unknown) => {
      const s = (e as { suppressed?: { name: string; error: unknown; suppressed: unknown; cause: unknown } })
        .suppressed;
      return (
        e === original &&
        s?.name === "SuppressedError" &&
        s.error === failure &&
        s.suppressed === original &&
        s.cause === failure
      );
    },
  );
  assert.equal(
    await withCompensation(
      () => 42,
      () => assert.fail("no rollback on success"),
    ),
    42,
  );
});

test("a failure is written for a model: the retry advice with the key to resend, or the one thing to do instead", async () => {
  const limited = new Set(["k-rl"]);
  const { client, close } = await serveMcp(server(new MemoryStore(), new Map(), { rateLimitedOnce: limited }));
  try {
    const args = { decision_id: "d9", amount: 1, idempotency_key: "k-rl" };
    const limitedResult = await client.callTool({ name: "decision_write", arguments: args });
    const text = (limitedResult.content as { text: string }[])[0]?.text ?? "";
    assert.match(text, /^RATE_LIMITED: Rate limit exceeded\nRetry: yes, after 0 s, with the same idempotency_key\.\n/);
    assert.equal((limitedResult._meta?.["errata/error"] as { code?: string } | undefined)?.code, "RATE_LIMITED");
  } finally {
    await close();
  }
  const auth = await serveMcp(server(new MemoryStore(), new Map(), { auth: true }));
  try {
    const result = await auth.client.callTool({ name: "decision_write", arguments: { decision_id: "d", amount: 1 } });
    const text = (result.content as { text: string }[])[0]?.text ?? "";
    assert.match(text, /^INVALID_API_KEY: Unauthorized\nDo not retry: Verify API key is correct\.\n/);
  } finally {
    await auth.close();
  }
});

for (const protocolVersion of [LATEST_PROTOCOL_VERSION, "2025-06-18"]) {
  test(`at protocol version ${protocolVersion}: the contract, a replayed key and a safe retry work with the SDK's Client`, async () => {
    const ran = new Map<string, number>();
    const limited = new Set<string>(["v-1"]);
    const { client, close } = await serveMcp(server(new MemoryStore(), ran, { rateLimitedOnce: limited }), {
      protocolVersion,
    });
    try {
      const { tools } = await client.listTools();
      assert.ok(Array.isArray(tools.find((x) => x.name === "decision_write")?._meta?.["errata/errors"]));
      const args = { decision_id: "d1", amount: 5, idempotency_key: "v-1" };
      await callTool(client, "decision_write", args, { catalogs: [tracemem] });
      const again = await client.callTool({ name: "decision_write", arguments: args });
      assert.equal(again._meta?.["errata/replayed"], true);
      assert.equal(ran.get("v-1"), 1);
    } finally {
      await close();
    }
  });
}

test("compensation() with await using: left by an error it rolls back, the original error propagates, a failed rollback is kept, not thrown", async () => {
  const original = t.PERMISSION_DENIED?.({});
  const failure = new Error("rollback refused");
  let scopeSeen: { failure?: unknown } | undefined;
  const step = async (fail: boolean) => {
    await using rollback = compensation(() => {
      throw failure;
    });
    scopeSeen = rollback;
    if (fail) throw original;
    rollback.done();
    return "committed";
  };
  await assert.rejects(step(true), (e: unknown) => e === original);
  assert.equal(scopeSeen?.failure, failure);
  assert.equal(await step(false), "committed");
  assert.equal(scopeSeen?.failure, undefined);
});

test("compensation() where TypeScript itself downlevels await using (to ES2022): the rollback runs, the original error propagates", () => {
  const source = [
    `import { compensation } from ${JSON.stringify(join(REPO, "src", "mcp", "compensation.ts"))};`,
    "const log: string[] = [];",
    "async function step() {",
    '  await using rollback = compensation(() => { log.push("rolled back"); throw new Error("rollback failed"); });',
    '  log.push("wrote");',
    '  throw new Error("original");',
    "}",
    'await step().catch((e: Error) => log.push("threw " + e.message));',
    "console.log(JSON.stringify(log));",
  ].join("\n");
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  assert.match(outputText, /__addDisposableResource/, "TypeScript lowered the declaration");
  const file = join(mkdtempSync(join(tmpdir(), "errata-using-")), "step.mjs");
  writeFileSync(file, outputText);
  const r = spawnSync(process.execPath, ["--import", "tsx", file], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), ["wrote", "rolled back", "threw original"]);
});

test("callTool spends a shared retry budget: with none left, a retryable error is thrown at once", async () => {
  const ran = new Map<string, number>();
  const limited = new Set<string>(["b-1", "b-2"]);
  const { client, close } = await serveMcp(server(new MemoryStore(), ran, { rateLimitedOnce: limited }));
  try {
    const budget = new RetryBudget({ capacity: 1, ratio: 0 });
    const args = (key: string) => ({ decision_id: "d", amount: 1, idempotency_key: key });
    await callTool(client, "decision_write", args("b-1"), { catalogs: [tracemem], budget });
    assert.equal(ran.get("b-1"), 1, "the one token paid for the first retry");
    await assert.rejects(
      callTool(client, "decision_write", args("b-2"), { catalogs: [tracemem], budget }),
      (e: unknown) => isErrataError(e) && e.name === "RATE_LIMITED",
    );
    assert.equal(ran.get("b-2"), undefined);
  } finally {
    await close();
  }
});

test("callTool types a JSON-RPC error too (an unknown tool), and does not retry it", async () => {
  const { client, close } = await serveMcp(server(new MemoryStore(), new Map()));
  let attempts = 0;
  const original = client.callTool.bind(client);
  client.callTool = ((...a: unknown[]) => {
    attempts++;
    return (original as (...b: unknown[]) => unknown)(...a);
  }) as typeof client.callTool;
  try {
    await assert.rejects(
      callTool(client, "no_such_tool", {}, { catalogs: [tracemem] }),
      (e: unknown) => isErrataError(e) && e.name === "INVALID_PARAMS" && /Unknown tool/.test(e.message),
    );
    assert.equal(attempts, 1);
  } finally {
    await close();
  }
});

test("a keyed call whose arguments nest 5,000 deep is a VALIDATION_ERROR tool error, never a stack overflow; the tool does not run", async () => {
  const ran = new Map<string, number>();
  const store = new MemoryStore();
  // A hostile caller, not the SDK's Client (which itself cannot send this): the JSON-RPC request by hand.
  const { url, close } = await listenMcp(server(store, ran));
  const call = async (key: string, depth: number) => {
    const extra = `${"[".repeat(depth)}${"]".repeat(depth)}`;
    const args = `{"decision_id":"d","amount":1,"idempotency_key":"${key}","extra":${extra}}`;
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"decision_write","arguments":${args}}}`,
    });
    return (await response.json()) as {
      result?: { isError?: boolean; content: unknown; _meta?: Record<string, unknown> };
      error?: unknown;
    };
  };
  try {
    const deep = await call("deep-1", 5000);
    assert.equal(deep.error, undefined, JSON.stringify(deep.error));
    assert.equal(deep.result?.isError, true);
    assert.match(JSON.stringify(deep.result?.content), /^\[\{"type":"text","text":"VALIDATION_ERROR: /);
    assert.match(JSON.stringify(deep.result?._meta?.["errata/error"]), /nested more than 64 levels deep/);
    assert.equal(ran.get("deep-1"), undefined);
    const shallow = await call("deep-2", 60);
    assert.equal(shallow.result?.isError, undefined, JSON.stringify(shallow));
    assert.equal(ran.get("deep-2"), 1);
  } finally {
    await close();
  }
});
