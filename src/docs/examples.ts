/**
 * Example responses for the references: each catalog example (or, without one, an
 * example built from the details' own examples) raised and encoded in the catalog's
 * wire format exactly as a server would send it, with its status and headers.
 * An error with no HTTP status (`status: none`) has an example only in a format that
 * needs none (JSON-RPC, the binary frame), and then no HTTP lines.
 */
import { STATUS_CODES } from "node:http";
import type { Catalog, DetailField, ErrorDefinition, Example } from "../catalog/model.js";
import { createFactory } from "../runtime/createErrors.js";
import { encode } from "../wire/codec.js";

export interface ExampleResponse {
  readonly title?: string;
  /** The HTTP status; undefined for an error that has none. */
  readonly status?: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text: pretty JSON, or a hex dump of a binary frame. */
  readonly body: string;
  readonly language: "json" | "text";
}

/** The status line and headers of an example, as an HTTP message starts; undefined without a status. */
export function httpHead(example: ExampleResponse): string | undefined {
  if (example.status === undefined) return undefined;
  const status = `HTTP/1.1 ${example.status} ${STATUS_CODES[example.status] ?? ""}`.trimEnd();
  return [status, ...Object.entries(example.headers).map(([k, v]) => `${k}: ${v}`)].join("\n");
}

function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const row = Array.from(bytes.subarray(at, at + 16), (b) => b.toString(16).padStart(2, "0"));
    lines.push(`${at.toString(16).padStart(4, "0")}  ${row.join(" ")}`);
  }
  return lines.join("\n");
}

/** A value of a field's type that reads as a placeholder: its first allowed value, else `"<name>"`, 1, true, [], {}. */
export function placeholderValue(field: DetailField): unknown {
  if (field.enum && field.enum.length > 0) return field.enum[0];
  switch (field.type) {
    case "integer":
      return 1;
    case "number":
      return 1.5;
    case "boolean":
      return true;
    case "array":
      return [];
    case "object":
      return {};
    default:
      return `<${field.name}>`;
  }
}

/**
 * The example of an error the catalog gives none for: each field's own example, and
 * a typed placeholder for a required field without one, so that no message shows a
 * raw `{name}`.
 */
function synthesized(def: ErrorDefinition): Example {
  const details: Record<string, unknown> = {};
  for (const field of def.details) {
    if (field.example !== undefined) details[field.name] = field.example;
    else if (field.required) details[field.name] = placeholderValue(field);
  }
  return { details, headers: {} };
}

/** Encoded once per definition and format: the Markdown, the site and the API all show them. */
const cache = new WeakMap<ErrorDefinition, { readonly catalog: Catalog; readonly responses: ExampleResponse[] }>();

/** The example responses of one error: at least one, unless it has no HTTP status and the format needs one. */
export function exampleResponses(def: ErrorDefinition, catalog: Catalog): ExampleResponse[] {
  const cached = cache.get(def);
  if (cached?.catalog === catalog) return cached.responses;
  const responses = encodeExamples(def, catalog);
  cache.set(def, { catalog, responses });
  return responses;
}

function encodeExamples(def: ErrorDefinition, catalog: Catalog): ExampleResponse[] {
  if (def.status === undefined && catalog.format !== "jsonrpc" && catalog.format !== "binary") return [];
  const raise = createFactory(def, { stack: false });
  const examples = def.examples.length > 0 ? def.examples : [synthesized(def)];
  return examples.map((example) => {
    const error = raise(example.details, {
      ...(example.message !== undefined ? { message: example.message } : {}),
      ...(example.subcode !== undefined ? { subcode: example.subcode } : {}),
      ...(example.reason !== undefined ? { reason: example.reason } : {}),
      ...(example.requestId !== undefined ? { requestId: example.requestId } : {}),
    });
    const encoded = encode(error, catalog.format, { catalog, hints: false });
    const body =
      typeof encoded.body === "string"
        ? JSON.stringify(JSON.parse(encoded.body) as unknown, null, 2)
        : hexDump(encoded.body);
    return {
      ...(example.title !== undefined ? { title: example.title } : {}),
      ...(def.status !== undefined ? { status: encoded.status } : {}),
      headers: { ...encoded.headers, ...example.headers },
      body,
      language: typeof encoded.body === "string" ? "json" : "text",
    };
  });
}
