/**
 * Problems found in a catalog: by the schema, by the builder or by lint rules.
 * A problem names its rule and the path of the field; the loader adds file:line:column.
 */

export type ProblemPath = readonly (string | number)[];

export type Problem = {
  readonly severity: "error" | "warning" | "info";
  /** Rule id, such as `unknown-field`, `duplicate-code`, `retry-status`. */
  readonly rule: string;
  readonly message: string;
  /** Path of the field inside the catalog, such as ["errors", "RATE_LIMITED", "status"]. */
  readonly path: ProblemPath;
  /** A "did you mean" replacement, when one is near. */
  readonly suggestion?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
};

/** Render a path as `errors.RATE_LIMITED.status` (numbers as `[0]`). */
export function formatPath(path: ProblemPath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out;
}

/** `file:line:column`, or as much of it as is known. */
export function formatLocation(problem: Pick<Problem, "file" | "line" | "column">): string {
  if (!problem.file) return "";
  if (problem.line === undefined) return problem.file;
  return `${problem.file}:${problem.line}:${problem.column ?? 1}`;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === "error");
}
