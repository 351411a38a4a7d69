/** The shop's errors, made from its catalog; the rest of the shop imports them under another name. */
import { fileURLToPath } from "node:url";
import { createErrors } from "../../../src/runtime/createErrors.js";
import { loadCatalog } from "../../../src/sources/load.js";

export const catalog = loadCatalog(fileURLToPath(new URL("../catalog.yaml", import.meta.url)));
export const errors = createErrors(catalog, { stack: false });
export { errors as shopErrors };
