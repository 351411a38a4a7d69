/**
 * The part of errata's own catalog that errata/client and errata/wire raise:
 * decoding failures and the client's own errors. It is built on its own, so that a
 * browser bundle carries these ten errors and not the loader's, CLI's, server's
 * and guards'; own/catalog.ts declares the rest and includes these.
 */
import { createErrors } from "../runtime/createErrors.js";
import type { Factories } from "../runtime/types.js";
import { CLIENT_CATALOG } from "./clientCatalog.js";
import type { clientDefinition } from "./clientDefinition.js";

/**
 * Factories of the errors errata/client and errata/wire raise, from the catalog built
 * ahead of time (clientCatalog.ts): browsers get the data, not the builder.
 */
export const clientErrors = createErrors(CLIENT_CATALOG, { stack: false }) as unknown as Factories<
  typeof clientDefinition
>;
