/**
 * The client's address on Fetch-API servers, which put it beside the Request, not
 * in it: the handler's second argument is Bun's server (`requestIP`), Deno's
 * connection info (`remoteAddr`) or @hono/node-server's bindings (`incoming`, the
 * node request). Hono passes the same object as `c.env`. Elsewhere (workers behind
 * a CDN, say) the server names it itself: guardFetch's `address` option.
 */

type Platform = {
  readonly incoming?: { readonly socket?: { readonly remoteAddress?: unknown } };
  readonly remoteAddr?: { readonly hostname?: unknown };
  readonly requestIP?: unknown;
};

/** The peer address a runtime's handler argument carries, when it is one errata knows. */
export function platformAddress(request: Request, platform: unknown): string | undefined {
  if (typeof platform !== "object" || platform === null) return undefined;
  const p = platform as Platform;
  const found =
    p.incoming?.socket?.remoteAddress ??
    p.remoteAddr?.hostname ??
    (typeof p.requestIP === "function"
      ? (p.requestIP as (r: Request) => { address?: unknown } | null)(request)?.address
      : undefined);
  return typeof found === "string" && found !== "" ? found : undefined;
}
