/**
 * Deprecated errors, as a server says: an error response with a `Deprecation` header
 * (RFC 9745) is told once per error code per client, to `onDeprecated`, else as a
 * console warning, with the `Sunset` date (RFC 8594) and the `rel="deprecation"` link
 * when the response has them. The call itself goes on as it would have.
 */
import type { ErrataError } from "../runtime/ErrataError.js";

/** A deprecated error the client received. */
export interface DeprecatedEvent {
  readonly name: string;
  readonly code: string;
  /** The Deprecation header as sent (`@1767225600`). */
  readonly deprecation: string;
  /** The Sunset header as sent, when there is one. */
  readonly sunset?: string;
  /** The rel="deprecation" link, when there is one. */
  readonly link?: string;
}

const LINK = /<([^>]*)>\s*;[^,]*rel="?deprecation"?/;

/** The note-taker of one client: `note(error, headers)` after each error response. */
export function deprecationNotes(onDeprecated: ((event: DeprecatedEvent) => void) | undefined) {
  const told = new Set<string>();
  return (error: ErrataError, headers: Headers): void => {
    const deprecation = headers.get("deprecation");
    if (deprecation === null || told.has(error.code) || told.size >= 1000) return;
    told.add(error.code);
    const sunset = headers.get("sunset") ?? undefined;
    const link = LINK.exec(headers.get("link") ?? "")?.[1];
    const event: DeprecatedEvent = {
      name: error.name,
      code: error.code,
      deprecation,
      ...(sunset ? { sunset } : {}),
      ...(link ? { link } : {}),
    };
    try {
      if (onDeprecated) onDeprecated(event);
      else
        console.warn(
          `errata: the server says ${error.code} is deprecated${sunset ? `, sunset ${sunset}` : ""}${link ? `: ${link}` : ""}`,
        );
    } catch {
      // A failing listener never breaks the call.
    }
  };
}
