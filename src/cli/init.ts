/**
 * `errata init [file]`: a starter catalog, commented, that lints clean: the schema
 * line for editors, errors of four kinds (one with typed details, one retryable,
 * one a CLI's with no HTTP status), and the next three commands to run. It never
 * overwrites a file: the file is created exclusively.
 */
import { writeFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { ownErrors } from "../own/catalog.js";

/** The catalog name a folder suggests: `My Shop API` → `my-shop-api`. */
export function catalogName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+|-+$/g, "");
  return name || "my-api";
}

/** The starter catalog's text. */
export function starterCatalog(name: string): string {
  return `# yaml-language-server: $schema=./node_modules/errata/schema/catalog.schema.json
# The errors of ${name}, declared once. errata turns them into typed errors, wire
# bodies, a client that retries only what is safe, docs and a contract diff.
name: ${name}
version: 0.1.0
# How errors travel: problem (RFC 9457), jsonapi, google, envelope, flat, jsonrpc, binary.
format: problem
# Where each error's page will live: docsBaseUrl + its slug (rate-limited).
# docsBaseUrl: https://docs.example.com/errors/

errors:
  # A name in UPPER_SNAKE_CASE is the identity; give codes: a pattern to use codes of your own.
  VALIDATION_FAILED:
    # The category is a built-in kind (validation, not_found, conflict, rate_limit, server,
    # unavailable, client for any other 4xx…) or one you declare under categories.
    category: validation
    # {field} placeholders are typed details fields: errors.VALIDATION_FAILED({ field: "email" }).
    message: "The field {field} is invalid: {reason}"
    details:
      field: { type: string, example: email }
      reason: { type: string, example: not an email address }
    causes:
      - A required field is missing, or its value has the wrong type
    solutions:
      - Fix the field the error names, then send the request again

  ORDER_NOT_FOUND:
    category: not_found
    message: "No order {orderId}"
    details:
      orderId: { type: string, example: ord_123 }
    causes:
      - The order id is wrong, or the order was deleted
    solutions:
      - Check the id against the orders list

  RATE_LIMITED:
    category: rate_limit
    # Retry advice that clients act on: after the server's Retry-After.
    retry: retry_after
    message: "Too many requests: retry after {retryAfter} seconds"
    details:
      retryAfter: { type: integer, example: 30 }
    causes:
      - More requests than the plan allows in the window
    solutions:
      - Wait for the Retry-After delay; errata's client does it for you

  CONFIG_MISSING:
    # A command-line error: it never travels over HTTP, and ends the process with an exit code.
    category: validation
    status: none
    exitCode: 78
    message: "No configuration file at {path}"
    details:
      path: { type: string, example: ./app.toml }
    causes:
      - The tool was run before its configuration was written
    solutions:
      - Create the configuration file, then run the command again
`;
}

/** Write the starter catalog; exit 0, or a CLI_USAGE error when the file exists. */
export function runInit(file: string, write: (s: string) => void, name?: string): number {
  const target = resolve(file);
  const catalog = name ?? catalogName(basename(dirname(target)));
  try {
    // "wx": create, and fail if anything is there; never overwrite.
    writeFileSync(target, starterCatalog(catalog), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw ownErrors.CLI_USAGE({
        problem: `${file} already exists: errata init never overwrites a catalog (pick another file: errata init other.yaml)`,
        usage: "errata init [file]",
      });
    }
    throw ownErrors.CLI_USAGE({
      problem: `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      usage: "errata init [file]",
    });
  }
  write(
    `Wrote ${file} (catalog ${catalog}, 4 errors). Next: check it, read one error as a caller would, build the docs:\n` +
      `  npx errata lint ${file}\n` +
      `  npx errata explain RATE_LIMITED --catalog ${file}\n` +
      `  npx errata docs ${file} --out errata-docs\n`,
  );
  return 0;
}
