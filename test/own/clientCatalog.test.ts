/** errata's own client catalog ships as data (src/own/clientCatalog.ts): it must be what the builder makes. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildCatalog } from "../../src/catalog/build.js";
import type { CatalogInput } from "../../src/catalog/schema.js";
import { CLIENT_CATALOG } from "../../src/own/clientCatalog.js";
import { clientDefinition } from "../../src/own/clientDefinition.js";

test("the shipped client catalog equals a fresh build of its definition (npm run client-catalog rewrites it)", () => {
  const { catalog, problems } = buildCatalog(clientDefinition as unknown as CatalogInput);
  assert.deepEqual(problems, []);
  assert.deepEqual(JSON.parse(JSON.stringify(CLIENT_CATALOG)), JSON.parse(JSON.stringify(catalog)));
});
