/**
 * `errata scan <path...>`: the catalog against the code. The sources are compiled with
 * the TypeScript compiler; every place a catalog error is made is found
 * (scan/factories.ts), every request handler is mapped to its operation
 * (scan/handlers.ts) and followed into the project's functions (scan/reach.ts). Then:
 * made but not declared (error), made in an operation that does not declare it
 * (warning), declared for an operation but never made where scan can see (a note, a
 * warning with `coverage`), a plain throw in a handler (warning).
 */
import { relative } from "node:path";
import type * as TS from "typescript";
import type { Catalog, Operation } from "../catalog/model.js";
import { operationErrors, routeOf } from "../catalog/operations.js";
import type { Problem } from "../catalog/problem.js";
import { FindingList, type FindingsReport, finding } from "../own/finding.js";
import { routeShape } from "../server/operations.js";
import { Factories } from "./factories.js";
import { findHandlers, type Handler, type HandlerRoute } from "./handlers.js";
import { compile, loadTypeScript, sourceFiles, type TypeScript } from "./program.js";
import { type Raise, Reach, siteOf } from "./reach.js";

export interface ScanOptions {
  /** Declared errors never made are warnings, not notes. */
  readonly coverage?: boolean;
}

/** The catalogs' operation a handler serves, if any. */
function operationOf(route: HandlerRoute, operations: readonly Operation[]): Operation | undefined {
  if (route.kind === "named")
    return operations.find((o) => (o.kind !== "http" && o.name === route.name) || o.id === route.name);
  const shape = routeShape(route.path);
  return operations.find(
    (o) =>
      o.kind === "http" &&
      (o.method === route.method || route.method === "ALL") &&
      (shape === routeShape(o.path ?? "") || shape.endsWith(routeShape(o.path ?? ""))),
  );
}

const label = (route: HandlerRoute) => (route.kind === "http" ? `${route.method} ${route.path}` : route.name);
/** A finding's place: the file relative to the working folder, as CI annotations and SARIF want it. */
const place = (s: { file: string; line: number; column: number }) => ({
  file: relative(process.cwd(), s.file) || s.file,
  line: s.line,
  column: s.column,
});

/** Every factory call of a file, handler or not. */
function madeIn(ts: TypeScript, source: TS.SourceFile, factories: Factories, unresolved: string[]): Raise[] {
  const raises: Raise[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node)) {
      const made = factories.made(node);
      if (made && "name" in made) raises.push({ ...siteOf(node), name: made.name });
      else if (made)
        unresolved.push(`${relative(process.cwd(), source.fileName)}:${siteOf(node).line}: ${made.unresolved}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return raises;
}

/** The findings of the handlers: off-operation raises and plain throws; the names made for each operation. */
function handlerFindings(
  handlers: readonly Handler[],
  operations: readonly Operation[],
  reach: Reach,
  declared: ReadonlySet<string>,
) {
  const findings: Problem[] = [];
  const madeFor = new Map<string, Set<string>>();
  const reported = new Set<string>();
  const once = (key: string) => !reported.has(key) && reported.add(key) !== undefined;
  let matched = 0;
  for (const handler of handlers) {
    const operation = operationOf(handler.route, operations);
    if (operation) matched++;
    const name = operation?.id ?? label(handler.route);
    for (const fn of handler.fns) {
      const facts = reach.reached(fn);
      for (const raise of facts.raises) {
        if (!operation || !declared.has(raise.name)) continue;
        const made = madeFor.get(operation.id) ?? new Set<string>();
        made.add(raise.name);
        madeFor.set(operation.id, made);
        if (
          !operationErrors(operation).includes(raise.name) &&
          once(`off ${operation.id} ${raise.file}:${raise.line}:${raise.column}`)
        )
          findings.push(finding("RAISED_OFF_OPERATION", { error: raise.name, operation: operation.id }, place(raise)));
      }
      for (const thrown of facts.plain)
        if (once(`plain ${thrown.file}:${thrown.line}:${thrown.column}`))
          findings.push(finding("PLAIN_THROW", { thrown: thrown.thrown, operation: name }, place(thrown)));
    }
  }
  return { findings, madeFor, matched };
}

/**
 * Each operation's own declared errors that none of its handlers makes, and each of
 * the catalog's common errors that nothing in the project makes (once per catalog:
 * guards and error handlers make them for every operation alike).
 */
function neverMade(
  catalogs: readonly Catalog[],
  madeFor: Map<string, Set<string>>,
  anywhere: ReadonlySet<string>,
  options: ScanOptions,
) {
  const findings: Problem[] = [];
  const severity = options.coverage ? "warning" : undefined;
  const coverage = catalogs.flatMap((catalog) => {
    const file = catalog.source ?? catalog.name;
    for (const error of catalog.commonErrors.filter((e) => !anywhere.has(e)))
      findings.push(
        finding(
          "NEVER_RAISED",
          { error, operation: "every operation (a common error)" },
          { file, path: ["commonErrors"] },
          severity,
        ),
      );
    return catalog.operations.map((o) => {
      const made = madeFor.get(o.id) ?? new Set<string>();
      const never = o.errors.filter((e) => !made.has(e));
      for (const error of never)
        findings.push(
          finding("NEVER_RAISED", { error, operation: o.id }, { file, path: ["operations", o.id] }, severity),
        );
      return { id: o.id, route: routeOf(o), raised: [...made], never };
    });
  });
  return { findings, coverage };
}

/** Scan source paths against catalogs. A missing path or compiler is SCAN_UNAVAILABLE (the CLI's exit 2). */
export async function scanSources(
  paths: readonly string[],
  catalogs: readonly Catalog[],
  options: ScanOptions = {},
): Promise<FindingsReport> {
  const files = sourceFiles(paths);
  const ts = await loadTypeScript();
  const program = compile(ts, files);
  const own = new Set(files);
  const factories = new Factories(ts, program.getTypeChecker());
  const reach = new Reach(ts, factories, (file) => own.has(file));
  const declared = new Set(catalogs.flatMap((c) => c.errors.map((e) => e.name)));
  const unresolved: string[] = [];
  const raises: Raise[] = [];
  const handlers: Handler[] = [];
  for (const source of program.getSourceFiles()) {
    if (!own.has(source.fileName)) continue;
    raises.push(...madeIn(ts, source, factories, unresolved));
    handlers.push(...findHandlers(ts, source, reach));
  }
  const list = new FindingList();
  for (const raise of raises)
    if (!declared.has(raise.name)) list.push(finding("RAISED_UNDECLARED", { error: raise.name }, place(raise)));
  const operations = catalogs.flatMap((c) => c.operations);
  const byHandler = handlerFindings(handlers, operations, reach, declared);
  list.push(...byHandler.findings);
  const never = neverMade(catalogs, byHandler.madeFor, new Set(raises.map((r) => r.name)), options);
  return {
    tool: "scan",
    findings: [...list.kept, ...never.findings],
    unkeptErrors: list.unkeptErrors,
    summary: [
      ...list.summary(),
      `Scanned ${files.length} file(s): ${raises.length} place(s) making a catalog error, ${handlers.length} handler(s), ${byHandler.matched} of them matched to an operation`,
      ...(unresolved.length > 0 ? [`${unresolved.length} place(s) scan could not follow (--verbose lists them)`] : []),
    ],
    verbose: unresolved.map((u) => `  not followed: ${u}`),
    json: {
      files: files.length,
      raises: raises.length,
      handlers: handlers.length,
      matched: byHandler.matched,
      unresolved,
      coverage: never.coverage,
    },
  };
}
