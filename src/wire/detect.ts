/** Detect a body's wire format from its content type, then from its shape. */
import type { WireFormat } from "../catalog/model.js";
import { binary } from "./formats/binary.js";
import { envelope } from "./formats/envelope.js";
import { flat } from "./formats/flat.js";
import { google } from "./formats/google.js";
import { FORMATS } from "./formats/index.js";
import { jsonapi } from "./formats/jsonapi.js";
import { jsonrpc } from "./formats/jsonrpc.js";
import { problem } from "./formats/problem.js";

const BY_CONTENT_TYPE: Readonly<Record<string, WireFormat>> = {
  "application/problem+json": "problem",
  "application/vnd.api+json": "jsonapi",
  "application/vnd.errata.frame": "binary",
};

/**
 * Shapes are tried most specific first. Each test has its own call site, so V8
 * can inline it; a loop over the formats made one call site see seven functions.
 */
function byShape(body: unknown): WireFormat | undefined {
  if (binary.matches(body)) return "binary";
  if (problem.matches(body)) return "problem";
  if (jsonapi.matches(body)) return "jsonapi";
  if (google.matches(body)) return "google";
  if (jsonrpc.matches(body)) return "jsonrpc";
  if (envelope.matches(body)) return "envelope";
  if (flat.matches(body)) return "flat";
  return undefined;
}

export function detectFormat(body: unknown, contentType?: string): WireFormat | undefined {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  const declared = mediaType ? BY_CONTENT_TYPE[mediaType] : undefined;
  if (declared && FORMATS[declared].matches(body)) return declared;
  return byShape(body);
}
