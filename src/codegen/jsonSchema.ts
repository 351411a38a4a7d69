/**
 * JSON Schema (2020-12) of a catalog's error bodies, in its wire format: the
 * body's shape as errata/wire writes it, the catalog's codes, and each error's
 * details typed by its code. A server built with errata may also send errata's
 * own fallbacks (INTERNAL_ERROR, VALIDATION_ERROR, …), so their codes are allowed.
 * A binary catalog's frames decode to the error's JSON form, which is described.
 */
import type { Catalog, DetailField, DetailType, ErrorDefinition } from "../catalog/model.js";
import { ERRATA_DETAILS_TYPE } from "../wire/formats/google.js";

export type Schema = Record<string, unknown>;

/** Errors an errata server sends on a catalog's behalf when the catalog does not declare them. */
export const SERVER_FALLBACKS = [
  "INTERNAL_ERROR",
  "VALIDATION_ERROR",
  "INVALID_JSON",
  "REQUEST_REJECTED",
  "ROUTE_NOT_FOUND",
];

const JSON_TYPES: Record<DetailType, string> = {
  string: "string",
  integer: "integer",
  number: "number",
  boolean: "boolean",
  object: "object",
  array: "array",
};

function fieldSchema(f: DetailField): Schema {
  const base: Schema = { type: f.nullable ? [JSON_TYPES[f.type], "null"] : JSON_TYPES[f.type] };
  if (f.type === "array" && f.items) base.items = { type: JSON_TYPES[f.items] };
  if (f.enum) base.enum = f.nullable ? [...f.enum, null] : [...f.enum];
  if (f.description) base.description = f.description;
  if (f.example !== undefined) base.examples = [f.example];
  return base;
}

/** The schema of one error's details. */
export function detailsSchema(def: ErrorDefinition): Schema {
  const required = def.details.filter((f) => f.required).map((f) => f.name);
  return {
    type: "object",
    description: `Details of ${def.name}.`,
    properties: Object.fromEntries(def.details.map((f) => [f.name, fieldSchema(f)])),
    ...(required.length > 0 ? { required } : {}),
  };
}

/** The name of an error's details schema under $defs / components. */
export function detailsName(def: ErrorDefinition): string {
  return `${def.name}_Details`;
}

/**
 * The codes a body may carry: every error of the catalog (one with `status: none`
 * travels in an HTTP format with the status its caller maps it to, `httpStatus`),
 * then errata's server fallbacks it does not declare.
 */
export function codesOf(catalog: Catalog): string[] {
  const codes = catalog.errors.map((e) => e.code);
  for (const name of SERVER_FALLBACKS) if (!catalog.errors.some((e) => e.name === name)) codes.push(name);
  return codes;
}

/** `if code is X then the object at path has X's details`, for every error with details, as `{ allOf }`. */
function typedDetails(catalog: Catalog, detailsPath: readonly string[], ref: (name: string) => string): Schema {
  const rules = catalog.errors
    .filter((def) => def.details.length > 0)
    .map((def) => {
      let then: Schema = { $ref: ref(detailsName(def)) };
      for (const key of [...detailsPath].reverse()) then = { type: "object", properties: { [key]: then } };
      return { if: { properties: { code: { const: def.code } }, required: ["code"] }, then };
    });
  return rules.length > 0 ? { allOf: rules } : {};
}

const str = { type: "string" };
const int = { type: "integer" };
const bool = { type: "boolean" };
const obj = { type: "object" };
const num = { type: "number", minimum: 0 };
/** The retry advice and ids that problem, JSON:API and JSON-RPC bodies carry alike. */
const ADVICE = {
  subcode: str,
  reason: str,
  retryable: bool,
  retryAfter: num,
  suggestion: str,
  requestId: str,
  traceId: str,
};

/** What every format's body schema is made of: the code enum, and the typed details at a path. */
interface Parts {
  readonly code: Schema;
  readonly typed: (path: readonly string[]) => Schema;
}

/** RFC 9457: a problem details object with the code and advice as extension members. */
function problemBody({ code, typed }: Parts): Schema {
  return {
    type: "object",
    required: ["type", "title", "status", "detail", "code"],
    properties: {
      type: str,
      title: str,
      status: int,
      detail: str,
      instance: str,
      code,
      name: str,
      details: obj,
      errors: { type: "array", items: { type: "object", properties: { detail: str, pointer: str } } },
      ...ADVICE,
    },
    ...typed(["details"]),
  };
}

/** A flat object: the message in `error`, the code beside it. */
function flatBody({ code, typed }: Parts): Schema {
  return {
    type: "object",
    required: ["error", "code"],
    properties: {
      error: str,
      code,
      details: obj,
      suggestion: str,
      trace_id: str,
      subcode: str,
      reason: str,
      name: str,
      status: int,
      retryable: bool,
      retry_after: num,
      docs_url: str,
    },
    ...typed(["details"]),
  };
}

