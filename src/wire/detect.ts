/** Detect a body's wire format from its content type, then from its shape. */
import type { WireFormat } from "../catalog/model.js";
import { FORMATS } from "./formats/index.js";

const BY_CONTENT_TYPE: Readonly<Record<string, WireFormat>> = {
  "application/problem+json": "problem",
  "application/vnd.api+json": "jsonapi",
  "application/vnd.errata.frame": "binary",
};

/** Shapes are tried in this order: the most specific first. */
const SHAPE_ORDER: readonly WireFormat[] = ["binary", "problem", "jsonapi", "google", "jsonrpc", "envelope", "flat"];

export function detectFormat(body: unknown, contentType?: string): WireFormat | undefined {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  const declared = mediaType ? BY_CONTENT_TYPE[mediaType] : undefined;
  if (declared && FORMATS[declared].matches(body)) return declared;
  for (const name of SHAPE_ORDER) if (FORMATS[name].matches(body)) return name;
  return undefined;
}
