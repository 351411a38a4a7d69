/**
 * The TypeScript target: a module that declares a YAML or JSON catalog through
 * `defineCatalog`, so a file catalog gets the same compile-time checks as one
 * written in TypeScript: typed factories (a missing message parameter or a wrong
 * details field fails to compile), a union of names and of codes, each error's
 * details type, type guards, and the catalog's base class for \`instanceof\` by the
 * name its SDK uses (AragoraError), and each error's extension fields (`META`), typed
 * by the catalog's `extensions`. Included catalogs become included declarations.
 */

import { dirname, resolve } from "node:path";
import type { Catalog, Deprecation, ExtensionField } from "../catalog/model.js";
import { pascalCase } from "../catalog/names.js";
import { operationErrors } from "../catalog/operations.js";
import { hasErrors } from "../catalog/problem.js";
import { invalidCatalog } from "../own/catalog.js";
import { inspectCatalogFile } from "../sources/load.js";
import { deprecationParts } from "./deprecation.js";

export interface TypeScriptOptions {
  /** Where `defineCatalog` comes from (default "errata"). */
  readonly importFrom?: string;
}

function camel(name: string): string {
  const p = pascalCase(name);
  return p.charAt(0).toLowerCase() + p.slice(1);
}

const TS_TYPES: Record<string, string> = { string: "string", integer: "number", number: "number", boolean: "boolean" };

function extensionType(field: ExtensionField): string {
  if (field.enum) return field.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (field.type === "array")
    return `readonly ${field.items ? TS_TYPES[field.items] : "(string | number | boolean | null)"}[]`;
  return TS_TYPES[field.type] ?? "unknown";
}

/** `META`, each error's extension fields, and `Extensions`, their declared types. */
function metaDeclarations(catalog: Catalog): string {
  const meta = Object.fromEntries(
    catalog.errors.filter((e) => Object.keys(e.meta).length > 0).map((e) => [e.name, e.meta]),
  );
  const literal = JSON.stringify(meta, null, 2);
  if (catalog.extensions.length === 0) {
    return `/** Each error's extension fields (\`meta:\`), verbatim. */
export const META = ${literal} as const;`;
  }
  const fields = catalog.extensions
    .map(
      (f) =>
        `${f.description ? `  /** ${f.description.replace(/\*\//g, "*\\/").split("\n")[0]} */\n` : ""}  readonly ${JSON.stringify(f.name)}${f.required ? "" : "?"}: ${extensionType(f)};`,
    )
    .join("\n");
  return `/** The extension fields the catalog declares (\`extensions:\`). */
export interface Extensions {
${fields}
}

/** Each error's extension fields (\`meta:\`), checked against \`Extensions\`. */
export const META = ${literal} as const satisfies Readonly<Partial<Record<ErrorName, Extensions>>>;`;
}

type Inspection = ReturnType<typeof inspectCatalogFile>;

/** One `defineCatalog` declaration per catalog file, included files first; returns the root's identifier. */
function declarationsOf(file: string, inspection: Inspection): { root: string; declarations: string[] } {
  const declarations: string[] = [];
  const declared = new Map<string, string>();
  const declare = (path: string): string => {
    const existing = declared.get(path);
    if (existing) return existing;
    // The inspection keys files by the path it shows; match them by where they resolve.
    const entry = [...inspection.files.values()].find((f) => resolve(f.file) === path);
    const raw = (entry?.raw ?? {}) as Record<string, unknown>;
    // Overlay files are merged into the errors' translations already.
    const { include, translationFiles: _overlays, ...rest } = raw;
    const children = (Array.isArray(include) ? include : [])
      .filter((i): i is string => typeof i === "string")
      .map((i) => declare(resolve(dirname(path), i)));
    const ident = `${camel(String(rest.name))}Catalog`;
    declared.set(path, ident);
    const includeOption = children.length > 0 ? `, { include: [${children.join(", ")}] }` : "";
    declarations.push(`const ${ident} = defineCatalog(${JSON.stringify(rest, null, 2)}${includeOption});`);
    return ident;
  };
  return { root: declare(resolve(file)), declarations };
}

const union = (values: readonly string[]) =>
  values.length > 0 ? values.map((v) => JSON.stringify(v)).join(" | ") : "never";

