/**
 * `errata import openapi <spec>`: a first catalog from an OpenAPI 3.0 or 3.1
 * document's error responses. Each operation's 4xx, 5xx, `4XX`/`5XX` and `default`
 * responses are read where they live (inline, `components.responses`, a `$ref`,
 * including a deep JSON Pointer into another response), their body style tells the
 * catalog's format (problem+json, JSON:API, an `{error:{code,message}}` envelope,
 * Google's, a flat `{code,message}`; seen through `$ref`s and `allOf`s), and each
 * becomes an error: named by a code its examples show, else by its response's
 * component name (less a `Response` suffix), else by its status; with the category
 * of the kind whose default status it is, the response's description as its message,
 * details from the schema (optional: a document rarely says which every answer
 * carries) and the details its examples show. What could not be mapped is listed
 * with its JSON Pointer.
 */
import { STATUS_CODES } from "node:http";
import { parse, stringify } from "yaml";
import { fitsField } from "../catalog/fits.js";
import { KIND_NAMES, KINDS, type Kind } from "../catalog/kinds.js";
import type { DetailField } from "../catalog/model.js";
import type { Schema } from "./jsonSchema.js";

type Format = "problem" | "jsonapi" | "envelope" | "google" | "flat";

/** One error as the catalog will declare it. */
interface Found {
  readonly name: string;
  readonly status: number;
  readonly message: string;
  readonly details: Record<string, string>;
  /** The spec's examples of it, as the details each shows. */
  readonly examples: Record<string, unknown>[];
}

