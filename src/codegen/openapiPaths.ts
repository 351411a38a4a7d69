/**
 * The `paths` of a catalog's HTTP operations for the OpenAPI target: each operation
 * under its path and method with its operationId, path parameters and one response
 * per status of the errors it may return. Several errors behind one status are a
 * `oneOf` of their own schemas; where the format puts the code at the top of the
 * body (problem, flat) a discriminator on `code` maps each code to its schema.
 * Each error's example is a named component, referenced wherever it can occur.
 */
import type { Catalog, ErrorDefinition, Operation } from "../catalog/model.js";
import { errorsByStatus } from "../catalog/operations.js";
import type { Schema } from "./jsonSchema.js";

/** Makes the response object of one status: its media, and the names of the errors behind it. */
export type Respond = (status: number, media: Schema, names: readonly string[]) => Schema;

/** The component name of one error's body schema, and of its example. */
export function errorComponent(def: ErrorDefinition): string {
  return `${def.name}_Error`;
}

/** Where each format puts the code, as the part of a body schema that says "this code". */
function codeAt(format: Catalog["format"], code: string): Schema {
  const is = { const: code };
  switch (format) {
    case "problem":
    case "flat":
      return { required: ["code"], properties: { code: is } };
    case "envelope":
      return { properties: { error: { required: ["code"], properties: { code: is } } } };
    case "jsonapi":
      return { properties: { errors: { items: { required: ["code"], properties: { code: is } } } } };
    case "jsonrpc":
      // data is errata's object with the code, or a server's own text, which says nothing of the code.
      return {
        properties: {
          error: {
            properties: {
              data: { anyOf: [{ type: "string" }, { type: "object", required: ["code"], properties: { code: is } }] },
            },
          },
        },
      };
    case "google":
      return {
        properties: {
          error: {
            required: ["details"],
            properties: { details: { contains: { required: ["@type", "code"], properties: { code: is } } } },
          },
        },
      };
    case "binary":
      return {};
  }
}

/** One error's body: the catalog's body with this error's code. */
export function errorSchema(catalog: Catalog, def: ErrorDefinition, ref: (name: string) => string): Schema {
  return {
    description: `${def.name}: ${def.title}`,
    allOf: [{ $ref: ref("ErrorBody") }, codeAt(catalog.format, def.code)],
  };
}

/** The media of one status of one operation: one error's schema, or a oneOf of them (with a discriminator where it can). */
function mediaOf(catalog: Catalog, defs: readonly ErrorDefinition[], ref: (name: string) => string): Schema {
  if (defs.length === 1) return { schema: { $ref: ref(errorComponent(defs[0] as ErrorDefinition)) } };
  const oneOf = defs.map((d) => ({ $ref: ref(errorComponent(d)) }));
  const topLevel = catalog.format === "problem" || catalog.format === "flat";
  const discriminator = topLevel
    ? {
        discriminator: {
          propertyName: "code",
          mapping: Object.fromEntries(defs.map((d) => [d.code, ref(errorComponent(d))])),
        },
      }
    : {};
  return { schema: { oneOf, ...discriminator } };
}

/** The responses of one operation, one per status its errors travel with. */
function responsesOf(catalog: Catalog, operation: Operation, response: Respond, ref: (name: string) => string): Schema {
  // OpenAPI describes HTTP responses: errors with no HTTP status have none.
  const groups = errorsByStatus(catalog, operation).filter((g) => g.status !== undefined);
  return Object.fromEntries(
    groups.map(({ status, errors }) => [
      String(status),
      response(
        status as number,
        mediaOf(catalog, errors, ref),
        errors.map((d) => d.name),
      ),
    ]),
  );
}

/**
 * The security scheme of the catalog's 401s, named after its challenge's scheme
 * (`Bearer realm="api"` → http bearer; default Bearer), for the document's components.
 */
export function securityScheme(catalog: Catalog): { readonly name: string; readonly scheme: Schema } {
  const token = (catalog.challenge ?? "Bearer").trim().split(/\s+/)[0] || "Bearer";
  const scheme = token.toLowerCase();
  return { name: `${scheme}Auth`, scheme: { type: "http", scheme } };
}

/**
 * An operation's security: the catalog's scheme where the operation can answer 401
 * (it needs credentials), none declared otherwise (`[]`), so that every operation
 * says which it is.
 */
function securityOf(catalog: Catalog, o: Operation): Schema[] {
  const needsCredentials = errorsByStatus(catalog, o).some((g) => g.status === 401);
  return needsCredentials ? [{ [securityScheme(catalog).name]: [] }] : [];
}

function operationObject(catalog: Catalog, o: Operation, response: Respond, ref: (name: string) => string) {
  return {
    operationId: o.id,
    ...(o.summary ? { summary: o.summary } : {}),
    ...(o.description ? { description: o.description } : {}),
    ...(o.parameters.length > 0
      ? {
          parameters: o.parameters.map((p) => ({
            name: p.name,
            in: "path",
            required: true,
            ...(p.description ? { description: p.description } : {}),
            schema: { type: "string" },
          })),
        }
      : {}),
    security: securityOf(catalog, o),
    responses: responsesOf(catalog, o, response, ref),
  };
}

/** The paths object of the catalog's HTTP operations. `response` makes the response object of one status's media. */
export function pathsOf(catalog: Catalog, response: Respond, ref: (name: string) => string): Schema {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const o of catalog.operations) {
    if (o.kind !== "http" || !o.path || !o.method) continue;
    const item = paths[o.path] ?? {};
    paths[o.path] = item;
    // A path parameter OpenAPI requires to be declared, even when the catalog did not describe it.
    const declared = new Set(o.parameters.map((p) => p.name));
    const missing = [...o.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string).filter((n) => !declared.has(n));
    const full = { ...o, parameters: [...o.parameters, ...missing.map((name) => ({ name }))] };
    item[o.method.toLowerCase()] = operationObject(catalog, full, response, ref);
  }
  return paths;
}
