/**
 * Prometheus through prom-client, which the application passes in (errata imports
 * none): a counter `errata_errors_total` with the labels code, kind, status and
 * operation, registered where the application says, and the `onError` hook that
 * counts each error response.
 */
import type { ErrorEvent } from "../server/respond.js";
import { LABEL_NAMES, labelsOf } from "./labels.js";

/** What errata uses of prom-client: its Counter class. */
export interface PromClientLike<R> {
  readonly Counter: new (config: {
    name: string;
    help: string;
    labelNames: string[];
    registers?: R[];
  }) => { inc(labels: Record<string, string>, value?: number): void };
}

/** The counter, registered in `registers` (default prom-client's global registry), and its hook. */
export function prometheusErrors<R>(
  client: PromClientLike<R>,
  options: { readonly name?: string; readonly registers?: R[] } = {},
) {
  const counter = new client.Counter({
    name: options.name ?? "errata_errors_total",
    help: "Error responses, by the catalog's code and kind, the status and the operation",
    labelNames: [...LABEL_NAMES],
    ...(options.registers ? { registers: options.registers } : {}),
  });
  return { counter, onError: (event: ErrorEvent) => counter.inc({ ...labelsOf(event) }) };
}
