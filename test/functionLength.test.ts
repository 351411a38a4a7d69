/**
 * No function in src/ is over 80 lines, outside generated code (the client catalog
 * shipped as data): each is short enough to hold in one's head. Measured with the
 * TypeScript compiler's own parser, from a function's first line to its last.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import ts from "typescript";
import { REPO } from "./helpers.js";

const MAX_LINES = 80;
/** Generated files, measured by their generator instead. */
const GENERATED = new Set(["src/own/clientCatalog.ts"]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

function isFunction(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node)
  );
}

function nameOf(node: ts.FunctionLikeDeclaration): string {
  if (node.name) return node.name.getText();
  return ts.isVariableDeclaration(node.parent) ? node.parent.name.getText() : "(anonymous)";
}

/** Every function of a file longer than MAX_LINES, as `file:line name (n lines)`. */
function longFunctions(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunction(node)) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const lines = source.getLineAndCharacterOfPosition(node.getEnd()).line - first + 1;
      if (lines > MAX_LINES) found.push(`${relative(REPO, file)}:${first + 1} ${nameOf(node)} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test(`no function in src/ is over ${MAX_LINES} lines`, () => {
  const files = sources(join(REPO, "src")).filter((f) => !GENERATED.has(relative(REPO, f)));
  assert.ok(files.length > 100, "the sources were found");
  assert.deepEqual(files.flatMap(longFunctions), []);
});

test("the measure finds a long function", () => {
  const long = `function f() {\n${"  g();\n".repeat(MAX_LINES)}}\n`;
  const source = ts.createSourceFile("f.ts", long, ts.ScriptTarget.Latest, true);
  const fn = source.statements[0] as ts.FunctionDeclaration;
  const lines = source.getLineAndCharacterOfPosition(fn.getEnd()).line + 1;
  assert.equal(lines, MAX_LINES + 2);
});
