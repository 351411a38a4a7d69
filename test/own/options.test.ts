/** Options objects refuse keys they do not know, at compile time and at run time, with a did-you-mean. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createClient } from "../../src/client/index.js";
import { idempotency, rateLimit, replayGuard } from "../../src/guard/index.js";
import { isErrataError } from "../../src/runtime/ErrataError.js";

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
