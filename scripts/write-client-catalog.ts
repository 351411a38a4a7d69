/**
 * Write src/own/clientCatalog.ts: errata's own client catalog, built once here and
 * shipped as data, so that errata/client and errata/wire carry no catalog builder
 * to browsers. test/own/clientCatalog.test.ts checks it equals a fresh build.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildCatalog } from "../src/catalog/build.js";
import type { CatalogInput } from "../src/catalog/schema.js";
import { clientDefinition } from "../src/own/clientDefinition.js";

const { catalog, problems } = buildCatalog(clientDefinition as unknown as CatalogInput);
if (!catalog || problems.length > 0) throw new Error(`the client catalog does not build: ${JSON.stringify(problems)}`);
const target = fileURLToPath(new URL("../src/own/clientCatalog.ts", import.meta.url));
writeFileSync(
  target,
  `/**
 * errata's own client catalog as the builder makes it (scripts/write-client-catalog.ts
 * writes this file from src/own/client.ts; a test checks they agree): shipped as data,
 * so errata/client and errata/wire bundle no catalog builder for browsers.
 */
import type { Catalog } from "../catalog/model.js";

export const CLIENT_CATALOG: Catalog = ${JSON.stringify(catalog, null, 2)};
`,
);
execFileSync(process.execPath, [
  fileURLToPath(new URL("../node_modules/@biomejs/biome/bin/biome", import.meta.url)),
  "format",
  "--write",
  target,
]);
console.log(`wrote ${target}`);
