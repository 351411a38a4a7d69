/**
 * Test harness: an MCP server behind the SDK's Streamable HTTP transport on
 * 127.0.0.1 (a fresh server per request, stateless), and the SDK's own client
 * connected to it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";

/** Something that serves MCP over a transport: the SDK's McpServer, or errata's tool server. */
interface Connectable {
  connect(transport: StreamableHTTPServerTransport): Promise<void>;
}

/** A failure injector: for a request body it picks, the server runs the request, then drops the connection unanswered. */
export interface Injector {
  readonly drop?: (body: unknown) => boolean;
}

/** Serve `makeServer()`'s MCP server over HTTP and connect a client; `close` stops both. */
export async function serveMcp(
  makeServer: () => Connectable,
  injector: Injector = {},
): Promise<{ client: Client; close: () => Promise<void> }> {
  const http = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
    if (injector.drop?.(body)) {
      // The request is handled (the tool runs); its answer never leaves.
      res.writeHead = (() => res) as unknown as typeof res.writeHead;
      res.end = (() => {
        res.socket?.destroy();
        return res;
      }) as unknown as typeof res.end;
    }
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => void transport.close());
    await makeServer().connect(transport);
    await transport.handleRequest(req, res, body);
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const client = new Client({ name: "agent", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`)),
  );
  return {
    client,
    close: async () => {
      await client.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
