/**
 * Whether a value fits a details field as the catalog declares it: its JSON type
 * (an integer is a number too), null only where the field is nullable, one of its
 * enum values, each item of an array of the item type. Lint checks examples with it,
 * the OpenAPI import keeps examples with it, and errata/orpc validates error data.
 */
import type { DetailField } from "./model.js";

/** A value's JSON type, integers apart: `null`, `array`, `integer`, `number`, `string`… */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** True when `value` fits the field. */
export function fitsField(field: Pick<DetailField, "type" | "items" | "nullable" | "enum">, value: unknown): boolean {
  if (value === null) return field.nullable;
  if (field.enum && !field.enum.includes(value as string | number)) return false;
  const actual = jsonType(value);
  if (field.type === "number") return actual === "number" || actual === "integer";
  if (actual !== field.type) return false;
  if (field.type === "array" && field.items) {
    const item = { type: field.items, nullable: false };
    return (value as unknown[]).every((v) => fitsField(item, v));
  }
  return true;
}
