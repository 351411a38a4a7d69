/**
 * Code styles: how a catalog writes its codes (E001, 0x0101 with sub-codes
 * 0x0101_01, JSON-RPC numbers, or the name itself) and the checks each implies.
 */
import type { CodeStyle } from "./model.js";
import type { CatalogInput } from "./schema.js";

const HIERARCHICAL = /^0x[0-9A-Fa-f]{4}$/;
const HIERARCHICAL_SUB = /^0x[0-9A-Fa-f]{4}_[0-9A-Fa-f]{2}$/;
const INTEGER = /^-?\d+$/;

/** Resolve the `codes` field of a catalog file. */
export function resolveCodeStyle(
  input: CatalogInput["codes"],
  errors: CatalogInput["errors"],
): CodeStyle | { readonly problem: string } {
  // No `codes:` block: the code is the name, unless the errors carry codes of their own.
  const implied = Object.values(errors).some((e) => e.code !== undefined) ? "free" : "name";
  const spec = typeof input === "string" ? { style: input } : (input ?? { style: implied });
  switch (spec.style) {
    case "name":
    case "free":
    case "hierarchical":
      return { style: spec.style };
    case "numeric": {
      const style: { style: "numeric"; min?: number; max?: number } = { style: "numeric" };
      if ("min" in spec && spec.min !== undefined) style.min = spec.min;
      if ("max" in spec && spec.max !== undefined) style.max = spec.max;
      return style;
    }
    case "pattern": {
      const pattern = "pattern" in spec ? spec.pattern : undefined;
      if (!pattern) return { problem: 'code style "pattern" needs a `pattern`' };
      try {
        new RegExp(pattern, "u");
      } catch (error) {
        return { problem: `invalid code pattern: ${(error as Error).message}` };
      }
      return { style: "pattern", pattern };
    }
  }
}

/** Normalize a code as written (numbers become decimal strings). */
export function normalizeCode(code: string | number): string {
  return typeof code === "number" ? String(code) : code;
}

/** Why a code does not fit the style, or undefined when it does. */
export function codeStyleProblem(style: CodeStyle, code: string): string | undefined {
  switch (style.style) {
    case "name":
    case "free":
      return undefined;
    case "pattern":
      return new RegExp(`^(?:${style.pattern})$`, "u").test(code)
        ? undefined
        : `code "${code}" does not match the catalog's code pattern /${style.pattern}/`;
    case "hierarchical":
      return HIERARCHICAL.test(code) ? undefined : `code "${code}" is not hierarchical (0xXXYY: category XX, error YY)`;
    case "numeric": {
      if (!INTEGER.test(code)) return `code "${code}" is not an integer`;
      const n = Number(code);
      if (style.min !== undefined && n < style.min) return `code ${code} is below the catalog's minimum ${style.min}`;
      if (style.max !== undefined && n > style.max) return `code ${code} is above the catalog's maximum ${style.max}`;
      return undefined;
    }
  }
}

/** Why a sub-code does not fit under its parent code, or undefined when it does. */
export function subcodeProblem(style: CodeStyle, parent: string, code: string): string | undefined {
  if (style.style === "hierarchical") {
    if (!HIERARCHICAL_SUB.test(code)) return `sub-code "${code}" is not of the form 0xXXYY_ZZ`;
    return code.slice(0, 6).toLowerCase() === parent.toLowerCase()
      ? undefined
      : `sub-code "${code}" does not start with its error's code ${parent}`;
  }
  return code.startsWith(parent) ? undefined : `sub-code "${code}" does not start with its error's code ${parent}`;
}

/** The category part of a hierarchical code: `0x0405` → `0x04`. */
export function hierarchicalCategory(code: string): string {
  return code.slice(0, 4).toLowerCase();
}
