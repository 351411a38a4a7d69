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
import type { Operation } from "../catalog/model.js";
import { fallback } from "../own/fallback.js";
import { type ErrataToolOptions, errataTool } from "../server/mcp.js";
import { operationOf } from "../server/operations.js";
import type { ErrorHandlerOptions } from "../server/respond.js";
import { toolResult } from "../wire/formats/jsonrpc.js";
import { contractLine, ERRORS_META, IDEMPOTENCY_META, toolContract } from "./contract.js";
import { keyOf, runOnce, type ToolIdempotencyOptions } from "./idempotency.js";

export { type CallToolOptions, callTool } from "./caller.js";
export { type CompensationScope, compensation, type SuppressedErrorLike, withCompensation } from "./compensation.js";
export type { ToolContractError } from "./contract.js";
export type { ToolIdempotencyOptions } from "./idempotency.js";

/** One tool: its description, its input (and output) as zod shapes, and its handler. */
export interface ToolSpec<Shape extends z.ZodRawShape = z.ZodRawShape> {
  readonly description?: string;
  readonly input: Shape;
  /** The shape of its structured result, listed as its outputSchema (errors then carry none: see toolResult). */
  readonly output?: z.ZodRawShape;
  readonly handler: (args: z.infer<z.ZodObject<Shape>>) => CallToolResult | Promise<CallToolResult>;
  /** The errors it may fail with, by name, beside those of the catalog's `mcp:` operation of its name. */
  readonly errors?: readonly string[];
  /**
   * It takes an idempotency key (needs createToolServer's `idempotency` store): `true` for the
   * server's argument (default `idempotency_key`), or the argument of its own.
   */
  readonly idempotent?: boolean | { readonly argument: string };
}

/** createToolServer's options: an error handler's, the tools' language, their contracts and idempotency. */
export interface ToolServerOptions extends ErrorHandlerOptions, Pick<ErrataToolOptions, "locale"> {
  /** Add a line listing each tool's errors and retry advice to its description, for models that read only descriptions. */
  readonly describeErrors?: boolean;
  /** Where idempotent tools keep their results: any guard store. */
  readonly idempotency?: ToolIdempotencyOptions;
}

/** Declare a tool with its argument types inferred from the input shape. */
export function tool<Shape extends z.ZodRawShape>(spec: ToolSpec<Shape>): ToolSpec<Shape> {
  return spec;
}

/** A tool ready to list and call. */
interface Entry {
  readonly name: string;
  readonly spec: ToolSpec;
  readonly schema: z.ZodObject<z.ZodRawShape>;
  readonly run: (args: unknown) => Promise<unknown>;
  /** The argument carrying its idempotency key, when it takes one. */
  readonly keyArgument?: string;
}

function entryOf(name: string, spec: ToolSpec, options: ToolServerOptions): Entry {
  const { describeErrors: _d, idempotency, ...handler } = options;
  if (spec.idempotent && !idempotency)
    throw new TypeError(`tool ${name} is idempotent: createToolServer needs an idempotency store`);
  const argument =
    typeof spec.idempotent === "object" ? spec.idempotent.argument : (idempotency?.argument ?? "idempotency_key");
  return {
    name,
    spec,
    schema: z.object(spec.input),
    // A tool without an outputSchema may also carry its error as structuredContent.
    // The tool's name is its operation in the catalog (`mcp: decision_get`): its errors are checked against it.
    run: errataTool(spec.handler as (args: unknown) => Promise<CallToolResult>, {
      ...handler,
      structuredContent: spec.output === undefined,
      tool: name,
      ...(spec.idempotent ? { keyArgument: argument } : {}),
    }),
    ...(spec.idempotent ? { keyArgument: argument } : {}),
  };
}

