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

/** The catalog's stack-free factory for one of its errors, made once per catalog. */
export function catalogFactory(catalog: Catalog, name: string): ErrorFactory | undefined {
  let own = factories.get(catalog);
  if (!own) {
    own = createErrors(catalog, { stack: false });
    factories.set(catalog, own);
  }
  return own[name];
}

/**
 * The user's factory for one of errata's own error names (the error its `own:` maps
 * the name to, else one of the same name), else errata's own; stack-free.
 */
export function fallback(catalog: Catalog | undefined, name: keyof typeof ownErrors): ErrorFactory {
  const user = catalog ? catalogFactory(catalog, catalog.own[name] ?? name) : undefined;
  return user ?? (ownErrors[name] as unknown as ErrorFactory);
}
