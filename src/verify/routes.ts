/**
 * Which operation of the catalogs a recorded request is: an HTTP one by method and
 * URL path against the path templates (under any base path, the exact match first,
 * then the template with the most literal text), a JSON-RPC method or an MCP tool by
 * the request body's `method` (and `params.name` for `tools/call`).
 */
import type { Catalog, Operation } from "../catalog/model.js";
import { type RouteHint, operationOf as serverOperationOf } from "../server/operations.js";
import type { Exchange } from "./exchange.js";

interface Route {
  readonly operation: Operation;
  readonly pattern: RegExp;
  /** Characters of literal text in the template: the more, the more specific. */
  readonly literal: number;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function routeOf(operation: Operation): Route | undefined {
  if (operation.kind !== "http" || !operation.path) return undefined;
  const parts = operation.path.split(/\{[^}]+\}/);
  const body = parts.map(escapeRegExp).join("[^/]+");
  return {
    operation,
    pattern: new RegExp(`^(/.*?)?${body}/?$`),
    literal: parts.join("").length,
  };
}

/** A matcher of the operations of some catalogs. */
export interface Routes {
  operationOf(exchange: Exchange): Operation | undefined;
}

/** The URL's path, decoded where it can be; undefined for a URL that does not parse. */
export function pathOf(url: string): string | undefined {
  try {
    return new URL(url, "http://recorded.invalid").pathname;
  } catch {
    return undefined;
  }
}

/** The JSON-RPC method and MCP tool a request body calls. */
function rpcOf(body: string | undefined): { method?: string; tool?: string } {
  if (!body || body.length > 1024 * 1024) return {};
  try {
    const parsed = JSON.parse(body) as { method?: unknown; params?: { name?: unknown } };
    const method = typeof parsed?.method === "string" ? parsed.method : undefined;
    const name = parsed?.params?.name;
    return {
      ...(method ? { method } : {}),
      ...(method === "tools/call" && typeof name === "string" ? { tool: name } : {}),
    };
  } catch {
    return {};
  }
}

export function routesOf(catalogs: readonly Catalog[]): Routes {
  const operations = catalogs.flatMap((c) => c.operations);
  const byId = new Map(operations.map((o) => [o.id, o]));
  const byMethod = new Map<string, Route[]>();
  for (const route of operations.flatMap((o) => routeOf(o) ?? [])) {
    const list = byMethod.get(route.operation.method ?? "") ?? [];
    list.push(route);
    byMethod.set(route.operation.method ?? "", list);
  }
  // The server's own index of each catalog's operations, by tool and by JSON-RPC method.
  const named = (hint: RouteHint) => {
    for (const catalog of catalogs) {
      const found = serverOperationOf(catalog, hint);
      if (found) return found;
    }
    return undefined;
  };
  return {
    operationOf(exchange) {
      if (exchange.operation) return byId.get(exchange.operation);
      const { method, tool } = rpcOf(exchange.requestBody);
      if (tool) return named({ tool });
      if (method) return named({ rpcMethod: method }) ?? named({ tool: method });
      const path = pathOf(exchange.url);
      if (!path || path.length > 8192) return undefined;
      let best: { route: Route; prefix: number } | undefined;
      for (const route of byMethod.get(exchange.method) ?? []) {
        const m = route.pattern.exec(path);
        if (!m) continue;
        const prefix = m[1]?.length ?? 0;
        if (!best || prefix < best.prefix || (prefix === best.prefix && route.literal > best.route.literal))
          best = { route, prefix };
      }
      return best?.route.operation;
    },
  };
}
