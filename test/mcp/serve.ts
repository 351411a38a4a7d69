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
  /** The protocol version the client asks for (default the SDK's latest): the SDK's Client pinned to an older one. */
  readonly protocolVersion?: string;
}

/** Serve `makeServer()`'s MCP server over HTTP on 127.0.0.1; resolves with its URL and a `close`. */
export async function listenMcp(
  makeServer: () => Connectable,
  injector: Injector = {},
): Promise<{ url: URL; close: () => Promise<void> }> {
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
  const url = new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`);
  return {
    url,
    close: async () => {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Serve `makeServer()`'s MCP server over HTTP and connect a client; `close` stops both. */
export async function serveMcp(
  makeServer: () => Connectable,
  injector: Injector = {},
): Promise<{ client: Client; close: () => Promise<void> }> {
  const served = await listenMcp(makeServer, injector);
  const client = new Client({ name: "agent", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(served.url);
  const pinned = injector.protocolVersion;
  if (pinned) {
    // The SDK's Client always offers its latest version: ask for the pinned one instead.
    const send = transport.send.bind(transport);
    transport.send = (message, options) => {
      const m = message as { method?: string; params?: { protocolVersion?: string } };
      if (m.method === "initialize" && m.params) m.params.protocolVersion = pinned;
      return send(message, options);
    };
  }
  await client.connect(transport);
  if (pinned && transport.protocolVersion !== pinned)
    throw new Error(`the server answered ${transport.protocolVersion}, not ${pinned}`);
  return {
    client,
    close: async () => {
      await client.close();
      await served.close();
    },
  };
}
