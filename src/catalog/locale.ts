/**
 * Languages: the fallback chain of a BCP 47 tag (fr-CA → fr → the catalog's default)
 * and an error's text in a language, each field from the nearest locale that has it.
 */

import type { ErrorDefinition, Template } from "./model.js";
import { canonicalLocale } from "./names.js";

/** fr-Latn-CA → [fr-Latn-CA, fr-Latn, fr], then the default when it is not among them; a malformed tag gives the default alone. */
export function localeChain(tag: string, defaultLocale: string): string[] {
  const canonical = canonicalLocale(tag);
  const chain: string[] = [];
  if (canonical !== undefined) {
    const parts = canonical.split("-");
    for (let n = parts.length; n > 0; n--) chain.push(parts.slice(0, n).join("-"));
  }
  if (!chain.includes(defaultLocale)) chain.push(defaultLocale);
  return chain;
}

/** The message template of an error in a language, and the locale it came from (the default when none has one). */
export function messageIn(
  def: ErrorDefinition,
  tag: string,
  defaultLocale: string,
): { readonly locale: string; readonly message: Template } {
  for (const locale of localeChain(tag, defaultLocale)) {
    if (locale === defaultLocale) break;
    const message = def.translations[locale]?.message;
    if (message) return { locale, message };
  }
  return { locale: defaultLocale, message: def.message };
}
