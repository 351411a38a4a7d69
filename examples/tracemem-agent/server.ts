/**
 * An example TraceMem MCP server built with errata/mcp: the four decision tools of
 * TraceMem's reference, their errors from the bundled TraceMem catalog, and
 * decision_write idempotent under its `idempotency_key` on a guard store. The
 * decisions live in a `TraceMemBackend` the caller keeps, with knobs a demo (or a
 * test) turns to make a tool fail the ways the reference describes.
 */
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { z } from "zod";
import type { GuardStore } from "../../src/guard/stores/contract.js";
import { createToolServer, tool } from "../../src/mcp/index.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { loadCatalog } from "../../src/sources/load.js";

export const catalog = loadCatalog(fileURLToPath(new URL("../catalogs/tracemem.yaml", import.meta.url)));
const errors = createErrors(catalog, { stack: false });

/** The decisions, the records written, and the failures to inject. */
export class TraceMemBackend {
  readonly decisions = new Map<string, { status: "open" | "committed" | "rolled_back" | "failed"; writes: number }>();
  readonly products = new Set(["orders", "customers"]);
  readonly purposes = new Set(["order_creation", "support"]);
  /** The next writes answer RATE_LIMITED (with Retry-After 0), this many times. */
  rateLimitWrites = 0;
  /** decision_close fails with INTERNAL_ERROR. */
  closeFails = false;
  /** The API key the agent holds is invalid. */
  badApiKey = false;
}

const json = (value: unknown) => ({
  content: [{ type: "text" as const, text: JSON.stringify(value) }],
  structuredContent: value as Record<string, unknown>,
});

/** TraceMem's tool server over `backend`, its writes idempotent on `store`. */
export function traceMemServer(backend: TraceMemBackend, store: GuardStore): Server {
  const decision = (id: string) => {
    const found = backend.decisions.get(id);
    if (!found) throw errors.INVALID_PARAMS?.({}, { message: `No decision ${id}` });
    return found;
  };
  const tools = {
    decision_create: tool({
      description: "Open a decision envelope",
      input: { intent: z.string(), automation_mode: z.enum(["propose", "autonomous"]), purpose: z.string() },
      handler: async ({ purpose }) => {
        if (backend.badApiKey) throw errors.INVALID_API_KEY?.();
        if (!backend.purposes.has(purpose)) throw errors.INVALID_PURPOSE?.({ purpose });
        const id = `dec_${randomUUID()}`;
        backend.decisions.set(id, { status: "open", writes: 0 });
        return json({ decision_id: id });
      },
    }),
    decision_write: tool({
      description: "Write to a Data Product within an open decision",
      input: {
        decision_id: z.string(),
        product: z.string(),
        purpose: z.string(),
        mutation: z.object({ operation: z.string(), records: z.array(z.record(z.string(), z.unknown())) }),
        idempotency_key: z.string().optional(),
      },
      idempotent: true,
      handler: async ({ decision_id, product, mutation }) => {
        const d = decision(decision_id);
        if (backend.rateLimitWrites > 0) {
          backend.rateLimitWrites--;
          throw errors.RATE_LIMITED?.({}, { retryAfter: 0 });
        }
        if (!backend.products.has(product)) throw errors.DATA_PRODUCT_NOT_FOUND?.({ product });
        d.writes += mutation.records.length;
        return json({ written: mutation.records.length, write_id: randomUUID() });
      },
    }),
    decision_close: tool({
      description: "Commit or roll back a decision",
      input: { decision_id: z.string(), action: z.enum(["commit", "rollback"]) },
      handler: async ({ decision_id, action }) => {
        const d = decision(decision_id);
        if (backend.closeFails) throw errors.INTERNAL_ERROR?.();
        d.status = action === "commit" ? "committed" : "rolled_back";
        return json({ decision_id, status: d.status });
      },
    }),
    decision_get: tool({
      description: "Read a decision's status",
      input: { decision_id: z.string() },
      handler: async ({ decision_id }) => json({ decision_id, ...decision(decision_id) }),
    }),
  };
  return createToolServer({ name: "tracemem", version: "1.0.0" }, tools, {
    catalog,
    describeErrors: true,
    idempotency: { store, scope: () => "example-agent" },
  });
}