/** The hints the catalog's operation and the guard earn a tool (untrusted by the spec: the contract is what callers act on). */
function annotationsOf(operation: Operation | undefined, keyed: boolean) {
  const annotations = {
    ...(operation?.readOnly !== undefined ? { readOnlyHint: operation.readOnly } : {}),
    ...(operation?.destructive !== undefined ? { destructiveHint: operation.destructive } : {}),
    ...(keyed || operation?.readOnly ? { idempotentHint: true } : {}),
  };
  return Object.keys(annotations).length > 0 ? { annotations } : {};
}

/** A tool as `tools/list` shows it: its schemas, its error contract in `_meta`, and the hint a key earns it. */
function listed(entry: Entry, options: ToolServerOptions) {
  const { spec, name, keyArgument } = entry;
  const contract = toolContract(options.catalog, name, spec.errors, keyArgument !== undefined);
  const line = options.describeErrors ? contractLine(contract, keyArgument) : "";
  const description = [spec.description, line].filter(Boolean).join("\n\n");
  return {
    name,
    ...(description ? { description } : {}),
    inputSchema: z.toJSONSchema(entry.schema) as { type: "object"; [key: string]: unknown },
    ...(spec.output
      ? { outputSchema: z.toJSONSchema(z.object(spec.output)) as { type: "object"; [key: string]: unknown } }
      : {}),
    ...annotationsOf(operationOf(options.catalog, { tool: name }), keyArgument !== undefined),
    _meta: { [ERRORS_META]: contract, ...(keyArgument ? { [IDEMPOTENCY_META]: { argument: keyArgument } } : {}) },
  };
}

/** Arguments that do not fit the input schema: a tool execution error that names each violation, for the model to fix. */
function invalidArguments(
  entry: Entry,
  issues: readonly z.core.$ZodIssue[],
  options: ToolServerOptions,
): CallToolResult {
  const violations = issues.slice(0, 100).map((i) => ({ field: i.path.map(String).join("."), message: i.message }));
  const error = fallback(options.catalog, "VALIDATION_ERROR")({ violations }, { stack: false });
  const result = toolResult(error, { structuredContent: entry.spec.output === undefined });
  const lines = violations.map((v) => `- ${v.field || "(arguments)"}: ${v.message}`);
  const [head] = result.content;
  return {
    ...result,
    content: [{ type: "text", text: `${head?.text ?? ""}\nInvalid arguments:\n${lines.join("\n")}` }],
  };
}

/** A tool server for `tools`; connect it to any SDK transport. */
export function createToolServer<Shapes extends Record<string, z.ZodRawShape>>(
  info: { readonly name: string; readonly version: string },
  tools: { readonly [K in keyof Shapes]: ToolSpec<Shapes[K]> },
  options: ToolServerOptions = {},
): Server {
  const server = new Server({ name: info.name, version: info.version }, { capabilities: { tools: {} } });
  const compiled = new Map(
    (Object.entries(tools) as [string, ToolSpec][]).map(([name, spec]) => [name, entryOf(name, spec, options)]),
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [...compiled.values()].map((entry) => listed(entry, options)),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const entry = compiled.get(request.params.name);
    if (!entry) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`, {
        tools: [...compiled.keys()],
      });
    }
    const raw = (request.params.arguments ?? {}) as Record<string, unknown>;
    const parsed = entry.schema.safeParse(raw);
    if (!parsed.success) return invalidArguments(entry, parsed.error.issues, options);
    const run = async () => (await entry.run(parsed.data)) as CallToolResult;
    const key = entry.keyArgument ? keyOf(raw, request.params._meta, entry.keyArgument) : undefined;
    if (!key || !options.idempotency || !entry.keyArgument) return run();
    return runOnce(
      { ...options.idempotency, argument: entry.keyArgument },
      {
        tool: entry.name,
        key,
        args: raw,
        caller: extra,
        ...(options.logger ? { logger: options.logger } : {}),
        ...(options.catalog ? { catalog: options.catalog } : {}),
      },
      run,
    );
  });
  return server;
}