/** `{ error: { code, message, details }, meta }`. */
function envelopeBody({ code, typed }: Parts): Schema {
  return {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: { code, message: str, details: obj, subcode: str, reason: str },
        ...typed(["details"]),
      },
      meta: {
        type: "object",
        properties: {
          requestId: str,
          traceId: str,
          name: str,
          status: int,
          retryable: bool,
          retryAfter: num,
          docs: str,
          suggestion: str,
        },
      },
    },
  };
}

/** JSON:API: an `errors` array of error objects, errata's fields in `meta`. */
function jsonapiBody({ code, typed }: Parts): Schema {
  return {
    type: "object",
    required: ["errors"],
    properties: {
      errors: {
        type: "array",
        minItems: 1,
        items: {
          type: "object",
          required: ["status", "code", "title", "detail"],
          properties: {
            id: str,
            status: { type: "string", pattern: "^[1-5][0-9][0-9]$" },
            code,
            title: str,
            detail: str,
            source: { type: "object", properties: { pointer: str, parameter: str, header: str } },
            links: { type: "object", properties: { about: str } },
            meta: {
              type: "object",
              properties: { name: str, details: obj, ...ADVICE },
            },
          },
          ...typed(["meta", "details"]),
        },
      },
    },
  };
}

/** Google AIP-193: `error` with the gRPC status, errata's fields in a typed `details` entry. */
function googleBody({ code, typed }: Parts): Schema {
  return {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["code", "message", "status"],
        properties: {
          code: int,
          message: str,
          status: str,
          details: {
            type: "array",
            items: {
              type: "object",
              required: ["@type"],
              properties: { "@type": str },
              if: { properties: { "@type": { const: ERRATA_DETAILS_TYPE } } },
              // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable.
              then: {
                required: ["code"],
                properties: {
                  code,
                  details: obj,
                  subcode: str,
                  reason: str,
                  retryable: bool,
                  suggestion: str,
                  traceId: str,
                },
                ...typed(["details"]),
              },
            },
          },
        },
      },
    },
  };
}

/** A JSON-RPC 2.0 error response: errata's fields in `error.data`. */
function jsonrpcBody({ code, typed }: Parts): Schema {
  return {
    type: "object",
    required: ["jsonrpc", "id", "error"],
    properties: {
      jsonrpc: { const: "2.0" },
      // anyOf, not a union `type`: ajv's default strict mode refuses union types.
      id: { anyOf: [{ type: "string" }, { type: "integer" }, { type: "null" }] },
      error: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: int,
          message: str,
          data: {
            anyOf: [
              str,
              {
                type: "object",
                required: ["code", "message"],
                properties: {
                  code,
                  name: str,
                  message: str,
                  status: int,
                  details: obj,
                  docs: str,
                  ...ADVICE,
                },
                ...typed(["details"]),
              },
            ],
          },
        },
      },
    },
  };
}

/** A binary frame, as its decoded fields. */
function binaryBody({ code, typed }: Parts): Schema {
  return {
    type: "object",
    description: "The fields of a binary frame, as decoded (the error's JSON form).",
    required: ["name", "code", "message", "status", "details", "retryable"],
    properties: {
      name: str,
      code,
      message: str,
      status: int,
      category: str,
      details: obj,
      retryable: bool,
      retryAfter: num,
      subcode: str,
      reason: str,
      requestId: str,
      docs: str,
    },
    ...typed(["details"]),
  };
}

const BODIES: Readonly<Record<Catalog["format"], (parts: Parts) => Schema>> = {
  problem: problemBody,
  flat: flatBody,
  envelope: envelopeBody,
  jsonapi: jsonapiBody,
  google: googleBody,
  jsonrpc: jsonrpcBody,
  binary: binaryBody,
};

/** The body schema of a format, with `$ref`s made by `ref`. */
export function bodySchema(catalog: Catalog, ref: (name: string) => string): Schema {
  const code = { type: "string", enum: codesOf(catalog) };
  return BODIES[catalog.format]({ code, typed: (path) => typedDetails(catalog, path, ref) });
}

/** The JSON Schema document of a catalog's error bodies. */
export function jsonSchema(catalog: Catalog): Schema {
  const defs: Schema = {};
  for (const def of catalog.errors) if (def.details.length > 0) defs[detailsName(def)] = detailsSchema(def);
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `urn:errata:${catalog.name}:${catalog.version}:error-body`,
    title: `${catalog.title} error body`,
    description: `Error bodies of ${catalog.name} ${catalog.version} in the ${catalog.format} format. Generated by errata.`,
    ...bodySchema(catalog, (name) => `#/$defs/${name}`),
    $defs: defs,
  };
}
