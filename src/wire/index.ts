/**
 * errata/wire: every errata error in the format an API promised, and back.
 * Formats: problem (RFC 9457), jsonapi, google (AIP-193), envelope, flat,
 * jsonrpc (with MCP tool results) and binary.
 */

export { grpcForStatus, statusForGrpc } from "../catalog/grpc.js";
export { DEFAULT_MAX_BYTES, decode, encode } from "./codec.js";
export { parseRetryAfter } from "./common.js";
export { detectFormat } from "./detect.js";
export { decodeFrame, encodeFrame } from "./formats/binary.js";
export { type WebhookEvent, webhookEvent } from "./formats/flat.js";
export { FORMATS } from "./formats/index.js";
export { JSONRPC_RESERVED, jsonrpcCode, toolResult } from "./formats/jsonrpc.js";
export { matchTemplate } from "./resolve.js";
export type {
  DecodeOptions,
  DecodeResult,
  Encoded,
  EncodeOptions,
  Format,
  RateLimitState,
  WireFields,
  WireFormat,
} from "./types.js";
