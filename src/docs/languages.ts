/**
 * A site in several languages: the default language's pages at the catalog's
 * folder, each other's under `<locale>/`, and on every page a switcher to the same
 * page in each language (each named in itself) and `hreflang` links for the head.
 */
import type { Catalog } from "../catalog/model.js";
import type { Language } from "./errorPage.js";
import { html } from "./html.js";

/** The folder of a language under a catalog's base: none for the default, `fr/` for fr. */
export function languageFolder(catalog: Catalog, locale: string): string {
  return locale === catalog.defaultLocale ? "" : `${locale}/`;
}

/**
 * For pages in the language `current`: links to the same page in each of the
 * catalog's languages, as a switcher (each language named in itself: Français,
 * English) and as head links (itself included, as search engines ask). A page is
 * `depth` folders below its language's folder (0 for an index, 1 for an error's page).
 */
export function languageLinks(
  catalog: Catalog,
  current: string,
): (depth: number, rest: string) => Pick<Language, "switcher" | "alternates"> {
  if (catalog.locales.length < 2) return () => ({ switcher: "" });
  const names = new Intl.DisplayNames([current], { type: "language", fallback: "code" });
  const labels = catalog.locales.map((locale) => {
    const own = new Intl.DisplayNames([locale], { type: "language", fallback: "code" }).of(locale) ?? locale;
    return {
      locale,
      label: `${own.charAt(0).toLocaleUpperCase(locale)}${own.slice(1)}`,
      title: names.of(locale) ?? locale,
    };
  });
  return (depth, rest) => {
    const up = "../".repeat(depth + (current === catalog.defaultLocale ? 0 : 1));
    const href = (locale: string) => html(`${up}${languageFolder(catalog, locale)}${rest}`);
    const links = labels.map(({ locale, label, title }) =>
      locale === current
        ? `<strong lang="${html(locale)}" aria-current="page">${html(label)}</strong>`
        : `<a href="${href(locale)}" hreflang="${html(locale)}" lang="${html(locale)}" title="${html(title)}">${html(label)}</a>`,
    );
    return {
      switcher: `<nav class="languages" aria-label="Languages">${links.join(" · ")}</nav>\n`,
      alternates: labels
        .map(({ locale }) => `\n<link rel="alternate" hreflang="${html(locale)}" href="${href(locale)}">`)
        .join(""),
    };
  };
}
