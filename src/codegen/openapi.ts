/**
 * OpenAPI 3.1 for a catalog's errors: the error body schema (the same one as the
 * JSON Schema target, with each error's details and body as components of their
 * own), each error's example encoded by errata/wire as a named component, one
 * response per HTTP status, and the paths of the catalog's HTTP operations
 * (openapiPaths.ts) with each operation's error responses.
 */
import { STATUS_CODES } from "node:http";
import type { Catalog, ErrorDefinition } from "../catalog/model.js";
import { exampleResponses } from "../docs/examples.js";
import { bodySchema, detailsName, detailsSchema, type Schema } from "./jsonSchema.js";
import { errorComponent, errorSchema, pathsOf, securityScheme } from "./openapiPaths.js";

const CONTENT_TYPES: Record<Catalog["format"], string> = {
  problem: "application/problem+json",
  jsonapi: "application/vnd.api+json",
  google: "application/json",
  envelope: "application/json",
  flat: "application/json",
  jsonrpc: "application/json",
  binary: "application/vnd.errata.frame",
};

const HEADERS: Record<string, Schema> = {
  "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer", minimum: 0 } },
  "X-Request-Id": { description: "The request's id: quote it when reporting a problem.", schema: { type: "string" } },
  "X-RateLimit-Limit": { description: "Requests allowed per window.", schema: { type: "integer" } },
  "X-RateLimit-Remaining": { description: "Requests left in the window.", schema: { type: "integer" } },
  "X-RateLimit-Reset": { description: "When the window resets (epoch seconds).", schema: { type: "integer" } },
  RateLimit: { description: "IETF RateLimit header.", schema: { type: "string" } },
  "RateLimit-Policy": { description: "IETF RateLimit-Policy header.", schema: { type: "string" } },
};

const ref = (name: string) => `#/components/schemas/${name}`;

/** What the catalog's errors show: their examples by component name, and the headers each status carries. */
interface Shown {
  readonly examples: Schema;
  /** The examples' names of each error, in order. */
  readonly exampleNames: ReadonlyMap<string, readonly string[]>;
  readonly headers: ReadonlyMap<string, ReadonlySet<string>>;
}

function shownOf(catalog: Catalog, http: readonly ErrorDefinition[]): Shown {
  const examples: Schema = {};
  const exampleNames = new Map<string, string[]>();
  const headers = new Map<string, Set<string>>();
  for (const def of http) {
    const names: string[] = [];
    const seen = new Set(["X-Request-Id"]);
    for (const [i, example] of exampleResponses(def, catalog).entries()) {
      for (const name of Object.keys(example.headers)) if (HEADERS[name]) seen.add(name);
      if (catalog.format === "binary") continue;
      const name = i === 0 ? errorComponent(def) : `${errorComponent(def)}_${i + 1}`;
      names.push(name);
      examples[name] = {
        summary: `${def.code === def.name ? def.name : `${def.code} ${def.name}`}${example.title ? `: ${example.title}` : ""}`,
        value: JSON.parse(example.body) as unknown,
      };
    }
    exampleNames.set(def.name, names);
    headers.set(def.name, seen);
  }
  return { examples, exampleNames, headers };
}

/** The response object of one status: the headers its errors carry, and the media. */
function responseOf(catalog: Catalog, shown: Shown, status: number, names: readonly string[], media: Schema): Schema {
  const headers = new Set(names.flatMap((n) => [...(shown.headers.get(n) ?? [])]));
  const multilingual = catalog.locales.length > 1;
  const contentLanguage: Schema = {
    description: `The language of the error's text (title, message, suggestion): one of ${catalog.locales.join(", ")}, negotiated from Accept-Language.`,
    schema: { type: "string", enum: [...catalog.locales] },
  };
  const contentType = CONTENT_TYPES[catalog.format];
  const content = catalog.format === "binary" ? { schema: { type: "string", contentMediaType: contentType } } : media;
  return {
    description: `${status} ${STATUS_CODES[status] ?? ""}`.trim(),
    headers: {
      ...Object.fromEntries([...headers].sort().map((name) => [name, HEADERS[name]])),
      ...(multilingual ? { "Content-Language": contentLanguage } : {}),
    },
    content: { [contentType]: content },
  };
}

/** Each error's examples, by name, as references to the shared components. */
function exampleRefs(shown: Shown, names: readonly string[]): Schema {
  return Object.fromEntries(
    names.flatMap((n) => (shown.exampleNames.get(n) ?? []).map((e) => [e, { $ref: `#/components/examples/${e}` }])),
  );
}

/** The schemas: each error's details and body, and the body of the catalog's format. */
function schemasOf(catalog: Catalog): Schema {
  const schemas: Schema = {};
  for (const def of catalog.errors) if (def.details.length > 0) schemas[detailsName(def)] = detailsSchema(def);
  schemas.ErrorBody = {
    description: `An error of ${catalog.name} in the ${catalog.format} format.`,
    ...bodySchema(catalog, ref),
  };
  if (catalog.format !== "binary") {
    for (const def of catalog.errors.filter((d) => d.status !== undefined))
      schemas[errorComponent(def)] = errorSchema(catalog, def, ref);
  }
  return schemas;
}

/** The Accept-Language parameter of a catalog in several languages. */
function languageParameters(catalog: Catalog): Schema {
  if (catalog.locales.length < 2) return {};
  const description = `The caller's languages, in order of preference; errors answer in the nearest of ${catalog.locales.join(", ")} (fr-CA takes fr), else ${catalog.defaultLocale}.`;
  return {
    parameters: {
      AcceptLanguage: {
        name: "Accept-Language",
        in: "header",
        required: false,
        description,
        schema: { type: "string", examples: ["fr-CA, fr;q=0.9, en;q=0.5"] },
      },
    },
  };
}

/**
 * The OpenAPI 3.1 document of a catalog's errors: the components (every error's body
 * and example, one response per status) and the paths of its HTTP operations.
 */
export function openApi(catalog: Catalog): Schema {
  // OpenAPI describes HTTP responses: an error with no HTTP status (status: none) has none to list.
  const http = catalog.errors.filter((def) => def.status !== undefined);
  const shown = shownOf(catalog, http);
  const responses: Schema = {};
  const statuses = [...new Set(http.map((d) => d.status as number))].sort((a, b) => a - b);
  for (const status of statuses) {
    const names = http.filter((d) => d.status === status).map((d) => d.name);
    const media = { schema: { $ref: ref("ErrorBody") }, examples: exampleRefs(shown, names) };
    responses[`Error${status}`] = responseOf(catalog, shown, status, names, media);
  }
  const paths = pathsOf(
    catalog,
    (status, media, names) =>
      responseOf(catalog, shown, status, names, { ...media, examples: exampleRefs(shown, names) }),
    ref,
  );
  return {
    openapi: "3.1.0",
    info: {
      title: `${catalog.title} errors`,
      version: catalog.version,
      description: `The errors of ${catalog.name}, generated by errata from the catalog: each operation's error responses, and components to reference from other paths.`,
    },
    // What OpenAPI assumes when servers is absent, said: redocly's recommended rules want it.
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: schemasOf(catalog),
      ...(catalog.operations.some((o) => o.kind === "http")
        ? { securitySchemes: { [securityScheme(catalog).name]: securityScheme(catalog).scheme } }
        : {}),
      responses,
      ...(catalog.format === "binary" ? {} : { examples: shown.examples }),
      ...languageParameters(catalog),
    },
  };
}
