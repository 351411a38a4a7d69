/**
 * What to do next, in words: the sentences `explain`, the Markdown reference and
 * the site all use for an error's retry advice and for who must act.
 */
import type { Actor, DetailField, ErrorDefinition, RetryAdvice, RetryPolicy } from "../catalog/model.js";

const RETRY_ADVICE: Record<RetryPolicy, string> = {
  never: "Do not retry: the same request cannot succeed.",
  backoff: "Retry with exponential backoff and jitter.",
  retry_after: "Retry after the Retry-After delay the server sends (backoff when it sends none).",
  transport: "Retried automatically by the transport; no action unless it repeats.",
  maybe: "Retry only under a condition",
};

/** Who acts on an error, in words. */
export const ACTOR: Record<Actor, string> = {
  caller: "the caller (fix the request or credentials)",
  operator: "the operator (configuration or environment)",
  nobody: "nobody (transient: wait and retry)",
  maintainer: "the maintainer (a bug to report)",
};

/** The retry advice as one sentence or a few. */
export function retrySentence(retry: RetryAdvice): string {
  let s = RETRY_ADVICE[retry.policy];
  if (retry.policy === "maybe") s += retry.condition ? `: ${retry.condition}.` : ".";
  if (retry.when) {
    const terms = Object.entries(retry.when).map(
      ([field, values]) => `${field} is ${values.map((v) => JSON.stringify(v)).join(" or ")}`,
    );
    s += ` errata's client retries it automatically when ${terms.join(" and ")}.`;
  }
  if (retry.delaySeconds !== undefined) s += ` Default delay: ${retry.delaySeconds}s.`;
  if (retry.maxAttempts !== undefined) s += ` At most ${retry.maxAttempts} attempts.`;
  return s;
}

/** Details fields whose value names where the request went wrong (a validation error's). */
const LOCATION_FIELDS = new Set(["field", "parameter"]);

/**
 * What a details field's declaration does not say by itself: the values it may take,
 * and, for a validation error's `field` or `parameter`, that the wire formats also
 * send it as a JSON Pointer into the request (problem+json `errors[].pointer`,
 * JSON:API `source.pointer`).
 */
export function detailNotes(def: ErrorDefinition, field: DetailField): string[] {
  const notes: string[] = [];
  if (field.enum && field.enum.length > 0) notes.push(`one of ${field.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  if (def.kind === "validation" && LOCATION_FIELDS.has(field.name))
    notes.push("also sent as a JSON Pointer into the request (problem+json errors[].pointer, JSON:API source.pointer)");
  return notes;
}
