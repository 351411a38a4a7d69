/**
 * The headers of a deprecated error: `Deprecation` (RFC 9745, a structured-field
 * date: `@` and the epoch seconds of `since`), `Sunset` (RFC 8594, an HTTP date),
 * and `Link` with rel="deprecation" and, with a sunset, rel="sunset", pointing at
 * the deprecation's own link, else the error's docs page. A Link the error already
 * sends is kept, the new ones added after it.
 */
import type { Deprecation } from "../catalog/model.js";

/** The URL as a Link target: parsed and serialised, so that `<`, `>` and spaces are escaped. */
function hrefOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).href;
  } catch {
    return undefined;
  }
}

/** Add a deprecated error's headers to `headers`. */
export function deprecationHeaders(d: Deprecation, docsUrl: string | undefined, headers: Record<string, string>): void {
  const since = d.since === undefined ? Number.NaN : Date.parse(d.since);
  if (Number.isFinite(since)) headers.Deprecation = `@${Math.floor(since / 1000)}`;
  const sunset = d.sunset === undefined ? Number.NaN : Date.parse(d.sunset);
  if (Number.isFinite(sunset)) headers.Sunset = new Date(sunset).toUTCString();
  const link = hrefOf(d.link ?? docsUrl);
  if (link === undefined) return;
  const target = `<${link}>`;
  const links = [`${target}; rel="deprecation"; type="text/html"`];
  if (Number.isFinite(sunset)) links.push(`${target}; rel="sunset"; type="text/html"`);
  const name = Object.keys(headers).find((h) => h.toLowerCase() === "link") ?? "Link";
  headers[name] = [headers[name], ...links].filter(Boolean).join(", ");
}
