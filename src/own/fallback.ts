/**
 * Errors errata raises on a user's behalf (a server's fallbacks, a guard's
 * refusals) come from the user's catalog when it declares the same name, so they
 * carry the API's own code, message and docs; otherwise from errata's own catalog.
 */
import type { Catalog } from "../catalog/model.js";
import { createErrors } from "../runtime/createErrors.js";
import type { ErrorFactory, UntypedFactories } from "../runtime/types.js";
import { ownErrors } from "./catalog.js";

const factories = new WeakMap<Catalog, UntypedFactories>();

/** The user's factory for one of errata's own error names, else errata's own; stack-free. */
export function fallback(catalog: Catalog | undefined, name: keyof typeof ownErrors): ErrorFactory {
  if (catalog) {
    let own = factories.get(catalog);
    if (!own) {
      own = createErrors(catalog, { stack: false });
      factories.set(catalog, own);
    }
    const user = own[name];
    if (user) return user;
  }
  return ownErrors[name] as unknown as ErrorFactory;
}
