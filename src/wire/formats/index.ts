/** Every wire format, by name. */
import type { WireFormat } from "../../catalog/model.js";
import type { Format } from "../types.js";
import { binary } from "./binary.js";
import { envelope } from "./envelope.js";
import { flat } from "./flat.js";
import { google } from "./google.js";
import { jsonapi } from "./jsonapi.js";
import { jsonrpc } from "./jsonrpc.js";
import { problem } from "./problem.js";

export const FORMATS: Readonly<Record<WireFormat, Format>> = {
  problem,
  jsonapi,
  google,
  envelope,
  flat,
  jsonrpc,
  binary,
};
