/**
 * HAR 1.2 files, as browsers and proxies export them, read as a stream: each of
 * `log.entries` is found by verify/harStream.ts, parsed on its own and dropped once
 * checked, so a file of any size is read in bounded memory. An entry larger than the limit,
 * or a file that is not JSON, is TRAFFIC_UNREADABLE.
 */
import { ownErrors } from "../own/catalog.js";
import { type Exchange, headerRecord, objectAt, stringAt } from "./exchange.js";
import { HarEntries, HarStreamError } from "./harStream.js";

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
export async function* harExchanges(chunks: AsyncIterable<Buffer>, file: string): AsyncGenerator<Exchange> {
  const entries = new HarEntries(MAX_ENTRY_BYTES);
  const fail = (error: unknown) =>
    error instanceof HarStreamError ? ownErrors.TRAFFIC_UNREADABLE({ file, reason: error.message }) : error;
  try {
    for await (const chunk of chunks) {
      for (const { index, value } of entries.write(chunk)) {
        const exchange = entryExchange(value, file, index);
        if (exchange) yield exchange;
      }
    }
    entries.end();
  } catch (error) {
    throw fail(error);
  }
}
