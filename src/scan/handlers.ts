/**
 * The request handlers of a source file, each with what says which operation it is:
 * - Express, Hono and Fastify routes with a literal path: `app.post("/repos/:id/stars",
 *   ...handlers)`, `router.route("/x").get(h)`, `app.on("POST", "/x", h)`,
 *   `fastify.route({ method, url, handler })`;
 * - oRPC procedures: `.route({ method, path })…handler(fn)`, or the router key of a
 *   `…handler(fn)` procedure;
 * - MCP tools: the keys of `createToolServer(info, { name: tool({ handler }) })`,
 *   `errataTool(fn, { tool: "name" })`, the SDK's `server.tool("name", …, fn)` and
 *   `registerTool("name", …, fn)`;
 * - JSON-RPC methods: `addMethod("name", fn)` (json-rpc-2.0) and the keys of jayson's
 *   `new Server({ name: fn })`.
 */
import type * as TS from "typescript";
import type { TypeScript } from "./program.js";
import type { Reach, Site } from "./reach.js";
import { siteOf } from "./reach.js";

/** What names a handler's operation: an HTTP method and path, or a tool, RPC method or procedure name. */
export type HandlerRoute =
  | { readonly kind: "http"; readonly method: string; readonly path: string }
  | { readonly kind: "named"; readonly name: string };

export interface Handler {
  readonly route: HandlerRoute;
  readonly fns: readonly TS.Node[];
  readonly site: Site;
}

const METHODS = new Set(["get", "post", "put", "delete", "patch", "head", "options", "all"]);

/** The handlers of one source file, gathered in one walk. */
class HandlerFinder {
  readonly found: Handler[] = [];

  constructor(
    private readonly ts: TypeScript,
    private readonly reach: Reach,
  ) {}

  private text(e: TS.Node | undefined): string | undefined {
    return e && this.ts.isStringLiteralLike(e) ? e.text : undefined;
  }

  /** The functions among arguments: inline, named in the project, or wrapped (`asyncHandler(fn)`). */
  private fnsOf(args: readonly TS.Node[]): TS.Node[] {
    return args.flatMap((a) => {
      const fn = this.reach.functionOf(a);
      if (fn) return [fn];
      return this.ts.isCallExpression(a) ? this.fnsOf(a.arguments) : [];
    });
  }

