/**
 * An MCP tool server process for the multi-process test: errata's tool server behind
 * the SDK's Streamable HTTP transport on 127.0.0.1, its idempotent tool on a shared
 * store (Redis, a Redis Cluster or a SQLite file). It tells its parent its port,
 * counts the tool's runs, and reports them when asked.
 *   node --import tsx worker.ts <redis|redis-cluster|sqlite> <url|urls,…|file> <key prefix>
 */
import { createServer } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";
import type { GuardStore } from "../../src/guard/stores/contract.js";
import { createToolServer, tool } from "../../src/mcp/index.js";
import { answerParent, workerStore } from "../workers.js";

const store: GuardStore = workerStore(process.argv.slice(2), "errata-mcp:");

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
http.listen(0, "127.0.0.1");
answerParent(http, () => runs, store);
