/**
 * Operations: which endpoint, JSON-RPC method or MCP tool returns which errors.
 * Each operation's `errors` and the catalog's `commonErrors` are selectors (an
 * error's name, `category: x`, `group: y` with its subgroups) resolved to names in
 * catalog order. An HTTP operation's `METHOD /path/{param}` is parsed and checked:
 * one method and path (parameters aside) per operation, every declared parameter
 * named in the template.
 */
import { isKind } from "./kinds.js";
import { findError } from "./lookup.js";
import type { Catalog, ErrorDefinition, Group, Operation, OperationKind } from "./model.js";
import { nearest } from "./nearest.js";
import type { ProblemPath } from "./problem.js";
import type { CatalogInput } from "./schema.js";
import type { Registry, Report } from "./sections.js";

type OperationInput = NonNullable<CatalogInput["operations"]>[string];
type Selector = NonNullable<CatalogInput["commonErrors"]>[number];

/** What selectors resolve against. */
interface Known {
  readonly registry: Registry;
  readonly categories: ReadonlySet<string>;
  readonly groups: ReadonlyMap<string, Group>;
  readonly report: Report;
  /** The name of the catalog being built. */
  readonly catalog: string;
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]);
const PARAMETER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** MCP tool names: 1 to 128 of A-Z, a-z, 0-9, _, - and . (the specification's advice). */
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
/** A gRPC method's full name: a service's dotted name (package first), a slash, the method. */
const GRPC_METHOD = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\/[A-Za-z_][A-Za-z0-9_]*$/;
const KINDS = ["http", "jsonrpc", "mcp", "grpc"] as const;

/** A group and every group under it. */
function groupAndBelow(groups: ReadonlyMap<string, Group>, id: string): Set<string> {
  const found = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const g of groups.values()) {
      if (g.parent && found.has(g.parent) && !found.has(g.id)) {
        found.add(g.id);
        grew = true;
      }
    }
  }
  return found;
}

/** The errors one selector names; an unknown name, category or group is reported. */
function selectedBy(selector: Selector, known: Known, at: ProblemPath): (def: ErrorDefinition) => boolean {
  const { registry, categories, groups, report } = known;
  if (typeof selector === "string") {
    if (!registry.byName.has(selector)) {
      const suggestion = nearest(selector, registry.byName.keys())[0];
      const hint = suggestion ? `; did you mean ${suggestion}?` : "";
      report(at, "unknown-error", `no error is called ${selector}${hint}`, suggestion);
    }
    return (def) => def.name === selector;
  }
  if ("category" in selector) {
    const id = selector.category;
    if (!categories.has(id) && !isKind(id)) {
      report(at, "unknown-category", `no category is called "${id}"`, nearest(id, categories)[0]);
    }
    return (def) => def.category === id;
  }
  if (!groups.has(selector.group)) {
    report(at, "unknown-group", `no group is called "${selector.group}"`, nearest(selector.group, groups.keys())[0]);
  }
  const within = groupAndBelow(groups, selector.group);
  return (def) => def.group !== undefined && within.has(def.group);
}

/** The names a list of selectors picks, in catalog order. */
export function selectErrors(selectors: readonly Selector[], known: Known, at: ProblemPath): string[] {
  const tests = selectors.map((s, i) => selectedBy(s, known, [...at, i]));
  return known.registry.errors.filter((def) => tests.some((t) => t(def))).map((def) => def.name);
}

/** `METHOD /path/{param}`, parsed; a string says what is wrong with it. */
export function parseHttp(spec: string): { method: string; path: string; params: string[] } | string {
  const m = /^([A-Z]+) (\/\S*)$/.exec(spec);
  if (!m) return `"${spec.slice(0, 80)}" is not METHOD /path, such as "POST /repos/{repoId}/stars"`;
  const [, method = "", path = ""] = m;
  if (!METHODS.has(method)) return `${method.slice(0, 20)} is not an HTTP method (${[...METHODS].join(", ")})`;
  const params: string[] = [];
  for (const piece of path.split(/(\{[^{}]*\})/)) {
    if (piece.startsWith("{")) {
      const name = piece.slice(1, -1);
      if (!PARAMETER.test(name)) return `path parameter {${name.slice(0, 40)}} is not a name such as {repoId}`;
      if (params.includes(name)) return `path parameter {${name}} appears twice`;
      params.push(name);
    } else if (/[{}]/.test(piece)) return `the path ${path.slice(0, 80)} has an unmatched brace`;
  }
  return { method, path, params };
}

const isOperationKind = (kind: string): kind is OperationKind => (KINDS as readonly string[]).includes(kind);

/** What kind of operation the input declares, with the problem when it declares none or several. */
function kindOf(input: OperationInput): OperationKind | string {
  const kinds = KINDS.filter((k) => input[k] !== undefined);
  if (kinds.length === 1) return kinds[0] as OperationKind;
  return kinds.length === 0
    ? "an operation needs one of http, jsonrpc, mcp or grpc"
    : `an operation is one of http, jsonrpc, mcp or grpc, not ${kinds.join(" and ")}`;
}

