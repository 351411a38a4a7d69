/**
 * Validate raw catalog input against the schema and turn every issue into a
 * Problem a person can act on: the field's path, what was expected, what was
 * found, and a "did you mean" for misspelt fields and values.
 */
import type { z } from "zod";
import { nearest } from "./nearest.js";
import type { Problem } from "./problem.js";
import { type CatalogInput, catalogJsonSchema, catalogSchema } from "./schema.js";

type Issue = z.core.$ZodIssue;
type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  type?: string;
};

let cachedJsonSchema: JsonSchema | undefined;

/** The schema node that describes the value at `path`, following objects, records, arrays and unions. */
function schemaAt(path: readonly PropertyKey[]): JsonSchema | undefined {
  cachedJsonSchema ??= catalogJsonSchema() as JsonSchema;
  let node: JsonSchema | undefined = cachedJsonSchema;
  for (const key of path) {
    if (!node) return undefined;
    const objectBranch: JsonSchema | undefined =
      node.anyOf?.find((b) => b.properties || b.type === "object" || b.items) ?? node;
    if (typeof key === "number") node = objectBranch.items;
    else if (objectBranch.properties && typeof key === "string" && key in objectBranch.properties)
      node = objectBranch.properties[key];
    else if (typeof objectBranch.additionalProperties === "object") node = objectBranch.additionalProperties;
    else return undefined;
  }
  return node?.anyOf?.find((b) => b.properties) ?? node;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** At most 40 characters of text from the file: a message never quotes more of a file that may not be a catalog. */
function excerpt(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `the string ${JSON.stringify(excerpt(value))}`;
  if (typeof value === "number") return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  return `${typeof value} ${String(value)}`;
}

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  object: "an object (a mapping of fields)",
  array: "a list",
  record: "a mapping",
};

function keyRule(path: readonly PropertyKey[]): string {
  const parent = path[path.length - 2];
  if (parent === "errors" || parent === "subcodes") return "names are SCREAMING_SNAKE_CASE, such as RATE_LIMITED";
  if (parent === "details") return "details fields are identifiers, such as retryAfter or repo_id";
  if (parent === "statuses") return "statuses are HTTP status numbers, such as 429";
  return "ids are lower-case words joined by _ or -, such as rate_limit";
}

/** Where an issue sits: the whole catalog, the path, the value found there, and a problem maker for it. */
interface At {
  readonly root: unknown;
  readonly base: readonly PropertyKey[];
  readonly path: readonly PropertyKey[];
  /** The path without symbols, as problems carry it. */
  readonly stringPath: readonly (string | number)[];
  readonly found: unknown;
  readonly problem: (message: string, extra?: Partial<Problem>) => Problem;
}

type IssueOf<C extends Issue["code"]> = Extract<Issue, { code: C }>;

function unknownFields(issue: IssueOf<"unrecognized_keys">, at: At): Problem[] {
  const known = Object.keys(schemaAt(at.path)?.properties ?? {});
  return issue.keys.map((key) => {
    const suggestion = nearest(key, known)[0];
    return at.problem(`unknown field "${excerpt(key)}"${suggestion ? `; did you mean "${suggestion}"?` : ""}`, {
      rule: "unknown-field",
      path: [...at.stringPath, key],
      ...(suggestion ? { suggestion } : {}),
    });
  });
}

/** What a failed union branch expected, in words. */
function expectedOf(issue: Issue): string {
  if (issue.code === "invalid_type") return EXPECTED[issue.expected] ?? issue.expected;
  if (issue.code === "invalid_value") return issue.values.map((v) => JSON.stringify(v)).join(" or ");
  return "";
}

/** A union: the problems of the closest branch of the right type, else what the branches expected. */
function unionProblems(issue: IssueOf<"invalid_union">, at: At): Problem[] {
  const branches = issue.errors.map((branch) =>
    branch.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as Issue),
  );
  // A branch fails on the value's type: a wrong type, or a lone literal (`status: none` beside a number).
  const wrongType = (i: Issue) =>
    i.path.length === issue.path.length &&
    (i.code === "invalid_type" || (i.code === "invalid_value" && i.values.length === 1));
  const typed = branches.filter((b) => !b.some(wrongType));
  if (typed.length > 0) {
    const best = typed.reduce((a, b) => (b.length < a.length ? b : a));
    return best.flatMap((i) => toProblems(i, at.root, at.base));
  }
  const options = [...new Set(branches.flat().map(expectedOf).filter(Boolean))];
  return [at.problem(`expected ${options.join(" or ")}, got ${describeValue(at.found)}`, { rule: "wrong-type" })];
}

