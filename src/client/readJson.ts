/**
 * How `json()` reads a 2xx response: within `maxBodyBytes`, as JSON, and with what
 * the body says of an error (a JSON-RPC error) thrown. Each of those errors is
 * marked as answered: the call ran, so it is never retried.
 */

import { clientErrors } from "../own/client.js";
import { errorOf } from "../runtime/createErrors.js";
import type { ErrataError } from "../runtime/ErrataError.js";
import type { Reader } from "./attempt.js";
import { answeredError } from "./kinds.js";
import type { ClientSettings } from "./options.js";
import type { Prepared } from "./prepare.js";
import { errorInSuccess, readLimited } from "./responseError.js";

const decoder = new TextDecoder();

function notJson(res: Response, p: Prepared, text: string): ErrataError {
  const contentType = res.headers.get("content-type") ?? "";
  return errorOf(clientErrors.RESPONSE_NOT_JSON.definition, {
    message: `${p.method} ${p.url} answered ${res.status} with a body that is not JSON`,
    details: { method: p.method, url: p.url, status: res.status, contentType },
    status: res.status,
    raw: text.slice(0, 2048),
  });
}

/** The reader of a client's `json()`. */
export function jsonReader(settings: ClientSettings): Reader<unknown> {
  const limit = settings.maxBodyBytes;
  return async (res, p) => {
    const bytes = await readLimited(res, limit);
    if (bytes === undefined) {
      const details = { method: p.method, url: p.url, status: res.status, limit };
      throw answeredError(clientErrors.RESPONSE_TOO_LARGE(details, { stack: false }));
    }
    const text = decoder.decode(bytes);
    if (text.trim() === "") return undefined;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw answeredError(notJson(res, p, text));
    }
    const error = errorInSuccess(body, res, settings.catalogs);
    if (error) throw answeredError(error);
    return body;
  };
}
