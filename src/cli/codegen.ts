/** `errata codegen <catalog> --target ts|python|openapi|json-schema [--out <path>]`. */
import { basename, dirname } from "node:path";
import { jsonSchema } from "../codegen/jsonSchema.js";
import { openApi } from "../codegen/openapi.js";
import { pythonModule } from "../codegen/python.js";
import { typescriptModule } from "../codegen/typescript.js";
import { writeInside } from "../docs/outFolder.js";
import { loadCatalog } from "../sources/load.js";

export const TARGETS = ["ts", "python", "openapi", "json-schema"] as const;
export type Target = (typeof TARGETS)[number];

/** The generated text of a target. */
export function generate(file: string, target: Target, importFrom?: string): string {
  if (target === "ts") return typescriptModule(file, importFrom ? { importFrom } : {});
  const catalog = loadCatalog(file);
  if (target === "python") return pythonModule(catalog);
  return `${JSON.stringify(target === "openapi" ? openApi(catalog) : jsonSchema(catalog), null, 2)}\n`;
}

/** Write the target to `out`, or print it; returns the exit code. */
export function runCodegen(
  file: string,
  target: Target,
  out: string | undefined,
  importFrom: string | undefined,
  write: (s: string) => void,
): number {
  const text = generate(file, target, importFrom);
  if (!out) {
    write(text);
    return 0;
  }
  // Replaced atomically: a symlink planted at `out` is replaced, not written through.
  writeInside(dirname(out), basename(out), text);
  write(`Wrote ${out} (${target})\n`);
  return 0;
}
