/**
 * Idempotent tool calls, on the guards' stores (memory, SQLite, Redis): MCP has no
 * idempotency key, so the key is a named argument of the tool (`idempotency_key`,
 * TraceMem's form) or `_meta["errata/idempotencyKey"]`. The same key with the same
 * arguments replays the stored result, marked `_meta["errata/replayed"]`; with other
 * arguments it is IDEMPOTENCY_KEY_REUSED; while the first call runs it is
 * IDEMPOTENCY_IN_PROGRESS, with retry advice. Keys are scoped to the caller (the
 * transport's authenticated client, else its session; a caller with neither is refused
 * unless the server names a scope). A call that fails gives its
 * key up, so that a retry may run; only a result is kept.
 */
import { randomUUID } from "node:crypto";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Catalog } from "../catalog/model.js";
import { sha256 } from "../guard/digest.js";
import type { GuardStore } from "../guard/stores/contract.js";
import { ownErrors } from "../own/catalog.js";
import { fallback } from "../own/fallback.js";
import { type Logger, loggerOf } from "../server/respond.js";
import { toolResult } from "../wire/formats/jsonrpc.js";

export const KEY_META = "errata/idempotencyKey";
export const REPLAYED_META = "errata/replayed";

/** createToolServer's `idempotency` option. */
export interface ToolIdempotencyOptions {
  readonly store: GuardStore;
  /** The argument that carries the key (default `idempotency_key`). */
  readonly argument?: string;
  /** How long a result is kept for replay, in seconds (default 24 h). */
  readonly ttlSeconds?: number;
  /** How long a call holds its key before a retry may take it over, in seconds (default 60). */
  readonly leaseSeconds?: number;
  /**
   * Whose keys these are. Default: the transport's authenticated client, else its session. A call
   * with neither is refused (GUARD_MISCONFIGURED): one shared scope would replay one caller's
   * result to another. Name a scope (`() => "public"`) to accept such calls on purpose.
   */
  readonly scope?: (caller: CallerOf) => string | undefined;
}

/** Who is calling, as the transport says: the authenticated client, else the session. */
export interface CallerOf {
  readonly authInfo?: { readonly clientId?: string };
  readonly sessionId?: string;
}

/** How deep a keyed call's arguments may nest: deeper ones are refused, never walked until the stack gives out. */
export const MAX_ARGUMENT_DEPTH = 64;

/**
 * The arguments without the key, in a canonical order: what the key must be used for
 * again; undefined when they nest deeper than MAX_ARGUMENT_DEPTH.
 */
function fingerprint(
  tool: string,
  args: Record<string, unknown>,
  argument: string,
): string | Promise<string> | undefined {
  const canonical = (v: unknown, depth: number): unknown => {
    if (depth > MAX_ARGUMENT_DEPTH) throw new RangeError("nested too deeply");
    if (Array.isArray(v)) return v.map((x) => canonical(x, depth + 1));
    if (!v || typeof v !== "object") return v;
    const keys = Object.keys(v).sort();
    return Object.fromEntries(keys.map((k) => [k, canonical((v as Record<string, unknown>)[k], depth + 1)]));
  };
  const { [argument]: _key, ...rest } = args;
  try {
    return sha256(tool, JSON.stringify(canonical(rest, 0)));
  } catch {
    return undefined;
  }
}

/** The key a call carries, if any: its argument, else `_meta`. */
export function keyOf(args: Record<string, unknown>, meta: Record<string, unknown> | undefined, argument: string) {
  const key = args[argument] ?? meta?.[KEY_META];
  return typeof key === "string" && key.length > 0 && key.length <= 256 ? key : undefined;
}

/** A keyed call from a caller with no identity: refused, and said in the log once, since the server is set up wrong. */
let warned = false;
function refusedScope(tool: string, logger: Logger | undefined): CallToolResult {
  const log = loggerOf(logger);
  if (!warned && log) {
    warned = true;
    const text = `errata/mcp: ${tool} got an idempotency key from a caller with no session or authenticated client; set idempotency.scope to accept such calls`;
    if (log.warn) log.warn({ tool }, text);
    else log.error({ tool }, text);
  }
  return toolResult(ownErrors.GUARD_MISCONFIGURED({ guard: "idempotency" }, { stack: false })) as CallToolResult;
}

/** Run a tool call under its idempotency key. */
export async function runOnce(
  options: ToolIdempotencyOptions,
  call: {
    tool: string;
    key: string;
    args: Record<string, unknown>;
    caller: CallerOf;
    logger?: Logger;
    /** The catalog whose VALIDATION_ERROR refuses arguments too deep to key (errata's own without one). */
    catalog?: Catalog;
  },
  run: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  const { store } = options;
  const argument = options.argument ?? "idempotency_key";
  const scope = options.scope ? options.scope(call.caller) : (call.caller.authInfo?.clientId ?? call.caller.sessionId);
  if (scope === undefined) return refusedScope(call.tool, call.logger);
  const storeKey = `mcp:${call.tool}:${await sha256(scope)}:${call.key}`;
  const token = randomUUID();
  const ttlMs = (options.ttlSeconds ?? 24 * 60 * 60) * 1000;
  const leaseMs = (options.leaseSeconds ?? 60) * 1000;
  const print = fingerprint(call.tool, call.args, argument);
  if (print === undefined) {
    const violations = [{ field: "(arguments)", message: `nested more than ${MAX_ARGUMENT_DEPTH} levels deep` }];
    return toolResult(fallback(call.catalog, "VALIDATION_ERROR")({ violations }, { stack: false })) as CallToolResult;
  }
  const begun = await store.begin(storeKey, await print, token, leaseMs, ttlMs, Date.now());
  const refused = (error: Parameters<typeof toolResult>[0]) => toolResult(error) as CallToolResult;
  if (begun.state === "mismatch") return refused(ownErrors.IDEMPOTENCY_KEY_REUSED({ key: call.key }, { stack: false }));
  if (begun.state === "running")
    return refused(ownErrors.IDEMPOTENCY_IN_PROGRESS({ key: call.key }, { stack: false, retryAfter: 1 }));
  if (begun.state === "done") {
    const stored = JSON.parse(Buffer.from(begun.response.body, "base64").toString("utf8")) as CallToolResult;
    return { ...stored, _meta: { ...stored._meta, [REPLAYED_META]: true } };
  }
  let result: CallToolResult;
  try {
    result = await run();
  } catch (error) {
    await store.release(storeKey, token);
    throw error;
  }
  if (result.isError) await store.release(storeKey, token);
  else {
    const body = Buffer.from(JSON.stringify(result)).toString("base64");
    await store.complete(storeKey, token, { status: 200, headers: {}, body }, ttlMs, Date.now());
  }
  return result;
}
