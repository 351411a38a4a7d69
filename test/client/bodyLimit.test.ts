/** json() on a 2xx reads at most maxBodyBytes (default 64 MiB), then stops downloading and fails with a typed error. */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { createClient } from "../../src/client/index.js";
import { isErrataError } from "../../src/runtime/ErrataError.js";

let server: Server;
let base = "";
let sent = 0;
before(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    if (req.url === "/small") return res.end('{"ok":true}');
    // An endless JSON array, in 64 KiB chunks, until the client stops reading (bounded: 1 GiB).
    const chunk = Buffer.from(`${"1,".repeat(32 * 1024)}`);
    res.write("[");
    const pump = () => {
      while (sent < 1024 ** 3) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      res.end("1]");
    };
    res.on("close", () => res.destroy());
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

test("a success body over the limit is RESPONSE_TOO_LARGE, and the rest is not downloaded", async () => {
  const api = createClient({ baseUrl: base, maxBodyBytes: 1024 * 1024, retry: false });
  assert.deepEqual(await api.json("/small"), { ok: true });
  await assert.rejects(api.json("/huge"), (e: unknown) => {
    assert.ok(isErrataError(e));
    assert.equal(e.name, "RESPONSE_TOO_LARGE");
    assert.equal(e.retryable, false);
    assert.deepEqual(e.details, { method: "GET", url: `${base}/huge`, status: 200, limit: 1024 * 1024 });
    return true;
  });
  assert.ok(sent < 64 * 1024 * 1024, `the server wrote ${sent} bytes before the client stopped reading`);
});

test("the default limit is 64 MiB", async () => {
  sent = 0;
  const api = createClient({ baseUrl: base, retry: false });
  await assert.rejects(api.json("/huge"), (e: unknown) => isErrataError(e) && e.details.limit === 64 * 1024 * 1024);
});
