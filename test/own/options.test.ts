/** Options objects (the client's, the guards', the error handlers') refuse keys they do not know, at compile time and at run time, with a did-you-mean. */
import assert from "node:assert/strict";
import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { test } from "node:test";
import { createClient } from "../../src/client/index.js";
import { idempotency, rateLimit, replayGuard } from "../../src/guard/index.js";
import { isErrataError } from "../../src/runtime/ErrataError.js";
import {
  errataFastify,
  errataTool,
  expressErrorHandler,
  expressNotFound,
  honoErrorHandler,
  honoMiddleware,
  honoNotFound,
  sendError,
  toResponse,
} from "../../src/server/index.js";
import { loadBundled } from "../helpers.js";

const refused = (message: RegExp) => (e: unknown) =>
  isErrataError(e) && e.name === "OPTION_UNKNOWN" && message.test(e.message);

test("createClient: a misspelt option is refused with the one meant", () => {
  assert.throws(
    // @ts-expect-error: catalogs, not catalog
    () => createClient({ catalog: [] }),
    refused(/^createClient has no option catalog \(did you mean catalogs\?\)$/),
  );
  const options: Record<string, unknown> = { baseUrl: "http://x", timout: 5 };
  assert.throws(() => createClient(options), refused(/timout \(did you mean timeout\?\)/));
  assert.throws(() => createClient({ zzzzzzzz: 1 } as never), refused(/option zzzzzzzz$/));
  assert.doesNotThrow(() => createClient({ baseUrl: "http://x", maxBodyBytes: 1, timeout: false }));
});

test("the guards: a misspelt option is refused", () => {
  assert.throws(
    // @ts-expect-error: sessionCookie, not sessionCookies
    () => idempotency({ sessionCookies: "sid" }),
    refused(/idempotency has no option sessionCookies \(did you mean sessionCookie\?\)/),
  );
  // @ts-expect-error: windowMs, not window
  assert.throws(() => rateLimit({ limit: 1, window: 1000 }), refused(/rateLimit has no option window/));
  // @ts-expect-error: nonceHeader, not nonce
  assert.throws(() => replayGuard({ nonce: "X-N" }), refused(/replayGuard has no option nonce/));
  assert.doesNotThrow(() =>
    rateLimit({ policies: [{ name: "a", limit: 1, windowMs: 1 }], protective: true, onStoreError: "closed" }),
  );
});

test("the error handlers: a misspelt option is refused, and Fastify's register options pass", () => {
  const catalog = loadBundled("gitclaw");
  const makers: [string, (options: never) => unknown][] = [
    ["expressErrorHandler", expressErrorHandler],
    ["expressNotFound", expressNotFound],
    ["honoErrorHandler", honoErrorHandler],
    ["honoNotFound", honoNotFound],
    ["honoMiddleware", honoMiddleware],
    ["toResponse", (options) => toResponse(new Error("x"), options)],
    ["errataTool", (options) => errataTool(() => "ok", options)],
  ];
  for (const [where, make] of makers) {
    assert.throws(
      () => make({ catalog, fromat: "problem" } as never),
      refused(new RegExp(`^${where} has no option fromat \\(did you mean format\\?\\)$`)),
      where,
    );
    assert.doesNotThrow(() => make({ catalog, format: "problem", upstream: "pass" } as never), where);
  }
  // @ts-expect-error: catalog, not catalogue
  assert.throws(() => expressErrorHandler({ catalogue: catalog }), refused(/did you mean catalog\?/));
  const res = new ServerResponse(new IncomingMessage(new Socket()));
  assert.throws(
    () => sendError(res, new Error("x"), undefined, { hint: false } as never),
    refused(/sendError has no option hint \(did you mean hints\?\)/),
  );
  const instance = { setErrorHandler() {}, setNotFoundHandler() {}, decorateReply() {}, hasReplyDecorator: () => true };
  assert.throws(
    () => errataFastify(instance, { catalog, loger: console } as never, () => {}),
    refused(/errataFastify has no option loger \(did you mean logger\?\)/),
  );
  assert.doesNotThrow(() => errataFastify(instance, { catalog, prefix: "/v1" } as never, () => {}));
});