  private propValue(o: TS.ObjectLiteralExpression, key: string): TS.Node | undefined {
    const ts = this.ts;
    const p = o.properties.find((q) => q.name && ts.isIdentifier(q.name) && q.name.text === key);
    if (!p) return undefined;
    if (ts.isPropertyAssignment(p)) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p)) return p.name;
    return ts.isMethodDeclaration(p) ? p : undefined;
  }

  private add(route: HandlerRoute, fns: TS.Node[], node: TS.Node): void {
    if (fns.length > 0) this.found.push({ route, fns, site: siteOf(node) });
  }

  /** `{ name: fn | tool({ handler }) | { handler } }`: each key a named handler. */
  private named(o: TS.ObjectLiteralExpression): void {
    const ts = this.ts;
    for (const p of o.properties) {
      const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
      if (!key) continue;
      let value: TS.Node | undefined = ts.isPropertyAssignment(p)
        ? p.initializer
        : ts.isMethodDeclaration(p)
          ? p
          : undefined;
      if (value && ts.isCallExpression(value) && value.arguments[0] && ts.isObjectLiteralExpression(value.arguments[0]))
        value = value.arguments[0];
      if (value && ts.isObjectLiteralExpression(value)) value = this.propValue(value, "handler");
      if (value) this.add({ kind: "named", name: key }, this.fnsOf([value]), p);
    }
  }

  visit(node: TS.Node): void {
    const ts = this.ts;
    if (ts.isCallExpression(node)) this.call(node);
    if (ts.isNewExpression(node) && node.arguments?.[0] && ts.isObjectLiteralExpression(node.arguments[0])) {
      const callee = node.expression.getText();
      if (/(?:^|\.)Server$/.test(callee) && /jayson/i.test(callee)) this.named(node.arguments[0]);
    }
    ts.forEachChild(node, (child) => this.visit(child));
  }

  /** Express, Hono and Fastify shorthands: `app.post("/x", h)`, `router.route("/x").get(h)`. */
  private shorthand(call: TS.CallExpression, method: string): void {
    const ts = this.ts;
    const { expression: callee, arguments: args } = call;
    const path = this.text(args[0]);
    if (path?.startsWith("/")) {
      this.add({ kind: "http", method: method.toUpperCase(), path }, this.fnsOf(args.slice(1)), call);
    } else if (ts.isPropertyAccessExpression(callee) && ts.isCallExpression(callee.expression)) {
      const routed = callee.expression;
      const isRoute = ts.isPropertyAccessExpression(routed.expression) && routed.expression.name.text === "route";
      const base = isRoute ? this.text(routed.arguments[0]) : undefined;
      if (base?.startsWith("/"))
        this.add({ kind: "http", method: method.toUpperCase(), path: base }, this.fnsOf(args), call);
    }
  }

  private call(call: TS.CallExpression): void {
    const ts = this.ts;
    const { expression: callee, arguments: args } = call;
    const method = ts.isPropertyAccessExpression(callee)
      ? callee.name.text
      : ts.isIdentifier(callee)
        ? callee.text
        : "";
    const [first, second] = [this.text(args[0]), this.text(args[1])];
    if (METHODS.has(method)) this.shorthand(call, method);
    if (method === "on" && first && second?.startsWith("/"))
      this.add({ kind: "http", method: first.toUpperCase(), path: second }, this.fnsOf(args.slice(2)), call);
    if (method === "route" && args[0] && ts.isObjectLiteralExpression(args[0])) this.fastifyRoute(call, args[0]);
    if (method === "handler" && args[0]) this.orpcHandler(call);
    if ((method === "tool" || method === "registerTool" || method === "addMethod") && first)
      this.add({ kind: "named", name: first }, this.fnsOf(args.slice(-1)), call);
    if (method === "createToolServer" && args[1] && ts.isObjectLiteralExpression(args[1])) this.named(args[1]);
    if (method === "errataTool" && args[0] && args[1] && ts.isObjectLiteralExpression(args[1])) {
      const name = this.text(this.propValue(args[1], "tool"));
      if (name) this.add({ kind: "named", name }, this.fnsOf([args[0]]), call);
    }
  }

  /** `fastify.route({ method, url, handler })`. */
  private fastifyRoute(call: TS.CallExpression, o: TS.ObjectLiteralExpression): void {
    const url = this.text(this.propValue(o, "url") ?? this.propValue(o, "path"));
    const handler = this.propValue(o, "handler");
    const m = this.propValue(o, "method");
    const methods = m && this.ts.isArrayLiteralExpression(m) ? m.elements.map((e) => this.text(e)) : [this.text(m)];
    if (!url?.startsWith("/") || !handler) return;
    for (const method of methods)
      if (method) this.add({ kind: "http", method: method.toUpperCase(), path: url }, this.fnsOf([handler]), call);
  }

  /** oRPC: `.route({ method, path })` up the chain, else the router key or variable the procedure is. */
  private orpcHandler(call: TS.CallExpression): void {
    const ts = this.ts;
    let e: TS.Expression = call.expression;
    while (ts.isPropertyAccessExpression(e) && ts.isCallExpression(e.expression)) {
      const inner = e.expression;
      const o = inner.arguments[0];
      if (
        ts.isPropertyAccessExpression(inner.expression) &&
        inner.expression.name.text === "route" &&
        o &&
        ts.isObjectLiteralExpression(o)
      ) {
        const path = this.text(this.propValue(o, "path"));
        const method = this.text(this.propValue(o, "method")) ?? "POST";
        if (path) {
          this.add({ kind: "http", method: method.toUpperCase(), path }, this.fnsOf(call.arguments), call);
          return;
        }
      }
      e = inner.expression;
    }
    const parent = call.parent;
    const name =
      (ts.isPropertyAssignment(parent) || ts.isVariableDeclaration(parent)) &&
      (ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name))
        ? parent.name.text
        : undefined;
    if (name) this.add({ kind: "named", name }, this.fnsOf(call.arguments), call);
  }
}

export function findHandlers(ts: TypeScript, source: TS.SourceFile, reach: Reach): Handler[] {
  const finder = new HandlerFinder(ts, reach);
  finder.visit(source);
  return finder.found;
}
