/**
 * errata/mcp: an MCP tool server (on the SDK's public low-level Server) that keeps
 * MCP's two kinds of failure apart, as the 2025-11-25 spec (SEP-1303) says. A
 * protocol fault (an unknown tool) is a JSON-RPC error (-32602). Arguments that do
 * not fit the tool's input schema, and a tool that fails, are tool execution
 * errors: an errata tool result (`isError: true`, text with the code, the
 * violations, retry advice, suggestion, docs URL), which the model reads and can
 * correct its call from. Requires @modelcontextprotocol/sdk (an optional peer dependency).
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
import { fallback } from "../own/fallback.js";
import { type ErrataToolOptions, errataTool } from "../server/mcp.js";
import type { ErrorHandlerOptions } from "../server/respond.js";
import { toolResult } from "../wire/formats/jsonrpc.js";

/** One tool: its description, its input (and output) as zod shapes, and its handler. */
export interface ToolSpec<Shape extends z.ZodRawShape = z.ZodRawShape> {
  readonly description?: string;
  readonly input: Shape;
  /** The shape of its structured result, listed as its outputSchema (errors then carry none: see toolResult). */
  readonly output?: z.ZodRawShape;
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
  options: ErrorHandlerOptions & Pick<ErrataToolOptions, "locale"> = {},
): Server {
  const server = new Server({ name: info.name, version: info.version }, { capabilities: { tools: {} } });
  const specs = Object.entries(tools) as [string, ToolSpec][];
  const compiled = new Map(
    specs.map(([name, spec]) => [
      name,
      {
        spec,
        schema: z.object(spec.input),
        // A tool without an outputSchema may also carry its error as structuredContent.
        // The tool's name is its operation in the catalog (`mcp: decision_get`): its errors are checked against it.
        run: errataTool(spec.handler, { ...options, structuredContent: spec.output === undefined, tool: name }),
      },
    ]),
  );

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [...compiled].map(([name, { spec, schema }]) => ({
      name,
      ...(spec.description ? { description: spec.description } : {}),
      inputSchema: z.toJSONSchema(schema) as { type: "object"; [key: string]: unknown },
      ...(spec.output
        ? { outputSchema: z.toJSONSchema(z.object(spec.output)) as { type: "object"; [key: string]: unknown } }
        : {}),
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
      // A tool execution error, not a protocol one: the model sees which arguments to change.
      const violations = parsed.error.issues
        .slice(0, 100)
        .map((i) => ({ field: i.path.map(String).join("."), message: i.message }));
      const error = fallback(options.catalog, "VALIDATION_ERROR")({ violations }, { stack: false });
      const result = toolResult(error, { structuredContent: entry.spec.output === undefined });
      const lines = violations.map((v) => `- ${v.field || "(arguments)"}: ${v.message}`);
      const [head] = result.content;
      return {
        ...result,
        content: [{ type: "text", text: `${head?.text ?? ""}\nInvalid arguments:\n${lines.join("\n")}` }],
      };
    }
    return (await entry.run(parsed.data)) as CallToolResult;
  });
  return server;
}
