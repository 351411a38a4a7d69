/**
 * errata's OpenAPI 3.1 schemas written for an OpenAPI 3.0 document: `const` as a
 * one-value `enum`, a type list with "null" as `nullable`, `examples` as `example`;
 * what 3.0's schema object cannot say (`if`/`then`, `contains`, `contentMediaType`)
 * is left out, which only makes a schema accept more.
 */
import type { Schema } from "./jsonSchema.js";

const DROPPED = new Set(["if", "then", "else", "contains", "contentMediaType", "$schema", "$id"]);

function typeOf(type: unknown): Schema {
  if (!Array.isArray(type)) return { type };
  const types = type.filter((t) => t !== "null");
  const nullable = types.length < type.length ? { nullable: true } : {};
  if (types.length === 1) return { type: types[0], ...nullable };
  return { anyOf: types.map((t) => ({ type: t })), ...nullable };
}

/** One node of a 3.1 document as 3.0 has it, recursively. */
export function toOpenApi30(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toOpenApi30);
  if (typeof node !== "object" || node === null) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key)) continue;
    if (key === "const") out.enum = [value];
    else if (key === "type") Object.assign(out, typeOf(value));
    else if (key === "examples" && Array.isArray(value)) out.example = value[0];
    else out[key] = toOpenApi30(value);
  }
  return out;
}
