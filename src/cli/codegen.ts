/**
 * `errata codegen <catalog> --target ts|python|openapi|json-schema|grpc-service-config [--out <path>]`,
 * and `--target openapi --merge <spec>`: the catalog's error responses merged into
 * an existing OpenAPI document (what could not be merged is said on stderr).
 */

import { readFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { grpcServiceConfig } from "../codegen/grpcServiceConfig.js";
import { jsonSchema } from "../codegen/jsonSchema.js";
import { openApi } from "../codegen/openapi.js";
import { mergeOpenApi } from "../codegen/openapiMerge.js";
import { pythonModule } from "../codegen/python.js";
import { typescriptModule } from "../codegen/typescript.js";
import { writeInside } from "../docs/outFolder.js";
import { ownErrors } from "../own/catalog.js";
import { loadCatalog } from "../sources/load.js";

export const TARGETS = ["ts", "python", "openapi", "json-schema", "grpc-service-config"] as const;
export type Target = (typeof TARGETS)[number];

/** The generated text of a target. */
export function generate(file: string, target: Target, importFrom?: string): string {
  if (target === "ts") return typescriptModule(file, importFrom ? { importFrom } : {});
  const catalog = loadCatalog(file);
  if (target === "python") return pythonModule(catalog);
  const generated =
    target === "openapi"
      ? openApi(catalog)
      : target === "json-schema"
        ? jsonSchema(catalog)
        : grpcServiceConfig(catalog);
  return `${JSON.stringify(generated, null, 2)}\n`;
}

/** What codegen was asked for besides the catalog and the target. */
export interface CodegenOptions {
  readonly out?: string | undefined;
  readonly importFrom?: string | undefined;
  /** An OpenAPI document to merge the error responses into (target openapi). */
  readonly merge?: string | undefined;
}

/** The merged document's text; each thing the merge left undone goes to `note`. */
function merged(file: string, spec: string, note: (s: string) => void): string {
  let text: string;
  try {
    text = readFileSync(spec, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw ownErrors.CLI_USAGE({
      problem: `cannot read the OpenAPI document ${spec} (${reason})`,
      usage: "errata codegen <catalog> --target openapi --merge <openapi.yaml|json> [--out <file>]",
    });
  }
  const result = mergeOpenApi(loadCatalog(file), text, spec);
  for (const line of result.notes) note(`${line}\n`);
  return result.text;
}

/** Write the target to `out`, or print it; returns the exit code. */
export function runCodegen(
  file: string,
  target: Target,
  options: CodegenOptions,
  write: (s: string) => void,
  note: (s: string) => void,
): number {
  const { out, importFrom, merge } = options;
  const text = merge !== undefined ? merged(file, merge, note) : generate(file, target, importFrom);
  if (!out) {
    write(text);
    return 0;
  }
  // Replaced atomically: a symlink planted at `out` is replaced, not written through.
  writeInside(dirname(out), basename(out), text);
  write(`Wrote ${out} (${target})\n`);
  return 0;
}
