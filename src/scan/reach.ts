/**
 * What a function does that scan cares for, and what it reaches: the catalog errors
 * it makes, the plain `Error`s and strings it throws, and the functions of the project
 * it calls, followed as far as the type checker resolves them (memoised per function;
 * cycles stop). Nested callbacks count as the function's own code.
 */
import type * as TS from "typescript";
import type { Factories } from "./factories.js";
import type { TypeScript } from "./program.js";

/** A place in a source file. */
export interface Site {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface Raise extends Site {
  readonly name: string;
}

export interface PlainThrow extends Site {
  /** What is thrown: `new Error(...)`, `a string`. */
  readonly thrown: string;
}

/** The facts of one function's own code. */
export interface Facts {
  readonly raises: readonly Raise[];
  readonly plain: readonly PlainThrow[];
  readonly calls: readonly TS.Node[];
}

const BUILTIN_ERRORS = new Set([
  "Error",
  "TypeError",
  "RangeError",
  "SyntaxError",
  "ReferenceError",
  "EvalError",
  "URIError",
  "AggregateError",
]);

export function siteOf(node: TS.Node): Site {
  const source = node.getSourceFile();
  const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
  return { file: source.fileName, line: line + 1, column: character + 1 };
}

export class Reach {
  private readonly facts = new Map<TS.Node, Facts>();

  constructor(
    private readonly ts: TypeScript,
    private readonly factories: Factories,
    /** Whether a file is one of the project's (a function there is followed). */
    private readonly own: (file: string) => boolean,
  ) {}

  /** The function-like declaration a callee resolves to in the project, if any. */
  functionOf(node: TS.Node): TS.Node | undefined {
    const ts = this.ts;
    if (ts.isFunctionLike(node) && "body" in node && node.body) return node;
    if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node)) return undefined;
    const decl = this.factories.declarationOf(ts.isPropertyAccessExpression(node) ? node.name : node);
    if (!decl || !this.own(decl.getSourceFile().fileName)) return undefined;
    if ((ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) && decl.body) return decl;
    if ((ts.isVariableDeclaration(decl) || ts.isPropertyAssignment(decl)) && decl.initializer) {
      const init = decl.initializer;
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
    }
    return undefined;
  }

  /** What is thrown, when it is a plain Error or a string. */
  private plainThrown(expr: TS.Expression | undefined): string | undefined {
    const ts = this.ts;
    if (!expr) return undefined;
    if (ts.isStringLiteralLike(expr) || ts.isTemplateExpression(expr)) return "a string";
    if ((ts.isNewExpression(expr) || ts.isCallExpression(expr)) && ts.isIdentifier(expr.expression)) {
      const name = expr.expression.text;
      const decl = this.factories.declarationOf(expr.expression);
      // A class of the project's own named Error is the project's, not the built-in.
      if (BUILTIN_ERRORS.has(name) && (!decl || !this.own(decl.getSourceFile().fileName))) return `new ${name}(…)`;
    }
    return undefined;
  }

  /** The facts of one function's own code (memoised). */
  factsOf(fn: TS.Node): Facts {
    const known = this.facts.get(fn);
    if (known) return known;
    const ts = this.ts;
    const raises: Raise[] = [];
    const plain: PlainThrow[] = [];
    const calls: TS.Node[] = [];
    const visit = (node: TS.Node): void => {
      if (ts.isThrowStatement(node)) {
        const thrown = this.plainThrown(node.expression);
        if (thrown) plain.push({ ...siteOf(node), thrown });
      }
      if (ts.isCallExpression(node)) {
        const made = this.factories.made(node);
        if (made && "name" in made) raises.push({ ...siteOf(node), name: made.name });
        else if (!made) {
          const target = this.functionOf(node.expression);
          if (target && target !== fn) calls.push(target);
        }
      }
      ts.forEachChild(node, visit);
    };
    const body = (fn as TS.FunctionLikeDeclaration).body;
    if (body) visit(body);
    const facts = { raises, plain, calls };
    this.facts.set(fn, facts);
    return facts;
  }

  /** The facts of a function and of every project function it reaches. */
  reached(fn: TS.Node): Facts {
    const seen = new Set<TS.Node>([fn]);
    const queue = [fn];
    const all = { raises: [] as Raise[], plain: [] as PlainThrow[], calls: [] as TS.Node[] };
    for (let i = 0; i < queue.length && i < 10_000; i++) {
      const facts = this.factsOf(queue[i] as TS.Node);
      all.raises.push(...facts.raises);
      all.plain.push(...facts.plain);
      for (const next of facts.calls) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    return all;
  }
}
