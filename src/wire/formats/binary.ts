/**
 * A compact, length-prefixed binary frame for protocols such as STT: the 16-bit
 * category+specific code, the sub-code, flags, status, retry delay, then the
 * strings; details made of JSON primitives travel as typed entries, others as JSON.
 * The layout is written down in docs/wire/binary.md; all integers are big-endian.
 * frame/ holds its numbers (bytes.ts), its writer (encode.ts) and its reader (decode.ts).
 */
import { errorHeaders, requestIdOf } from "../common.js";
import type { Format } from "../types.js";
import { MAGIC } from "./frame/bytes.js";
import { decodeFrame } from "./frame/decode.js";
import { encodeFrame } from "./frame/encode.js";

export { decodeFrame, encodeFrame };

const CONTENT_TYPE = "application/vnd.errata.frame";

export const binary: Format = {
  name: "binary",
  contentType: CONTENT_TYPE,
  encode(error, options) {
    const body = encodeFrame(error, requestIdOf(error, options), options.hints ?? true);
    // Over HTTP, a frame of an error without a status goes with the caller's mapping, else 500.
    const status = error.status ?? options.httpStatus ?? 500;
    return { format: "binary", status, headers: errorHeaders(error, options, CONTENT_TYPE), body };
  },
  decode(body) {
    return body instanceof Uint8Array ? decodeFrame(body) : "a binary frame is bytes";
  },
  matches: (body) => body instanceof Uint8Array && body.length >= 6 && body[4] === MAGIC[0] && body[5] === MAGIC[1],
};
