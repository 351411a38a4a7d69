/**
 * An MCP tool server process for the multi-process test: errata's tool server behind
 * the SDK's Streamable HTTP transport on 127.0.0.1, its idempotent tool on a shared
 * store (Redis, a Redis Cluster or a SQLite file). It tells its parent its port,
 * counts the tool's runs, and reports them when asked.
 *   node --import tsx worker.ts <redis|redis-cluster|sqlite> <url|urls,…|file> <key prefix>
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";
import type { GuardStore } from "../../src/guard/stores/contract.js";
import { RedisStore } from "../../src/guard/stores/redis.js";
import { SqliteStore } from "../../src/guard/stores/sqlite.js";
import { createToolServer, tool } from "../../src/mcp/index.js";

const [kind, target, prefix = "errata-mcp:"] = process.argv.slice(2);
if (!target || !["redis", "redis-cluster", "sqlite"].includes(kind ?? ""))
  throw new Error("usage: worker.ts <redis|redis-cluster|sqlite> <url|urls,…|file> <key prefix>");
const store: GuardStore =
  kind === "sqlite"
    ? new SqliteStore(target)
    : new RedisStore(kind === "redis" ? target : target.split(","), { prefix });

let runs = 0;
const tools = {
  decision_write: tool({
    input: { decision_id: z.string(), idempotency_key: z.string().optional() },
    idempotent: true,
    handler: async ({ decision_id }) => {
      runs++;
      await new Promise((r) => setTimeout(r, 50));
      return { content: [{ type: "text" as const, text: `${decision_id} written by ${process.pid}` }] };
    },
  }),
};

const http = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on("close", () => void transport.close());
  const server = createToolServer({ name: "tracemem", version: "1.0.0" }, tools, {
    idempotency: { store, scope: () => "one-agent" },
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
});
http.listen(0, "127.0.0.1", () => {
  process.send?.({ type: "ready", port: (http.address() as AddressInfo).port });
});
process.on("message", (message: { type?: string }) => {
  if (message.type === "report") process.send?.({ type: "runs", runs });
  if (message.type === "stop") {
    http.close();
    void store.close().finally(() => process.exit(0));
  }
});
process.on("disconnect", () => process.exit(0));
