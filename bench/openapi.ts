/**
 * OpenAPI at the size of a real product's: import a document of 465 operations and
 * about 2.7 MB (the size of PagerDuty's REST API document, generated here so that it
 * can be kept: each operation with its own request and response schemas, shared
 * error responses and an inline one), then merge a catalog of its errors back in;
 * the same with the real public documents kept as test fixtures (Stripe's, 417
 * operations, 4.2 MB of JSON; Datadog's v2, 985 operations, 4.2 MB of YAML).
 * Median of 3 runs. Goals: import under 3 s; merge under 3 s.
 * ERRATA_BENCH_OPENAPI=<file> measures a document of your own instead.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parse } from "yaml";
import { compileCatalog } from "../src/catalog/compile.js";
import { importOpenApi } from "../src/codegen/openapiImport.js";
import { mergeOpenApi } from "../src/codegen/openapiMerge.js";
import { median } from "./compare.js";

/** A schema of `n` described properties: the bulk of a real document. */
function schemaOf(name: string, n: number): Record<string, unknown> {
  const properties = Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `${name}Field${i}`,
      {
        type: i % 3 === 0 ? "integer" : "string",
        description: `The ${name} field number ${i}, described at the length real documents describe their fields.`,
      },
    ]),
  );
  return { type: "object", properties, required: Object.keys(properties).slice(0, 3) };
}

const PROBLEM = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };

function generated(): string {
  const paths: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < 465; i++) {
    const method = ["get", "post", "put", "delete", "patch"][i % 5] as string;
    const path = `/resources${Math.floor(i / 5)}/{id}/action${i % 5}`;
    const item = paths[path] ?? {};
    paths[path] = item;
    item[method] = {
      operationId: `operation${i}`,
      summary: `Operation ${i}`,
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      ...(method === "get" || method === "delete"
        ? {}
        : { requestBody: { content: { "application/json": { schema: schemaOf(`Req${i}`, 12) } } } }),
      responses: {
        "200": { description: "OK", content: { "application/json": { schema: schemaOf(`Res${i}`, 13) } } },
        "400": { $ref: "#/components/responses/BadRequest" },
        "404": { $ref: "#/components/responses/NotFound" },
        "429": { $ref: "#/components/responses/TooManyRequests" },
        ...(i % 3 === 0 ? { "409": { description: `Conflict of operation ${i}`, content: PROBLEM } } : {}),
      },
    };
  }
  const response = (description: string) => ({ description, content: PROBLEM });
  const components = {
    schemas: {
      Problem: {
        type: "object",
        properties: {
          type: { type: "string" },
          title: { type: "string" },
          status: { type: "integer" },
          detail: { type: "string" },
        },
      },
    },
    responses: {
      BadRequest: response("Bad request"),
      NotFound: response("Not found"),
      TooManyRequests: response("Too many requests"),
    },
  };
  return JSON.stringify(
    { openapi: "3.1.0", info: { title: "Generated", version: "1.0.0" }, paths, components },
    null,
    2,
  );
}

function time(run: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** One document imported, then its errors merged back; a table row. */
function measure(label: string, text: string): string {
  const imported = importOpenApi(text);
  const { catalog } = compileCatalog(parse(imported.text) as never);
  if (!catalog) throw new Error(`the catalog imported from ${label} did not compile`);
  const importMs = time(() => importOpenApi(text));
  const mergeMs = time(() => mergeOpenApi(catalog, text, label));
  const operations = Object.keys(imported.catalog.operations as object).length;
  const met = importMs < 3000 && mergeMs < 3000 ? "met" : "MISSED";
  return `| ${label} | ${operations} | ${(text.length / 1e6).toFixed(1)} | ${importMs.toFixed(0)} | ${mergeMs.toFixed(0)} | ${met} |`;
}

const fixture = (file: string) =>
  gunzipSync(readFileSync(join(import.meta.dirname, "..", "test", "fixtures", "openapi", file))).toString("utf8");

export async function run(): Promise<void> {
  const own = process.env.ERRATA_BENCH_OPENAPI;
  const documents: [string, () => string][] = own
    ? [[own, () => readFileSync(own, "utf8")]]
    : [
        ["generated.json", generated],
        ["stripe-spec3.json", () => fixture("stripe-spec3.json.gz")],
        ["datadog-v2.yaml", () => fixture("datadog-v2.yaml.gz")],
      ];
  console.log("\n## openapi: import and merge (median of 3; goal: each under 3,000 ms)\n");
  console.log("| document | operations | MB | import ms | merge ms | goal |\n|---|---:|---:|---:|---:|---|");
  for (const [label, text] of documents) console.log(measure(label, text()));
}
