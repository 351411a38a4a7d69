/**
 * Options objects refuse keys they do not know, with a did-you-mean: TypeScript
 * catches a misspelt key in an object literal, and this catches it everywhere else
 * (JavaScript, options built at run time). Each caller lists its keys in a record
 * typed by its options interface, so the list cannot drift from the type.
 */
import { nearest } from "../catalog/nearest.js";
import { clientErrors } from "./client.js";

/**
 * Every key of an options type (of each member, for a union), listed once:
 * `satisfies KnownOptions<ClientOptions>` checks that the list is whole and exact.
 */
export type KnownOptions<T> = { readonly [K in T extends unknown ? keyof T : never]: true };

/** Throw OPTION_UNKNOWN for the first key of `given` that `known` does not list. */
export function checkOptions(where: string, given: object | undefined, known: Readonly<Record<string, true>>): void {
  if (given === undefined || given === null) return;
  for (const option of Object.keys(given)) {
    if (Object.hasOwn(known, option)) continue;
    const [guess] = nearest(option, Object.keys(known), 1);
    throw clientErrors.OPTION_UNKNOWN(
      { where, option, hint: guess ? ` (did you mean ${guess}?)` : "" },
      { stack: false },
    );
  }
}
