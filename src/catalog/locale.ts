/**
 * Languages: the fallback chain of a BCP 47 tag (fr-CA → fr → the catalog's default)
 * and an error's text in a language, each field from the nearest locale that has it.
 */

import { boundedMemo } from "./memo.js";
import type { Catalog, ErrorDefinition, Solution, Template, Translation } from "./model.js";
import { canonicalLocale } from "./names.js";

/** A canonical tag and its parents: fr-Latn-CA → [fr-Latn-CA, fr-Latn, fr]. Remembered, as for canonicalLocale. */
export const localeParents: (canonical: string) => readonly string[] = boundedMemo((canonical) => {
  const parts = canonical.split("-");
  const out: string[] = [];
  for (let n = parts.length; n > 0; n--) out.push(parts.slice(0, n).join("-"));
  return out;
});

/** The chains of each default language (a catalog's, so few), by tag. */
const chainsTo = new Map<string, (tag: string) => readonly string[]>();

/** fr-Latn-CA → [fr-Latn-CA, fr-Latn, fr], then the default when it is not among them; a malformed tag gives the default alone. */
export function localeChain(tag: string, defaultLocale: string): readonly string[] {
  let chainOf = chainsTo.get(defaultLocale);
  if (!chainOf) {
    chainOf = boundedMemo((t) => {
      const canonical = canonicalLocale(t);
      const chain = canonical === undefined ? [] : [...localeParents(canonical)];
      if (!chain.includes(defaultLocale)) chain.push(defaultLocale);
      return chain;
    });
    chainsTo.set(defaultLocale, chainOf);
  }
  return chainOf(tag);
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

/** An error's text in a language, each field from the nearest locale that has it; `fallback` names the fields in the default. */
export interface LocalizedText {
  readonly locale: string;
  readonly title: string;
  readonly message: Template;
  readonly description?: string;
  readonly causes: readonly string[];
  readonly solutions: readonly Solution[];
  readonly fallback: readonly string[];
}

export function textIn(def: ErrorDefinition, tag: string, defaultLocale: string): LocalizedText {
  // The default language is the error's own text: nothing to look up.
  if (tag === defaultLocale) {
    const { title, message, description, causes, solutions } = def;
    return {
      locale: tag,
      title,
      message,
      ...(description !== undefined ? { description } : {}),
      causes,
      solutions,
      fallback: [],
    };
  }
  const chain = localeChain(tag, defaultLocale).filter((l) => l !== defaultLocale);
  const fallback: string[] = [];
  const pick = <K extends keyof Translation>(field: K): Translation[K] | undefined => {
    for (const locale of chain) {
      const value = def.translations[locale]?.[field];
      if (value !== undefined) return value;
    }
    if (chain.length > 0) fallback.push(field);
    return undefined;
  };
  const title = pick("title") ?? def.title;
  const message = pick("message") ?? def.message;
  const description = def.description === undefined ? undefined : (pick("description") ?? def.description);
  const causes = def.causes.length === 0 ? def.causes : (pick("causes") ?? def.causes);
  const translated = def.solutions.length === 0 ? undefined : pick("solutions");
  return {
    // The nearest locale the error is translated into (fr for fr-CA), else the default.
    locale: chain.find((l) => def.translations[l] !== undefined) ?? defaultLocale,
    title,
    message,
    ...(description !== undefined ? { description } : {}),
    causes,
    // A translated solution replaces the prose of the one at its place; its code stays.
    solutions: translated
      ? def.solutions.map((s, i) => {
          const prose = translated[i];
          if (prose === undefined) return s;
          const { title: _title, text: _text, ...code } = s;
          return { ...code, text: prose };
        })
      : def.solutions,
    fallback,
  };
}

/** An error as a reader of `tag` sees it: its text fields from `textIn`, the rest unchanged; `fallback` as in LocalizedText. */
export function localizedDefinition(
  def: ErrorDefinition,
  tag: string,
  defaultLocale: string,
): { readonly def: ErrorDefinition; readonly fallback: readonly string[] } {
  const text = textIn(def, tag, defaultLocale);
  const { description: _description, ...rest } = def;
  return {
    def: {
      ...rest,
      title: text.title,
      message: text.message,
      ...(text.description !== undefined ? { description: text.description } : {}),
      causes: text.causes,
      solutions: text.solutions,
    },
    fallback: text.fallback,
  };
}

/** A catalog as a reader of `tag` sees it (each error through `localizedDefinition`), and what each error shows in the default. */
export function localizedCatalog(
  catalog: Catalog,
  tag: string,
): { readonly catalog: Catalog; readonly fallback: ReadonlyMap<string, readonly string[]> } {
  const fallback = new Map<string, readonly string[]>();
  // The default language is the catalog as it is.
  if (tag === catalog.defaultLocale) return { catalog, fallback };
  const errors = catalog.errors.map((def) => {
    const view = localizedDefinition(def, tag, catalog.defaultLocale);
    if (view.fallback.length > 0) fallback.set(def.name, view.fallback);
    return view.def;
  });
  return { catalog: { ...catalog, errors }, fallback };
}
