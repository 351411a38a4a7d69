/**
 * HAR 1.2 files, as browsers and proxies export them, read as a stream: each of
 * `log.entries` is parsed on its own by @streamparser/json and dropped once checked,
 * so a file of any size is read in bounded memory. An entry larger than the limit,
 * or a file that is not JSON, is TRAFFIC_UNREADABLE.
 */
import { JSONParser } from "@streamparser/json";
import { ownErrors } from "../own/catalog.js";
import { type Exchange, headerRecord, objectAt, stringAt } from "./exchange.js";

/** The most bytes one entry may take (its response body included). */
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

/** A response body's text: HAR keeps binary bodies base64-encoded. */
function bodyOf(content: Record<string, unknown> | undefined): string | undefined {
  const text = stringAt(content, "text");
  if (text === undefined) return undefined;
  return stringAt(content, "encoding") === "base64" ? Buffer.from(text, "base64").toString("utf8") : text;
}

/** One HAR entry as an exchange; undefined for an entry without a numeric response status. */
export function entryExchange(entry: unknown, file: string, index: number): Exchange | undefined {
  const request = objectAt(entry, "request");
  const response = objectAt(entry, "response");
  const status = response?.status;
  if (typeof status !== "number" || !Number.isInteger(status)) return undefined;
  const postData = objectAt(request, "postData");
  const body = bodyOf(objectAt(response, "content"));
  const requestBody = stringAt(postData, "text");
  return {
    method: (stringAt(request, "method") ?? "").toUpperCase(),
    url: stringAt(request, "url") ?? "",
    status,
    headers: headerRecord(response?.headers),
    requestHeaders: headerRecord(request?.headers),
    ...(body !== undefined ? { body } : {}),
    ...(requestBody !== undefined ? { requestBody } : {}),
    place: { file, path: ["log", "entries", index] },
  };
}

/** The exchanges of a HAR file's entries, in order, from its bytes. */
export async function* harExchanges(chunks: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<Exchange> {
  const parser = new JSONParser({ paths: ["$.log.version", "$.log.entries.*"], keepStack: false });
  const ready: Exchange[] = [];
  let index = 0;
  let pending = 0;
  let har = false;
  parser.onValue = ({ value, key }) => {
    if (key === "version" && typeof value === "string") {
      har = true;
      return;
    }
    const exchange = entryExchange(value, file, index++);
    pending = 0;
    if (exchange) ready.push(exchange);
  };
  const fail = (reason: string) => ownErrors.TRAFFIC_UNREADABLE({ file, reason });
  for await (const chunk of chunks) {
    pending += chunk.byteLength;
    if (pending > MAX_ENTRY_BYTES) throw fail(`entry ${index} is larger than ${MAX_ENTRY_BYTES} bytes`);
    try {
      parser.write(chunk);
    } catch (error) {
      throw fail(`not a HAR file: ${error instanceof Error ? error.message.slice(0, 200) : "bad JSON"}`);
    }
    yield* ready.splice(0);
  }
  if (!parser.isEnded) {
    try {
      parser.end();
    } catch {
      throw fail("the file ends before its JSON does");
    }
  }
  yield* ready.splice(0);
  if (!har) throw fail("no log.version: not a HAR file");
}
