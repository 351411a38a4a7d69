/** What generated code says of a deprecated error (TypeScript's `@deprecated`, Python's warning): when, until when, instead. */
import type { Deprecation } from "../catalog/model.js";

export function deprecationParts(d: Deprecation): string[] {
  return [
    d.since ? `since ${d.since}` : "",
    d.sunset ? `no longer sent after ${d.sunset}` : "",
    d.replacedBy ? `use ${d.replacedBy}` : "",
  ].filter(Boolean);
}
