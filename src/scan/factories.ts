/**
 * Where code makes a catalog error: a call of a factory of an errors object
 * (`errors.NAME(...)`, `errors["NAME"](...)`, `errors.NAME?.(...)`), or of a factory
 * taken out of one (`const { NAME } = errors`). An errors object is what
 * `createErrors(...)` returns, or the `errors` of what `defineCatalog(...)` returns
 * (the generated module's `errors` among them), followed through variables, imports,
 * re-exports and aliases with the type checker, or anything the checker types as
 * errata's ErrorFactory (a typed parameter). What cannot be followed (a dynamic
 * name, an errors object passed as a parameter) is said, never guessed.
 */
import type * as TS from "typescript";
import type { TypeScript } from "./program.js";

/** What a call makes: a named error, something scan cannot follow, or nothing of errata's. */
export type Made = { readonly name: string } | { readonly unresolved: string } | undefined;

const NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

export class Factories {
  private readonly memo = new Map<TS.Node, boolean>();

  constructor(
    private readonly ts: TypeScript,
    private readonly checker: TS.TypeChecker,
  ) {}

  /** The declaration a name or property refers to, through import and export aliases. */
  declarationOf(node: TS.Node): TS.Declaration | undefined {
    let symbol = this.checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & this.ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  }

  private unwrap(expr: TS.Expression): TS.Expression {
    const ts = this.ts;
    let e = expr;
    while (
      ts.isParenthesizedExpression(e) ||
      ts.isAsExpression(e) ||
      ts.isNonNullExpression(e) ||
      ts.isSatisfiesExpression(e) ||
      ts.isTypeAssertionExpression(e)
    )
      e = e.expression;
    return e;
  }

  /** The name a call's callee ends with: `createErrors`, `errata.createErrors`. */
  private calleeName(call: TS.CallExpression): string | undefined {
    const callee = this.unwrap(call.expression);
    if (this.ts.isIdentifier(callee)) return callee.text;
    if (this.ts.isPropertyAccessExpression(callee)) return callee.name.text;
    return undefined;
  }

  /** The value a declaration gives: a variable's initializer, a property's, a binding's source. */
  private valueOf(decl: TS.Declaration | undefined): TS.Expression | undefined {
    const ts = this.ts;
    if (!decl) return undefined;
    if ((ts.isVariableDeclaration(decl) || ts.isPropertyAssignment(decl)) && decl.initializer) return decl.initializer;
    if (ts.isShorthandPropertyAssignment(decl)) return decl.name;
    if (ts.isExportAssignment(decl)) return decl.expression;
    return undefined;
  }

  /** Whether an expression is what `defineCatalog(...)` returns. */
  private isDefined(expr: TS.Expression, depth: number): boolean {
    const e = this.unwrap(expr);
    if (depth > 16) return false;
    if (this.ts.isCallExpression(e)) return this.calleeName(e) === "defineCatalog";
    if (this.ts.isIdentifier(e) || this.ts.isPropertyAccessExpression(e)) {
      const value = this.valueOf(this.declarationOf(this.ts.isPropertyAccessExpression(e) ? e.name : e));
      return value !== undefined && this.isDefined(value, depth + 1);
    }
    return false;
  }

  /** Whether an expression is an errors object (memoised per node). */
  isErrors(expr: TS.Expression, depth = 0): boolean {
    const known = this.memo.get(expr);
    if (known !== undefined) return known;
    const result = this.errorsUncached(expr, depth);
    this.memo.set(expr, result);
    return result;
  }

  private errorsUncached(expr: TS.Expression, depth: number): boolean {
    const ts = this.ts;
    const e = this.unwrap(expr);
    if (depth > 16) return false;
    if (ts.isCallExpression(e)) return this.calleeName(e) === "createErrors";
    if (!ts.isIdentifier(e) && !ts.isPropertyAccessExpression(e)) return false;
    const decl = this.declarationOf(ts.isPropertyAccessExpression(e) ? e.name : e);
    const value = this.valueOf(decl);
    if (value !== undefined && value !== e && this.isErrors(value, depth + 1)) return true;
    if (decl && ts.isBindingElement(decl)) return this.bindingIsErrors(decl, depth);
    return ts.isPropertyAccessExpression(e) && e.name.text === "errors" && this.isDefined(e.expression, depth + 1);
  }

  /** `const { errors } = defineCatalog(...)`. */
  private bindingIsErrors(decl: TS.BindingElement, depth: number): boolean {
    const key = (decl.propertyName ?? decl.name).getText();
    const source = this.ts.isVariableDeclaration(decl.parent.parent) ? decl.parent.parent.initializer : undefined;
    return key === "errors" && source !== undefined && this.isDefined(source, depth + 1);
  }

  /** What a call makes, if it is a factory's call. */
  made(call: TS.CallExpression): Made {
    const ts = this.ts;
    const callee = this.unwrap(call.expression);
    if (ts.isPropertyAccessExpression(callee) && NAME.test(callee.name.text)) {
      if (this.isErrors(callee.expression) || this.typedFactory(callee)) return { name: callee.name.text };
      return this.looksLikeErrors(callee.expression)
        ? { unresolved: `${callee.getText().slice(0, 80)}: an errors object scan cannot follow` }
        : undefined;
    }
    if (ts.isElementAccessExpression(callee) && this.isErrors(callee.expression)) {
      const arg = callee.argumentExpression;
      if (ts.isStringLiteralLike(arg)) return { name: arg.text };
      return { unresolved: `${callee.getText().slice(0, 80)}: a factory chosen by a name known only at run time` };
    }
    if (ts.isIdentifier(callee)) return this.heldFactory(callee);
    return undefined;
  }

  /** A factory held in a variable: taken out by name (`const { NAME } = errors`), or by a name known only at run time. */
  private heldFactory(callee: TS.Identifier): Made {
    const ts = this.ts;
    const decl = this.declarationOf(callee);
    if (decl && ts.isBindingElement(decl) && NAME.test(callee.text) && ts.isVariableDeclaration(decl.parent.parent)) {
      const source = decl.parent.parent.initializer;
      if (source && this.isErrors(source)) return { name: (decl.propertyName ?? decl.name).getText() };
    }
    const init = decl && ts.isVariableDeclaration(decl) ? decl.initializer : undefined;
    if (
      init &&
      ts.isElementAccessExpression(init) &&
      !ts.isStringLiteralLike(init.argumentExpression) &&
      this.isErrors(init.expression)
    )
      return { unresolved: `${callee.text}: a factory chosen by a name known only at run time` };
    return undefined;
  }

  /** Whether the checker types a callee as errata's ErrorFactory (an errors object passed as a typed parameter). */
  private typedFactory(callee: TS.Expression): boolean {
    const type = this.checker.getTypeAtLocation(callee);
    const types = type.isUnion() ? type.types : [type];
    return types.some((t) => (t.aliasSymbol ?? t.getSymbol())?.name === "ErrorFactory");
  }

  /** A receiver named like an errors object (`errors`, `apiErrors`) that the checker cannot trace to one. */
  private looksLikeErrors(expr: TS.Expression): boolean {
    const e = this.unwrap(expr);
    const name = this.ts.isIdentifier(e) ? e.text : this.ts.isPropertyAccessExpression(e) ? e.name.text : "";
    return /errors$/i.test(name);
  }
}