/** The catalog, and what could not be mapped, each with its JSON Pointer. */
export interface ImportResult {
  readonly catalog: Record<string, unknown>;
  readonly text: string;
  readonly unmapped: readonly string[];
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** The kind whose default status this is (the first in the kinds' order), else the generic kind of its class. */
function kindOfStatus(status: number): Kind {
  return KIND_NAMES.find((k) => KINDS[k].status === status) ?? (status >= 500 ? "server" : "client");
}

const pointer = (path: readonly (string | number)[]) =>
  `#/${path.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;

/** A local `$ref` followed, through other refs; undefined (and said) for one that leads nowhere or outside. */
function resolve(
  doc: Schema,
  value: unknown,
  at: string,
  unmapped: string[],
  seen = new Set<string>(),
): Schema | undefined {
  const ref = (value as Schema | undefined)?.$ref;
  if (typeof ref !== "string") return value as Schema | undefined;
  if (!ref.startsWith("#/") || seen.has(ref) || seen.size > 32) {
    unmapped.push(`${at}: $ref ${ref} is ${ref.startsWith("#/") ? "circular" : "in another file"}; not read`);
    return undefined;
  }
  seen.add(ref);
  const target = ref
    .slice(2)
    .split("/")
    .map((p) => decodeURIComponent(p).replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (node as Schema | undefined)?.[key], doc);
  if (target === undefined) unmapped.push(`${at}: $ref ${ref} points at nothing`);
  return resolve(doc, target, at, unmapped, seen);
}

/** SCREAMING_SNAKE_CASE of a component name, a title or a phrase: `NotFound`, `not found` → NOT_FOUND. */
export function screaming(text: string): string {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
  const name = words.join("_");
  return /^[A-Z]/.test(name) ? name : `E_${name || "ERROR"}`;
}

/** A schema's properties, through `$ref`s and `allOf`s (a dozen levels; deeper is not read). */
function propertiesOf(doc: Schema, value: unknown, at: string, unmapped: string[], depth = 0): Record<string, Schema> {
  const schema = depth > 12 ? undefined : resolve(doc, value, at, unmapped);
  if (!schema || typeof schema !== "object") return {};
  const parts = Array.isArray(schema.allOf) ? (schema.allOf as unknown[]) : [];
  const own = (schema.properties ?? {}) as Record<string, Schema>;
  return Object.assign({}, ...parts.map((p) => propertiesOf(doc, p, at, unmapped, depth + 1)), own);
}

/** What a body's schema shows: its properties, and those of its `error` object when it has one. */
interface Shape {
  readonly props: Record<string, Schema>;
  readonly inner: Record<string, Schema> | undefined;
}

function shapeOf(doc: Schema, schema: unknown, at: string, unmapped: string[]): Shape {
  const props = propertiesOf(doc, schema, at, unmapped);
  const inner = props.error ? propertiesOf(doc, props.error, at, unmapped) : {};
  return { props, inner: Object.keys(inner).length > 0 ? inner : undefined };
}

/** The body style a media type and schema show, if errata can read it. */
function styleOf(mediaType: string, { props, inner }: Shape): Format | undefined {
  if (mediaType.includes("problem+json")) return "problem";
  if (mediaType.includes("vnd.api+json")) return "jsonapi";
  if (props.errors) return "jsonapi";
  if (inner) return inner.status && inner.details ? "google" : "envelope";
  if (props.type && props.title && (props.status || props.detail)) return "problem";
  if (props.code || props.message || props.error) return "flat";
  return undefined;
}

/** The code an example shows, where its style puts it. */
function codeIn(style: Format, value: unknown): string | undefined {
  const v = value as Schema | undefined;
  const code =
    style === "jsonapi"
      ? ((v?.errors as Schema[] | undefined)?.[0]?.code as unknown)
      : style === "envelope" || style === "google"
        ? (((v?.error as Schema | undefined)?.code ?? undefined) as unknown)
        : v?.code;
  return typeof code === "string" && /^[A-Za-z][A-Za-z0-9_.-]*$/.test(code) ? code : undefined;
}

/** The details fields a schema declares, as catalog types. */
function detailsOf(doc: Schema, style: Format, shape: Shape, at: string, unmapped: string[]): Record<string, string> {
  const holder = style === "envelope" || style === "google" ? shape.inner?.details : shape.props.details;
  const fields = holder ? propertiesOf(doc, holder, at, unmapped) : {};
  const types = ["string", "integer", "number", "boolean", "object", "array"];
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([k]) => /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(k))
      .map(([k, f]) => [k, types.includes(String(f?.type)) ? String(f.type) : "string"]),
  );
}

/** The details object an example body carries, where its style puts them. */
function detailsIn(style: Format, value: unknown): Record<string, unknown> | undefined {
  const v = value as Schema | undefined;
  const found =
    style === "envelope" || style === "google"
      ? (v?.error as Schema | undefined)?.details
      : style === "jsonapi"
        ? ((v?.errors as Schema[] | undefined)?.[0]?.meta as Schema | undefined)?.details
        : v?.details;
  return typeof found === "object" && found !== null && !Array.isArray(found)
    ? (found as Record<string, unknown>)
    : undefined;
}

/** An example's details as the catalog can keep them: the declared fields that fit their type (all primitives when none are declared). */
function exampleDetails(details: Record<string, unknown>, declared: Record<string, string>): Record<string, unknown> {
  const names = Object.keys(declared);
  const kept = Object.entries(details).filter(([k, v]) =>
    names.length > 0
      ? declared[k] !== undefined && fitsField({ type: declared[k] as DetailField["type"], nullable: false }, v)
      : /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(k) && ["string", "number", "boolean"].includes(typeof v),
  );
  return Object.fromEntries(kept);
}

/** The examples a media object gives (its `example`, and each of its `examples`' values). */
function examplesOf(doc: Schema, media: Schema, at: string, unmapped: string[]): unknown[] {
  const named = Object.values((media.examples ?? {}) as Record<string, unknown>).map(
    (e) => resolve(doc, e, at, unmapped)?.value,
  );
  return [...(media.example !== undefined ? [media.example] : []), ...named].filter((v) => v !== undefined);
}

/** The error statuses a response key stands for: 404, 4XX (as 400), default (as 500); undefined for a success. */
function statusOf(key: string): number | undefined {
  if (/^[45]\d\d$/.test(key)) return Number(key);
  if (/^[45]XX$/i.test(key)) return Number(key[0]) * 100;
  return key === "default" ? 500 : undefined;
}

/** An operation as the catalog will declare it. */
interface ImportedOperation {
  http: string;
  summary?: string;
  errors?: string[];
  parameters?: Record<string, object>;
}

/** What reading one document gathers. */
interface Reading {
  readonly doc: Schema;
  readonly errors: Map<string, Found>;
  readonly operations: Record<string, ImportedOperation>;
  readonly styles: Map<Format, number>;
  readonly unmapped: string[];
}

/** The first message line of a description, with braces written as literal braces. */
function messageOf(text: unknown, status: number): string {
  const line = typeof text === "string" ? (text.split("\n").find((l) => l.trim()) ?? "").trim() : "";
  const message = line || STATUS_CODES[status] || `HTTP ${status}`;
  return message.slice(0, 300).replace(/\{/g, "{{").replace(/\}/g, "}}");
}

/** Record one error, reusing an earlier one of the same name and status; another status gets its own name. */
function record(r: Reading, found: Found): string {
  const same = r.errors.get(found.name);
  if (!same || same.status === found.status) {
    if (!same) r.errors.set(found.name, found);
    return found.name;
  }
  const name = `${found.name}_${found.status}`;
  if (!r.errors.has(name)) r.errors.set(name, { ...found, name });
  return name;
}

/** The errors one response stands for: one per code its examples show, else one named by its component or status. */
function errorsOfResponse(r: Reading, raw: unknown, key: string, at: string): string[] {
  const status = statusOf(key) as number;
  const response = resolve(r.doc, raw, at, r.unmapped);
  if (!response) return [];
  const refName =
    typeof (raw as Schema)?.$ref === "string"
      ? String((raw as Schema).$ref)
          .split("/")
          .pop()
          ?.replace(/(.)_?Response$/i, "$1")
      : undefined;
  const content = (response.content ?? {}) as Record<string, Schema>;
  const [mediaType, media] = Object.entries(content).find(([t]) => t.includes("json")) ?? [];
  const shape = media ? shapeOf(r.doc, media.schema, at, r.unmapped) : { props: {}, inner: undefined };
  const style = mediaType ? styleOf(mediaType, shape) : undefined;
  if (!style || !media) {
    r.unmapped.push(
      `${at}: no JSON body errata can read (${Object.keys(content).join(", ") || "no content"}); named by its status`,
    );
  } else r.styles.set(style, (r.styles.get(style) ?? 0) + 1);
  const details = style ? detailsOf(r.doc, style, shape, at, r.unmapped) : {};
  const base = { status, message: messageOf(response.description, status), details };
  const examples = media ? examplesOf(r.doc, media, at, r.unmapped) : [];
  /** The examples of one error: those that show its code, or all of them for an error named otherwise. */
  const shown = (code: string | undefined) =>
    examples
      .filter((e) => code === undefined || (style !== undefined && codeIn(style, e) === code))
      .flatMap((e) => {
        const found = style ? detailsIn(style, e) : undefined;
        const kept = found ? exampleDetails(found, details) : {};
        return Object.keys(kept).length > 0 ? [kept] : [];
      });
  const codes = style ? [...new Set(examples.flatMap((e) => codeIn(style, e) ?? []))] : [];
  if (codes.length > 0)
    return codes.map((code) => record(r, { ...base, name: screaming(code), examples: shown(code) }));
  const name = screaming(
    refName ?? (key === "default" ? "unexpected error" : (STATUS_CODES[status] ?? `status ${status}`)),
  );
  return [record(r, { ...base, name, examples: shown(undefined) })];
}

/** Words in camelCase: `find pet by id` → findPetById. */
function camel(words: readonly string[]): string {
  return words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() : w.charAt(0).toUpperCase()) + w.slice(1)).join("");
}

/**
 * The operation's id: the document's, its words in camelCase when it is not an id
 * (`find pet by id` → findPetById), else from the method and path (`post /repos/{id}/stars` → postReposIdStars).
 */
function operationIdOf(given: unknown, method: string, path: string): string {
  if (typeof given === "string" && /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/.test(given)) return given;
  const words = typeof given === "string" ? given.split(/[^A-Za-z0-9]+/).filter(Boolean) : [];
  const id = camel(words.length > 0 ? words : [method, ...path.split(/[^A-Za-z0-9]+/).filter(Boolean)]);
  return /^[A-Za-z]/.test(id) ? id.slice(0, 128) : `op${id}`.slice(0, 128);
}

function readOperation(r: Reading, path: string, method: string, op: Schema): void {
  const at = ["paths", path, method];
  const base = operationIdOf(op.operationId, method, path);
  let id = base;
  for (let n = 2; r.operations[id] !== undefined; n++) id = `${base}${n}`;
  const errors: string[] = [];
  for (const [key, raw] of Object.entries((op.responses ?? {}) as Record<string, unknown>)) {
    if (statusOf(key) === undefined) continue;
    errors.push(...errorsOfResponse(r, raw, key, pointer([...at, "responses", key])));
  }
  const params = [...path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1] as string);
  r.operations[id] = {
    http: `${method.toUpperCase()} ${path}`,
    ...(typeof op.summary === "string" && op.summary.trim() ? { summary: op.summary.trim().slice(0, 300) } : {}),
    ...(errors.length > 0 ? { errors: [...new Set(errors)] } : {}),
    ...(params.length > 0 ? { parameters: Object.fromEntries(params.map((p) => [p, {}])) } : {}),
  };
}

/** Errors every operation returns become the catalog's common errors. */
function commonOf(operations: Reading["operations"]): string[] {
  const lists = Object.values(operations).map((o) => o.errors ?? []);
  if (lists.length < 2) return [];
  const common = (lists[0] ?? []).filter((e) => lists.every((l) => l.includes(e)));
  for (const o of Object.values(operations)) {
    const own = (o.errors ?? []).filter((e) => !common.includes(e));
    if (own.length > 0) o.errors = own;
    else delete o.errors;
  }
  return common;
}

/** A catalog name from the document's title: `Redocly Museum API` → redocly-museum-api. */
function nameOf(title: unknown): string {
  const name = String(title ?? "api")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return /^[a-z]/.test(name) ? name.slice(0, 60).replace(/-+$/, "") : `api-${name}`.slice(0, 60);
}

/** A semantic version from the document's: 1.2 → 1.2.0; anything else → 1.0.0. */
function versionOf(version: unknown): string {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(String(version ?? ""));
  return m ? `${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}` : "1.0.0";
}

function catalogOf(r: Reading): Record<string, unknown> {
  const info = (r.doc.info ?? {}) as Schema;
  const [format] = [...r.styles.entries()].sort((a, b) => b[1] - a[1])[0] ?? ["problem"];
  const commonErrors = commonOf(r.operations);
  const errors = Object.fromEntries(
    [...r.errors.values()].map((e) => [
      e.name,
      {
        category: kindOfStatus(e.status),
        ...(KINDS[kindOfStatus(e.status)].status === e.status ? {} : { status: e.status }),
        message: e.message,
        // Optional: a document rarely says which details every answer carries.
        ...(Object.keys(e.details).length > 0
          ? {
              details: Object.fromEntries(Object.entries(e.details).map(([k, type]) => [k, { type, required: false }])),
            }
          : {}),
        ...(e.examples.length > 0 ? { examples: e.examples.slice(0, 5).map((details) => ({ details })) } : {}),
      },
    ]),
  );
  return {
    name: nameOf(info.title),
    version: versionOf(info.version),
    ...(typeof info.title === "string" ? { title: info.title.slice(0, 200) } : {}),
    format,
    errors,
    ...(commonErrors.length > 0 ? { commonErrors } : {}),
    operations: r.operations,
  };
}

/** Read an OpenAPI document's error responses into a catalog. */
export function importOpenApi(text: string): ImportResult {
  const doc = parse(text, { maxAliasCount: 1000 }) as Schema;
  const r: Reading = { doc, errors: new Map(), operations: {}, styles: new Map(), unmapped: [] };
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Schema>)) {
    // In the document's own order of methods.
    for (const method of Object.keys(item ?? {}).filter((k) => METHODS.includes(k))) {
      const op = item[method] as Schema | undefined;
      if (op && typeof op === "object") readOperation(r, path, method, op);
    }
  }
  const catalog = catalogOf(r);
  const header = "# Imported by errata from an OpenAPI document: review the names, messages and causes.\n";
  return { catalog, text: header + stringify(catalog, { lineWidth: 0 }), unmapped: r.unmapped };
}
