/** Write schema/catalog.schema.json from the zod schema, so editors autocomplete catalog files. */
import { writeFileSync } from "node:fs";
import { catalogJsonSchema } from "../src/catalog/schema.js";

const target = new URL("../schema/catalog.schema.json", import.meta.url);
writeFileSync(target, `${JSON.stringify(catalogJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
