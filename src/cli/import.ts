/** `errata import openapi <spec> [--out <catalog>]`: a first catalog from an OpenAPI document's error responses. */
import { readFileSync, writeFileSync } from "node:fs";
import { importOpenApi } from "../codegen/openapiImport.js";
import { ownErrors } from "../own/catalog.js";

const USAGE = "errata import openapi <openapi.yaml|json> [--out <catalog.yaml>]";

/** Import; the catalog goes to `out` (never over an existing file) or stdout, what was not mapped to stderr. */
export function runImport(
  spec: string,
  out: string | undefined,
  write: (s: string) => void,
  note: (s: string) => void,
): number {
  let text: string;
  try {
    text = readFileSync(spec, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw ownErrors.CLI_USAGE({ problem: `cannot read the OpenAPI document ${spec} (${reason})`, usage: USAGE });
  }
  let result: ReturnType<typeof importOpenApi>;
  try {
    result = importOpenApi(text);
  } catch (error) {
    // Not YAML or JSON, an alias bomb, nesting too deep to walk: refused as input.
    const reason = ((error as Error).message.split("\n")[0] ?? "").slice(0, 200);
    throw ownErrors.CLI_USAGE({ problem: `${spec} cannot be read as an OpenAPI document: ${reason}`, usage: USAGE });
  }
  for (const line of result.unmapped) note(`not mapped: ${line}\n`);
  if (!out) {
    write(result.text);
    return 0;
  }
  try {
    // "wx": create, and fail if anything is there (a symbolic link too): never over an existing catalog.
    writeFileSync(out, result.text, { flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === "EEXIST"
        ? `${out} already exists: errata import never overwrites a catalog (give another --out)`
        : `cannot write ${out}: ${code ?? (error as Error).message}`;
    throw ownErrors.CLI_USAGE({ problem, usage: USAGE });
  }
  const operations = Object.keys(result.catalog.operations as object).length;
  const errors = Object.keys(result.catalog.errors as object).length;
  write(`Wrote ${out}: ${errors} errors, ${operations} operations (${result.unmapped.length} things not mapped)\n`);
  return 0;
}
