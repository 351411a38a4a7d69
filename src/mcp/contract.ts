/**
 * A tool's error contract, as `tools/list` publishes it under `_meta["errata/errors"]`:
 * each error the tool may fail with (the tool's own `errors`, and those the catalog's
 * `mcp:` operation of the same name declares, common errors included), with whether
 * a retry can succeed, the wait the catalog's example gives, and whether a retry with
 * the same idempotency key is safe. An agent acts on this contract, not on the hints.
 */
import { findError } from "../catalog/lookup.js";
import type { Catalog } from "../catalog/model.js";
import { operationErrors } from "../catalog/operations.js";

export const ERRORS_META = "errata/errors";
export const IDEMPOTENCY_META = "errata/idempotency";

/** One error of a tool's contract. */
export interface ToolContractError {
  readonly name: string;
  readonly code: string;
  readonly retryable: boolean;
  /** Seconds to wait before a retry, as the catalog's first example of the error says. */
  readonly retryAfter?: number;
  /** A retry with the same idempotency key runs the call at most once. */
  readonly idempotent?: boolean;
}

/** The names of the errors a tool may fail with: its own, then its operation's, each once. */
export function toolErrorNames(catalog: Catalog | undefined, tool: string, own: readonly string[] = []): string[] {
  const operation = catalog?.operations.find((o) => o.kind === "mcp" && o.name === tool);
  return [...new Set([...own, ...(operation ? operationErrors(operation) : [])])];
}

/** The contract of a tool's errors; names the catalog does not declare are left out. */
export function toolContract(
  catalog: Catalog | undefined,
  tool: string,
  own: readonly string[] = [],
  idempotent = false,
): ToolContractError[] {
  if (!catalog) return [];
  return toolErrorNames(catalog, tool, own).flatMap((name) => {
    const def = findError(catalog, name);
    if (!def) return [];
    const wait = Number(def.examples[0]?.headers["Retry-After"]);
    return [
      {
        name: def.name,
        code: def.code,
        retryable: def.retryable,
        ...(def.retryable && Number.isFinite(wait) && wait >= 0 ? { retryAfter: wait } : {}),
        ...(idempotent ? { idempotent: true } : {}),
      },
    ];
  });
}

/** The contract as one line for a tool's description, for models that read only descriptions. */
export function contractLine(contract: readonly ToolContractError[], keyArgument = "idempotency_key"): string {
  if (contract.length === 0) return "";
  const advice = (e: ToolContractError) =>
    e.retryable
      ? `retry${e.retryAfter !== undefined ? ` after ${e.retryAfter}s` : ""}${e.idempotent ? ` with the same ${keyArgument}` : ""}`
      : "do not retry";
  const items = contract.map((e) => `${e.code} (${advice(e)})`);
  return `Errors: ${items.join("; ")}.`;
}
