/**
 * The agent's side: `callTool(client, name, args, options)` over the SDK's Client.
 * A tool's `isError` result and a JSON-RPC error become typed ErrataErrors (with the
 * server's catalogs, and errata's own). A failure is retried, with backoff,
 * Retry-After and a budget (errata/client's policy, shared), only when it is safe: the
 * tool reads only (the caller says so: hints are untrusted), or the call carries an
 * idempotency key, which the caller makes once per logical call and sends on every
 * attempt when the tool's contract names its key argument. An auth error is never
 * retried. A transport failure in the middle of a call that is neither is
 * OUTCOME_UNKNOWN: the tool may have run, and the agent must check before repeating.
 */
import { randomUUID } from "node:crypto";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { type CallToolResult, ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { NEVER_RETRYABLE_STATUSES } from "../catalog/lintRules.js";
import type { Catalog } from "../catalog/model.js";
import type { RetryBudgetLike } from "../client/budget.js";
import { sleep } from "../client/platform.js";
import { decide, type RetrySettings } from "../client/policy.js";
import { errata, ownErrors } from "../own/catalog.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import { decode } from "../wire/codec.js";
import { IDEMPOTENCY_META } from "./contract.js";

/** callTool's options. */
export interface CallToolOptions {
  /** The server's catalogs, to type its errors (errata's own are always known). */
  readonly catalogs?: readonly Catalog[];
  /**
   * Attempts in all (default 3); the first retry's backoff ceiling and the longest backoff in ms (default 200
   * and 10,000); the longest Retry-After waited for (default 30,000: a longer one gives up rather than retry early).
   */
  readonly retry?: {
    readonly attempts?: number;
    readonly baseMs?: number;
    readonly maxMs?: number;
    readonly maxRetryAfterMs?: number;
  };
  /** A retry budget shared by the agent's calls: a retry spends a token, a success earns part of one. */
  readonly budget?: RetryBudgetLike;
  /** The tool only reads: a repeat is safe. The caller's word; a server's readOnlyHint alone is not trusted. */
  readonly readOnly?: boolean;
  /** The idempotency key to send (default: a new one per call, when the tool's contract names a key argument). */
  readonly idempotencyKey?: string;
  /** Where the wait between attempts can be cut short. */
  readonly signal?: AbortSignal;
}

/** The key argument each tool of a server takes, from its `tools/list` contract; read once per client. */
const contracts = new WeakMap<Client, Promise<Map<string, string>>>();

function keyArguments(client: Client): Promise<Map<string, string>> {
  let known = contracts.get(client);
  if (!known) {
    known = client.listTools().then(
      ({ tools }) =>
        new Map(
          tools.flatMap((t) => {
            const argument = (t._meta?.[IDEMPOTENCY_META] as { argument?: unknown } | undefined)?.argument;
            return typeof argument === "string" ? [[t.name, argument] as [string, string]] : [];
          }),
        ),
      () => new Map<string, string>(),
    );
    contracts.set(client, known);
  }
  return known;
}

const TRANSPORT_CODES = new Set<number>([ErrorCode.ConnectionClosed, ErrorCode.RequestTimeout]);

/** What one attempt ended with: a result, a typed error from the server, or a transport failure. */
type Outcome = { result: CallToolResult } | { error: ErrataError } | { lost: string };

async function attempt(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  catalogs: readonly Catalog[],
): Promise<Outcome> {
  try {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    if (!result.isError) return { result };
    return { error: decode(result, { catalogs }).error };
  } catch (thrown) {
    if (thrown instanceof McpError && !TRANSPORT_CODES.has(thrown.code)) {
      const body = {
        jsonrpc: "2.0",
        id: null,
        error: { code: thrown.code, message: thrown.message, data: thrown.data },
      };
      return { error: decode(body, { catalogs, format: "jsonrpc" }).error };
    }
    return { lost: thrown instanceof Error ? thrown.message.slice(0, 200) : "the transport failed" };
  }
}

/** Call a tool; resolves with its result, or throws a typed ErrataError once no safe retry is left. */
export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
  options: CallToolOptions = {},
): Promise<CallToolResult> {
  const argument = (await keyArguments(client)).get(name);
  const key = argument
    ? typeof args[argument] === "string"
      ? (args[argument] as string)
      : (options.idempotencyKey ?? randomUUID())
    : undefined;
  const sent = argument && key ? { ...args, [argument]: key } : args;
  const repeatable = options.readOnly === true || key !== undefined;
  const catalogs = [...(options.catalogs ?? []), errata.catalog];
  const settings: RetrySettings = {
    maxAttempts: options.retry?.attempts ?? 3,
    baseMs: options.retry?.baseMs ?? 200,
    maxMs: options.retry?.maxMs ?? 10_000,
    maxRetryAfterMs: options.retry?.maxRetryAfterMs ?? 30_000,
    neverStatuses: new Set(NEVER_RETRYABLE_STATUSES),
  };
  for (let n = 1; ; n++) {
    const outcome = await attempt(client, name, sent, catalogs);
    if ("result" in outcome) {
      await options.budget?.onSuccess();
      return outcome.result;
    }
    const error =
      "error" in outcome
        ? outcome.error
        : repeatable
          ? ownErrors.NETWORK_ERROR({ method: "tools/call", url: name, reason: outcome.lost }, { stack: false })
          : ownErrors.OUTCOME_UNKNOWN({ tool: name, reason: outcome.lost }, { stack: false });
    // An error from the server says whether a retry helps; a lost connection leaves only the key or readOnly to go by.
    const safe = "error" in outcome || repeatable;
    const verdict = decide(error, { attempt: n, method: "tools/call", url: name, repeatable: safe }, settings);
    if (!verdict.retry || options.signal?.aborted || (options.budget && !(await options.budget.tryRetry())))
      throw error;
    // An abort cuts the wait short: the attempt after it is the last (the check above ends the loop).
    await sleep(verdict.delayMs, options.signal).catch(() => undefined);
  }
}
