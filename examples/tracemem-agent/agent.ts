/**
 * TraceMem's error-handling patterns, written with errata/mcp's caller: each is the
 * reference's Python pattern, without matching strings such as "401" or "Rate limit"
 * in an exception's text. The errors are typed (their names are the catalog's), the
 * retries are the caller's (only what is safe, auth errors never), the rollback is
 * withCompensation's (a failed rollback never masks the original error), and a write
 * carries one idempotency key across its retries.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { callTool, withCompensation } from "../../src/mcp/index.js";
import { isErrataError } from "../../src/runtime/ErrataError.js";
import { catalog } from "./server.js";

const options = { catalogs: [catalog], retry: { attempts: 4, baseMs: 10, maxMs: 100 } };
const data = (result: CallToolResult) => result.structuredContent as Record<string, unknown>;

/** Basic error handling: branch on the error's name, not on its text. */
export async function basicHandling(client: Client, decisionId: string): Promise<string> {
  try {
    await callTool(client, "decision_get", { decision_id: decisionId }, { ...options, readOnly: true });
    return "found";
  } catch (error) {
    if (!isErrataError(error)) throw error;
    if (error.name === "INVALID_API_KEY") return "ask the user for a valid API key";
    if (error.name === "PERMISSION_DENIED") return "request the permission";
    if (error.name === "RATE_LIMITED") return "retry later";
    return `failed: ${error.name}`;
  }
}

/** Retry with backoff: the caller retries rate limits and server errors, and never an auth error. */
export async function openDecision(client: Client, purpose: string): Promise<string> {
  const result = await callTool(
    client,
    "decision_create",
    { intent: "create order", automation_mode: "autonomous", purpose },
    options,
  );
  return String(data(result).decision_id);
}

/** Decision error handling: commit on success, roll back on any error; the original error is what is thrown. */
export async function orderDecision(
  client: Client,
  product: string,
  records: Record<string, unknown>[],
): Promise<string> {
  const decisionId = await openDecision(client, "order_creation");
  return withCompensation(
    async () => {
      await writeOnce(client, decisionId, product, records);
      await callTool(client, "decision_close", { decision_id: decisionId, action: "commit" }, options);
      return decisionId;
    },
    () => callTool(client, "decision_close", { decision_id: decisionId, action: "rollback" }, options),
  );
}

/** Idempotency: one key for the logical write, sent on every attempt; a repeat is answered from the store. */
export async function writeOnce(
  client: Client,
  decisionId: string,
  product: string,
  records: Record<string, unknown>[],
  idempotencyKey?: string,
): Promise<CallToolResult> {
  const args = {
    decision_id: decisionId,
    product,
    purpose: "order_creation",
    mutation: { operation: "insert", records },
  };
  return callTool(client, "decision_write", args, { ...options, ...(idempotencyKey ? { idempotencyKey } : {}) });
}