function typeProblems(issue: IssueOf<"invalid_type">, at: At): Problem[] {
  if (at.found === undefined) {
    return [at.problem(`missing required field "${String(at.path[at.path.length - 1])}"`, { rule: "missing-field" })];
  }
  const expected = EXPECTED[issue.expected] ?? issue.expected;
  const message = `expected ${expected}${hintFor(at.path)}, got ${describeValue(at.found)}`;
  return [at.problem(message, { rule: "wrong-type" })];
}

function valueProblems(issue: IssueOf<"invalid_value">, at: At): Problem[] {
  const values = issue.values.map((v) => String(v));
  const suggestion = typeof at.found === "string" ? nearest(at.found, values)[0] : undefined;
  const hint = suggestion ? `; did you mean "${suggestion}"?` : "";
  const message = `${describeValue(at.found)} is not one of: ${values.join(", ")}${hint}`;
  return [at.problem(message, { rule: "wrong-value", ...(suggestion ? { suggestion } : {}) })];
}

function formatProblems(issue: IssueOf<"invalid_format">, at: At): Problem[] {
  const what =
    issue.format === "url" ? "an absolute URL" : issue.format === "regex" ? "the expected form" : issue.format;
  return [at.problem(`${describeValue(at.found)} is not ${what}${hintFor(at.path)}`, { rule: "wrong-format" })];
}

/** Turn one zod issue (at its full path) into problems. */
function toProblems(issue: Issue, root: unknown, base: readonly PropertyKey[]): Problem[] {
  const path = [...base, ...issue.path];
  const stringPath = path.filter((p): p is string | number => typeof p !== "symbol");
  const problem = (message: string, extra: Partial<Problem> = {}): Problem => ({
    severity: "error",
    rule: "schema",
    message,
    path: stringPath,
    ...extra,
  });
  const at: At = { root, base, path, stringPath, found: valueAt(root, path), problem };
  switch (issue.code) {
    case "unrecognized_keys":
      return unknownFields(issue, at);
    case "invalid_union":
      return unionProblems(issue, at);
    case "invalid_type":
      return typeProblems(issue, at);
    case "invalid_value":
      return valueProblems(issue, at);
    case "invalid_key":
      return [problem(`invalid name "${String(path[path.length - 1])}": ${keyRule(path)}`, { rule: "invalid-name" })];
    case "invalid_element":
      return issue.issues.flatMap((i) => toProblems(i, root, path));
    case "invalid_format":
      return formatProblems(issue, at);
    default:
      return [problem(`${issue.message} (got ${describeValue(at.found)})`)];
  }
}

function hintFor(path: readonly PropertyKey[]): string {
  const last = path[path.length - 1];
  if (last === "version" || last === "since") return " (a semantic version such as 1.2.0)";
  if (last === "name" && path.length === 1) return " (lower-case words joined by -, such as billing-api)";
  if (last === "category" || last === "group" || last === "parent") return " (a lower-case id such as rate_limit)";
  if (last === "code") return " (a category code such as 0x01)";
  return "";
}

export type ValidationResult =
  | { readonly ok: true; readonly value: CatalogInput; readonly problems: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** Validate raw input (parsed YAML/JSON, or an object given to defineCatalog). */
export function validateCatalogInput(raw: unknown): ValidationResult {
  // Some other file (a credentials file, a config, .npmrc): one problem that quotes
  // nothing of it, not one quoting each of its keys or its text.
  const mapping = typeof raw === "object" && raw !== null && !Array.isArray(raw);
  // A translation overlay (locale + errors) given where a catalog was expected: `errata lint *.yaml`.
  if (mapping && "locale" in raw && "errors" in raw && !("name" in raw) && !("version" in raw)) {
    return {
      ok: false,
      problems: [
        {
          severity: "warning",
          rule: "translation-file",
          message:
            "a translation file, not a catalog: it is checked with the catalog that lists it in translationFiles",
          path: [],
        },
      ],
    };
  }
  if (!mapping || !["name", "version", "errors"].some((k) => k in raw)) {
    const holds = mapping
      ? `none of the fields name, version and errors (it has ${Object.keys(raw).length} other field(s), not shown)`
      : `it holds ${Array.isArray(raw) ? "a list" : typeof raw === "string" ? `text (${raw.length} characters, not shown)` : `a ${typeof raw}`}, not a mapping of fields`;
    return {
      ok: false,
      problems: [{ severity: "error", rule: "not-a-catalog", message: `not an errata catalog: ${holds}`, path: [] }],
    };
  }
  const result = catalogSchema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data, problems: [] };
  const problems = result.error.issues.flatMap((issue) => toProblems(issue, raw, []));
  return { ok: false, problems };
}
