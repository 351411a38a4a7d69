/**
 * errata/mcp: an MCP tool server (on the SDK's public low-level Server) that keeps
 * MCP's two kinds of failure apart, as agents need. Protocol faults (an unknown
 * tool, arguments that do not fit the input schema) are JSON-RPC errors (-32602,
 * with the violations in `data`); a tool that fails returns an errata tool result
 * (`isError: true`, text plus structured code, retry advice, suggestion, docs URL).
 * Requires @modelcontextprotocol/sdk (an optional peer dependency).
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { errataTool } from "../server/mcp.js";
import type { ErrorHandlerOptions } from "../server/respond.js";

/** One tool: its description, its input as a zod shape, and its handler. */
export interface ToolSpec<Shape extends z.ZodRawShape = z.ZodRawShape> {
  readonly description?: string;
  readonly input: Shape;
  readonly handler: (args: z.infer<z.ZodObject<Shape>>) => CallToolResult | Promise<CallToolResult>;
}

/** Declare a tool with its argument types inferred from the input shape. */
export function tool<Shape extends z.ZodRawShape>(spec: ToolSpec<Shape>): ToolSpec<Shape> {
  return spec;
}

/** A tool server for `tools`; connect it to any SDK transport. */
export function createToolServer<Shapes extends Record<string, z.ZodRawShape>>(
  info: { readonly name: string; readonly version: string },
  tools: { readonly [K in keyof Shapes]: ToolSpec<Shapes[K]> },
  options: ErrorHandlerOptions = {},
): Server {
  const server = new Server({ name: info.name, version: info.version }, { capabilities: { tools: {} } });
  const specs = Object.entries(tools) as [string, ToolSpec][];
  const compiled = new Map(
    specs.map(([name, spec]) => [name, { spec, schema: z.object(spec.input), run: errataTool(spec.handler, options) }]),
  );

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [...compiled].map(([name, { spec, schema }]) => ({
      name,
      ...(spec.description ? { description: spec.description } : {}),
      inputSchema: z.toJSONSchema(schema) as { type: "object"; [key: string]: unknown },
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const entry = compiled.get(request.params.name);
    if (!entry) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`, {
        tools: [...compiled.keys()],
      });
    }
    const parsed = entry.schema.safeParse(request.params.arguments ?? {});
    if (!parsed.success) {
      throw new McpError(ErrorCode.InvalidParams, `Invalid arguments for tool ${request.params.name}`, {
        violations: parsed.error.issues
          .slice(0, 100)
          .map((i) => ({ field: i.path.map(String).join("."), message: i.message })),
      });
    }
    return (await entry.run(parsed.data)) as CallToolResult;
  });
  return server;
}
