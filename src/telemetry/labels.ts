/**
 * The labels of an error response for metrics: the catalog's code and kind, the
 * status and the operation. Each comes from the catalog (an undeclared throw is
 * INTERNAL_ERROR, a framework's refusal REQUEST_REJECTED with a status in 400–599),
 * so their number is bounded by it: safe as metric labels, unlike a message or a path.
 */
import type { ErrorEvent } from "../server/respond.js";

export interface ErrorLabels {
  readonly code: string;
  readonly kind: string;
  readonly status: string;
  /** The catalog operation's id; empty when the catalog declares none or none matched. */
  readonly operation: string;
}

export const LABEL_NAMES = ["code", "kind", "status", "operation"] as const;

export function labelsOf(event: ErrorEvent): ErrorLabels {
  return {
    code: event.error.code,
    kind: event.error.kind,
    status: String(event.status),
    operation: event.operation ?? "",
  };
}

/** Several `onError` hooks as one; each runs whatever the others do. */
export function onErrors(...hooks: readonly ((event: ErrorEvent) => void)[]): (event: ErrorEvent) => void {
  return (event) => {
    for (const hook of hooks) {
      try {
        hook(event);
      } catch {
        // One failing hook never keeps the others from their event.
      }
    }
  };
}
