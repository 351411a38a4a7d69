/**
 * Values as the contract diff records and shows them: whole in a change's `from`
 * and `to`, cut around their first difference in its message, so that two sides
 * never read the same.
 */
import type { DetailField } from "../catalog/model.js";

/** A details field's type as text: `string[] | null`. */
export function typeOf(f: DetailField): string {
  return `${f.type === "array" && f.items ? `${f.items}[]` : f.type}${f.nullable ? " | null" : ""}`;
}

/** True when two values are equal as JSON. */
export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A value as a change records it, whole: quoted strings, JSON, "none" for absent. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return "none";
  return typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
}

/** The longest value a message shows whole. */
const SHOWN = 80;

/**
 * Two values as a change's message shows them: whole when short, else cut to a
 * window around their first difference, so the two sides never read the same.
 */
function shownPair(from: unknown, to: unknown): [string, string] {
  const a = valueText(from);
  const b = valueText(to);
  if (a.length <= SHOWN && b.length <= SHOWN) return [a, b];
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  const start = Math.max(0, at - 20);
  const cut = (t: string) =>
    t.length <= SHOWN && start === 0
      ? t
      : `${start > 0 ? "…" : ""}${t.slice(start, start + SHOWN - 2)}${start + SHOWN - 2 < t.length ? "…" : ""}`;
  return [cut(a), cut(b)];
}

/** "old → new", cut as shownPair cuts. */
export function arrow(from: unknown, to: unknown): string {
  const [a, b] = shownPair(from, to);
  return `${a} → ${b}`;
}
