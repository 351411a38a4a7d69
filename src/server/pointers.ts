/**
 * Where a validator's field is in the request body that was actually sent, as an
 * RFC 6901 JSON Pointer. Validators report paths relative to what they checked: the
 * whole document (Fastify's schema on a JSON:API body: `data.attributes.count`) or
 * a part of it (zod on the attributes: `count`). A pointer must resolve in the body
 * the client sent, so the path is looked up from the body's root and from JSON:API's
 * `data.attributes`; a field that is missing (a required one) points at the deepest
 * object that is there, its parent, as JSON:API 1.1 wants of a pointer.
 */

import { jsonPointer } from "../wire/formats/problem.js";

/** Where a validator's path may start in a body: its root, or JSON:API's attributes. */
const ROOTS: readonly (readonly string[])[] = [[], ["data", "attributes"]];

/** How many of `steps` lead from `value` to a member that is there (own members, array indexes). */
function reach(value: unknown, steps: readonly string[]): number {
  let at = value;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as string;
    if (Array.isArray(at) ? !/^(0|[1-9]\d*)$/.test(step) || Number(step) >= at.length : !isObject(at)) return i;
    if (!Array.isArray(at) && !Object.hasOwn(at as object, step)) return i;
    at = (at as Record<string, unknown>)[step];
  }
  return steps.length;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * The pointer to a field path (`items.0.name`) in a parsed request body: the field
 * itself where it is there, else its deepest parent that is; undefined when the body
 * is not a JSON object or array.
 */
export function pointerInBody(body: unknown, field: string): string | undefined {
  if (!isObject(body)) return undefined;
  const steps = field === "" ? [] : field.split(".");
  let best: readonly string[] | undefined;
  for (const root of ROOTS) {
    if (reach(body, root) < root.length) continue;
    const found = reach(body, [...root, ...steps]) - root.length;
    if (found === steps.length) return jsonPointer([...root, ...steps]);
    const path = [...root, ...steps.slice(0, found)];
    if (best === undefined || path.length > best.length) best = path;
  }
  return jsonPointer(best ?? []);
}
