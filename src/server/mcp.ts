/**
 * MCP tool handlers (servers built with @modelcontextprotocol/sdk, such as TraceMem):
 * `errataTool(handler, opts)` turns anything a tool throws into an MCP tool-execution
 * error (`isError: true`, text with the code, retry advice, suggestion and docs URL,
 * and the structured error in `_meta`) that the calling agent can act on. Unexpected
 * errors become INTERNAL_ERROR: the SDK alone would hand their raw message to the agent.
 */

import { localizeError } from "../runtime/createErrors.js";
import type { ToolResultOptions } from "../wire/formats/jsonrpc.js";
import { toolResult } from "../wire/formats/jsonrpc.js";
import { normalize } from "./normalize.js";
import { declaredOrNot, operationOf } from "./operations.js";
import { checkHandlerOptions, type ErrorHandlerOptions, report, warnerOf } from "./respond.js";

/** The result an errata-wrapped tool returns when it fails. */
export type ToolErrorResult = ReturnType<typeof toolResult>;

/** Options of errataTool. */
export interface ErrataToolOptions extends ErrorHandlerOptions {
  /** Also put the error in `structuredContent`: only for a tool that declares no outputSchema (see toolResult). */
  readonly structuredContent?: ToolResultOptions["structuredContent"];
  /**
   * The language tool errors are written in (MCP carries no Accept-Language): a tag
   * the catalog declares, or one of its subtags (fr-CA takes fr). An error raised for
   * a language of its own keeps it. Default: the catalog's default language.
   */
  readonly locale?: string;
  /** The tool's name, as the catalog's operations give it (`mcp: decision_get`): its errors are checked against them. */
  readonly tool?: string;
  /** The argument that carries the tool's idempotency key: its errors' retry advice says to send the same one. */
  readonly keyArgument?: string;
}

/** errataTool's own options, besides an error handler's. */
const TOOL_OPTIONS = { structuredContent: true, locale: true, tool: true, keyArgument: true } as const;

/** Wrap a tool handler so that its failures reach the agent as errata tool errors. */
export function errataTool<Args extends unknown[], Result>(
  handler: (...args: Args) => Result | Promise<Result>,
  options: ErrataToolOptions = {},
): (...args: Args) => Promise<Result | ToolErrorResult> {
  checkHandlerOptions("errataTool", options, TOOL_OPTIONS);
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (thrown) {
      const requestId = crypto.randomUUID();
      const normalized = normalize(thrown, options.catalog, requestId, options);
      const operation = options.tool === undefined ? undefined : operationOf(options.catalog, { tool: options.tool });
      const error = declaredOrNot(normalized.error, operation, options, warnerOf(options));
      const expected = normalized.expected && error === normalized.error;
      report({ error, thrown, expected, requestId, status: error.status ?? 200 }, options);
      const catalog = options.catalog;
      const shown =
        options.locale !== undefined && catalog && error.localized === undefined
          ? localizeError(error, options.locale, catalog.defaultLocale)
          : error;
      return toolResult(shown, {
        requestId,
        ...(options.structuredContent ? { structuredContent: true } : {}),
        ...(options.keyArgument ? { keyArgument: options.keyArgument } : {}),
      });
    }
  };
}
