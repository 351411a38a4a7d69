/** Write the JSON Schemas of catalog files and translation overlays from the zod schemas, so editors autocomplete them. */
import { writeFileSync } from "node:fs";
import { catalogJsonSchema, translationFileJsonSchema } from "../src/catalog/schema.js";

for (const [file, schema] of [
  ["catalog.schema.json", catalogJsonSchema()],
  ["translations.schema.json", translationFileJsonSchema()],
] as const) {
  const target = new URL(`../schema/${file}`, import.meta.url);
  writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${target.pathname}`);
}
