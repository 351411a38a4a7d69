/** A catalog the size of a real product's: n errors over 21 product areas (groups, each described), one of them RATE_LIMITED. */
import { compileCatalog } from "../../src/catalog/compile.js";
import type { Catalog } from "../../src/catalog/model.js";

export function bigCatalog(n: number): Catalog {
  const groups: Record<string, { title: string; description: string }> = {};
  for (let g = 0; g < 21; g++) groups[`area-${g}`] = { title: `Area ${g}`, description: `What area ${g} **owns**.` };
  const errors: Record<string, Record<string, unknown>> = {
    RATE_LIMITED: { category: "rate_limit", group: "area-0", message: "Too many requests" },
  };
  for (let i = 1; i < n; i++) {
    errors[`ERROR_${String(i).padStart(4, "0")}`] = {
      category: i % 2 === 0 ? "validation" : "server",
      group: `area-${i % 21}`,
      message: i === 7 ? "Billed separately from the plan" : `Failure number ${i}`,
      meta: { owner: ["alpha", "beta", "gamma", "delta", "omega"][i % 5] as string },
    };
  }
  const { catalog, problems } = compileCatalog({
    name: "big",
    version: "1.0.0",
    organize: "group",
    groups,
    errors,
  } as never);
  if (!catalog) throw new Error(JSON.stringify(problems));
  return catalog;
}