/** A deprecated error's `@deprecated` text: since, sunset, replacement and reason. */
function deprecatedNote(d: Deprecation): string {
  const parts = [...deprecationParts(d), ...(d.reason ? [d.reason] : [])];
  return `@deprecated${parts.length > 0 ? ` ${parts.join("; ").replace(/\s+/g, " ")}` : ""}`.replace(/\*\//g, "*\\/");
}

/**
 * The factories' type: the catalog's, with each deprecated error's factory declared
 * again under `@deprecated`, so that editors strike it through and lint rules flag it.
 */
function factoriesType(catalog: Catalog, root: string): string {
  const deprecated = catalog.errors.filter((e) => e.deprecated);
  if (deprecated.length === 0) return "";
  const members = deprecated
    .map(
      (e) => `  /** ${deprecatedNote(e.deprecated ?? {})} */
  readonly ${e.name}: (typeof ${root}.errors)[${JSON.stringify(e.name)}];`,
    )
    .join("\n");
  return `: Omit<typeof ${root}.errors, ${union(deprecated.map((e) => e.name))}> & {\n${members}\n}`;
}

/** The catalog's exports under its own name and as `catalog`, and its factories as `errors`. */
function exportsOf(catalog: Catalog, root: string): string {
  const own = camel(catalog.name);
  const shared =
    own === "catalog"
      ? ""
      : `\n/** The same, by the name every generated module shares: \`import { catalog } from "./${catalog.name}_errors"\`. */\nexport const catalog = ${root};`;
  return `/** The ${catalog.title} catalog: its model (\`catalog\`) and typed factories (\`errors\`). */
export const ${own} = ${root};${shared}
/** Typed factories: \`throw errors.${catalog.errors[0]?.name ?? "NAME"}(details)\`. */
export const errors${factoriesType(catalog, root)} = ${root}.errors;`;
}

/** The unions of names and codes, and the details and error types by name. */
function typesOf(catalog: Catalog): string {
  const detailTypes = catalog.errors
    .filter((e) => e.details.length > 0)
    .map(
      (e) =>
        `/** Details of ${e.name}.${e.deprecated ? ` ${deprecatedNote(e.deprecated)}` : ""} */\nexport type ${pascalCase(e.name)}Details = Details<${JSON.stringify(e.name)}>;`,
    );
  return `/** Every error name of the catalog. */
export type ErrorName = ${union(catalog.errors.map((e) => e.name))};
/** Every code of the catalog, in its own style. */
export type ErrorCode = ${union([...new Set(catalog.errors.map((e) => e.code))])};
/** The details an error carries. */
export type Details<N extends ErrorName> = ReturnType<(typeof errors)[N]>["details"];
/** The error a name stands for. */
export type ErrorOf<N extends ErrorName> = ReturnType<(typeof errors)[N]>;

${detailTypes.join("\n")}`;
}

/** The catalog's languages, and the fallback from a tag to one of them. */
function localesOf(catalog: Catalog): string {
  return `/** The languages the catalog's text exists in; the first is the default. */
export const LOCALES = ${JSON.stringify(catalog.locales)} as const;
/** A language the catalog declares. */
export type Locale = (typeof LOCALES)[number];
/** The tags an error can be raised for: a declared locale or one of its subtags (fr-CA for fr). */
export type LocaleTag = Locale | \`\${Locale}-\${string}\`;

/** The declared locale a tag falls back to: itself, then its parents (fr-CA → fr), then the default. */
export function localeOf(tag: string): Locale {
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(tag)[0] ?? "";
  } catch {
    return LOCALES[0];
  }
  const parts = canonical.split("-");
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join("-");
    const found = LOCALES.find((l) => l === candidate);
    if (found) return found;
  }
  return LOCALES[0];
}`;
}

/** Names by code, the type guard, and the catalog's base class for \`instanceof\`. */
function guardsOf(catalog: Catalog): string {
  const base = catalog.sdk?.errorClass ?? `${pascalCase(catalog.name)}Error`;
  const byCode = JSON.stringify(Object.fromEntries(catalog.errors.map((e) => [e.code, e.name])), null, 2);
  return `/** The name of each code. */
export const NAME_BY_CODE: Readonly<Record<ErrorCode, ErrorName>> = ${byCode};

/** True when \`value\` is the named error of this catalog (from any copy of errata). */
export function isError<N extends ErrorName>(value: unknown, name: N): value is ErrorOf<N> {
  return errors[name].is(value);
}

/** \`error instanceof ${base}\`: any error of this catalog, by the name the API's SDK gives its base class. */
export const ${base} = Object.freeze({
  [Symbol.hasInstance](value: unknown): value is ErrorOf<ErrorName> {
    return isErrataError(value) && value.definition?.catalog === ${JSON.stringify(catalog.name)};
  },
});`;
}

/** Each operation as data: its kind, route and every error it may return (its own and the common ones). */
function operationData(catalog: Catalog): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    catalog.operations.map((o) => [
      o.id,
      {
        kind: o.kind,
        ...(o.kind === "http" ? { method: o.method, path: o.path } : { name: o.name }),
        errors: operationErrors(o),
      },
    ]),
  );
}

/** The operations, the union of each one's errors, and the guard that narrows to it. */
function operationsOf(catalog: Catalog): string {
  if (catalog.operations.length === 0) return "";
  return `
/** The API's operations: each one's route and every error it may return. */
export const OPERATIONS = ${JSON.stringify(operationData(catalog), null, 2)} as const;
/** Every operation id of the catalog. */
export type OperationId = keyof typeof OPERATIONS;
/** The errors an operation may return, as a union. */
export type OperationError<O extends OperationId> = ErrorOf<(typeof OPERATIONS)[O]["errors"][number]>;

/** True when \`value\` is one of the errors the operation may return (from any copy of errata). */
export function isOperationError<O extends OperationId>(operation: O, value: unknown): value is OperationError<O> {
  const names: readonly ErrorName[] = OPERATIONS[operation].errors;
  return names.some((name) => errors[name].is(value));
}
`;
}

/** The TypeScript module of a catalog file. */
export function typescriptModule(file: string, options: TypeScriptOptions = {}): string {
  const inspection = inspectCatalogFile(file);
  const catalog = inspection.catalog;
  if (!catalog || hasErrors(inspection.problems)) throw invalidCatalog(file, inspection.problems);
  const { root, declarations } = declarationsOf(file, inspection);
  return `// Generated by errata from ${catalog.name} ${catalog.version}. Do not edit: change the catalog and run errata codegen.
import { defineCatalog, isErrataError } from ${JSON.stringify(options.importFrom ?? "errata")};

${declarations.join("\n\n")}

${exportsOf(catalog, root)}

${typesOf(catalog)}

${metaDeclarations(catalog)}

${localesOf(catalog)}

${guardsOf(catalog)}
${operationsOf(catalog)}`;
}