/** Where the operation is reached, checked: an HTTP method and path, or a method's or tool's name. */
function addressOf(id: string, input: OperationInput, kind: OperationKind, report: Report) {
  const at = ["operations", id];
  if (kind !== "http") {
    const name = input[kind] as string;
    if (kind === "mcp" && !TOOL_NAME.test(name)) {
      report(
        [...at, "mcp"],
        "operation-name",
        `"${name.slice(0, 80)}" is not a tool name: 1 to 128 of A-Z a-z 0-9 _ - .`,
      );
    }
    if (kind === "grpc" && !GRPC_METHOD.test(name)) {
      report([...at, "grpc"], "operation-name", `"${name.slice(0, 80)}" is not a gRPC method: package.Service/Method`);
    }
    return { name, key: `${kind} ${name}` };
  }
  const http = parseHttp(input.http as string);
  if (typeof http === "string") {
    report([...at, "http"], "operation-path", http);
    return { key: `http ${input.http}` };
  }
  for (const name of Object.keys(input.parameters ?? {})) {
    if (http.params.includes(name)) continue;
    report([...at, "parameters", name], "operation-parameter", `parameter ${name} is not in the path ${http.path}`);
  }
  // Two templates that differ only in their parameters' names are one route.
  return { method: http.method, path: http.path, key: `http ${http.method} ${pathShape(http.path)}` };
}

/** One operation, built; undefined when it declares no kind. */
function operationOf(id: string, input: OperationInput, common: readonly string[], known: Known) {
  const at = ["operations", id];
  const kind = kindOf(input);
  if (!isOperationKind(kind)) return void known.report(at, "operation-kind", kind);
  if (kind !== "http" && input.parameters) {
    known.report([...at, "parameters"], "operation-parameter", "only an HTTP operation has path parameters");
  }
  const { key, ...address } = addressOf(id, input, kind, known.report);
  const own = input.commonErrors;
  const operation: Operation = {
    id,
    catalog: known.catalog,
    kind,
    ...address,
    ...(input.summary !== undefined ? { summary: input.summary } : {}),
    ...(input.description ? { description: input.description } : {}),
    ...(input.readOnly !== undefined ? { readOnly: input.readOnly } : {}),
    ...(input.destructive !== undefined ? { destructive: input.destructive } : {}),
    parameters: Object.entries(input.parameters ?? {}).map(([name, p]) => ({ name, ...p })),
    errors: selectErrors(input.errors ?? [], known, [...at, "errors"]),
    commonErrors: own === false ? [] : Array.isArray(own) ? selectErrors(own, known, [...at, "commonErrors"]) : common,
  };
  return { operation, key };
}

/**
 * The catalog's common errors and operations, an included catalog's operations
 * first; an operation id, or a route, declared twice is reported.
 */
export function operationsOf(
  input: CatalogInput,
  included: readonly Catalog[],
  known: Known,
): { commonErrors: string[]; operations: Operation[] } {
  const commonErrors = selectErrors(input.commonErrors ?? [], known, ["commonErrors"]);
  const operations = included.flatMap((c) => c.operations);
  const routes = new Map(operations.map((o) => [routeKey(o), o.id]));
  for (const [id, spec] of Object.entries(input.operations ?? {})) {
    const built = operationOf(id, spec, commonErrors, known);
    if (!built) continue;
    const twice = operations.find((o) => o.id === id)?.id ?? routes.get(built.key);
    if (twice !== undefined) {
      const what = twice === id ? `operation ${id} is declared twice` : `${id} is the same route as ${twice}`;
      known.report(["operations", id], "operation-duplicate", what);
      continue;
    }
    routes.set(built.key, id);
    operations.push(built.operation);
  }
  return { commonErrors, operations };
}

/** The key that makes two operations the same route. */
function routeKey(o: Operation): string {
  return o.kind === "http" ? `http ${o.method} ${pathShape(o.path ?? "")}` : `${o.kind} ${o.name}`;
}

/** A path template with its parameters' names left out: `/repos/{id}` and `/repos/{repoId}` are one route. */
export function pathShape(path: string): string {
  return path.replace(/\{[^}]*\}/g, "{}");
}

/** Where an operation is reached: `POST /repos/{repoId}/stars`, `mcp decision_create`. */
export function routeOf(o: Operation): string {
  return o.kind === "http" ? `${o.method} ${o.path}` : `${o.kind} ${o.name}`;
}

/** Every error an operation may return: its own, then the common ones, each once. */
export function operationErrors(operation: Operation): string[] {
  return [...new Set([...operation.errors, ...operation.commonErrors])];
}

/** An operation's errors grouped by HTTP status, ascending; errors with no status last. */
export function errorsByStatus(
  catalog: Catalog,
  operation: Operation,
): { status: number | undefined; errors: ErrorDefinition[] }[] {
  // findError's index of the catalog is built once: every operation's page and response asks.
  const defs = operationErrors(operation).flatMap((n) => findError(catalog, n) ?? []);
  const statuses = [...new Set(defs.map((d) => d.status))].sort((a, b) => (a ?? 1000) - (b ?? 1000));
  return statuses.map((status) => ({ status, errors: defs.filter((d) => d.status === status) }));
}

/** Each catalog's operations by the errors they may return, built once: docs ask it of every error. */
const returning = new WeakMap<Catalog, ReadonlyMap<string, readonly Operation[]>>();

/** The operations that may return an error, in catalog order. */
export function operationsReturning(catalog: Catalog, name: string): readonly Operation[] {
  let index = returning.get(catalog);
  if (!index) {
    const built = new Map<string, Operation[]>();
    for (const o of catalog.operations) {
      for (const e of operationErrors(o)) built.set(e, [...(built.get(e) ?? []), o]);
    }
    index = built;
    returning.set(catalog, index);
  }
  return index.get(name) ?? [];
}
