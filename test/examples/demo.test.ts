/** The demo API keeps working: each catalog in its own format, and nothing leaks. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { buildDemo } from "../../examples/server/main.js";
import { decode } from "../../src/wire/index.js";
import { loadBundled, REPO } from "../helpers.js";

test("the demo answers each catalog in its own format", async () => {
  const app = await buildDemo();
  try {
    const expectations = [
      ["/gitclaw/errors/RATE_LIMITED", "envelope", 429, "gitclaw"],
      ["/talos/errors/KEY_NOT_FOUND", "problem", 404, "talos"],
      ["/tracemem/errors/POLICY_NOT_FOUND", "jsonrpc", 200, "tracemem"],
      ["/aragora/errors/MISSING_FIELD", "flat", 400, "aragora"],
      ["/stt/errors/HANDSHAKE_FAILURE", "binary", 500, "stt"],
    ] as const;
    for (const [url, format, status, catalog] of expectations) {
      const res = await app.inject({ method: "GET", url });
      assert.equal(res.statusCode, status, url);
      const decoded = decode(res.rawPayload, {
        catalogs: [loadBundled(catalog)],
        status,
        contentType: String(res.headers["content-type"]),
      });
      assert.ok(decoded.ok, url);
      assert.equal(decoded.format, format, url);
      assert.equal(decoded.known, true, url);
    }
    const crash = await app.inject({ method: "GET", url: "/gitclaw/crash" });
    assert.equal(crash.statusCode, 500);
    assert.doesNotMatch(crash.body, /hunter2|ECONNREFUSED/);
    const invalid = await app.inject({ method: "POST", url: "/aragora/tasks", payload: { agents: 3 } });
    assert.equal(invalid.json().code, "VALIDATION_ERROR");
  } finally {
    await app.close();
  }
});

test("docs/server.md's real output of the demo: each status line and header is what the demo sends", async () => {
  const readme = readFileSync(join(REPO, "docs", "server.md"), "utf8");
  const block = /```text\n(\$ curl -i localhost:3000[\s\S]*?)```/.exec(readme)?.[1] ?? "";
  const shown = [
    ...block.matchAll(
      /\$ curl -i ((?:-H '[^']*' )*)localhost:3000(\S+)\nHTTP\/1\.1 (\d{3})[^\n]*\n((?:[\w-]+: [^\n]*\n)+)/g,
    ),
  ];
  assert.ok(shown.length >= 3, "docs/server.md shows the demo's responses");
  const app = await buildDemo();
  try {
    for (const [, sent, url, status, headers] of shown) {
      const res = await app.inject({ method: "GET", url: url as string, headers: requestHeaders(sent as string) });
      assert.equal(res.statusCode, Number(status), url);
      for (const [, name, value] of (headers as string).matchAll(/^([\w-]+): (.*)$/gm)) {
        const sent = res.headers[(name as string).toLowerCase()];
        if (name === "x-request-id") assert.match(String(sent), /^[0-9a-f-]{36}$/);
        else assert.equal(String(sent), value, `${url}: ${name}`);
      }
    }
  } finally {
    await app.close();
  }
});

/** The `-H 'Name: value'` options of a curl command, as request headers. */
function requestHeaders(command: string): Record<string, string> {
  return Object.fromEntries(
    [...command.matchAll(/-H '([\w-]+): ([^']*)'/g)].map(([, name, value]) => [
      (name as string).toLowerCase(),
      value as string,
    ]),
  );
}

/** The demo's bodies as docs/server.md shows them, with every UUID (request and trace ids) made one placeholder. */
const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const same = (text: string) => text.replace(UUIDS, "<uuid>");

/** The first `lines` lines of `xxd` of some bytes, as xxd prints them. */
function xxd(bytes: Uint8Array, lines: number): string {
  const out: string[] = [];
  for (let offset = 0; offset < lines * 16 && offset < bytes.length; offset += 16) {
    const row = [...bytes.subarray(offset, offset + 16)];
    const hex = row.map((b) => b.toString(16).padStart(2, "0"));
    const groups: string[] = [];
    for (let i = 0; i < hex.length; i += 2) groups.push(hex.slice(i, i + 2).join(""));
    const ascii = row.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    out.push(`${offset.toString(16).padStart(8, "0")}: ${groups.join(" ").padEnd(39)}  ${ascii}`);
  }
  return out.join("\n");
}

test("docs/server.md's real output of the demo: every body shown is what the demo sends", async () => {
  const readme = readFileSync(join(REPO, "docs", "server.md"), "utf8");
  const block = /```text\n(\$ curl -i localhost:3000[\s\S]*?)```/.exec(readme)?.[1] ?? "";
  const commands = block.split(/^(?=\$ )/m);
  assert.ok(commands.length >= 6, "docs/server.md shows the demo's responses");
  const app = await buildDemo();
  try {
    let checked = 0;
    for (const command of commands) {
      const first = command.split("\n")[0] as string;
      const url = /localhost:3000(\S+)/.exec(first)?.[1] as string;
      const body = /-d '([^']*)'/.exec(first)?.[1];
      const res = await app.inject({
        method: first.includes("-X POST") ? "POST" : "GET",
        url,
        ...(body ? { payload: body } : {}),
        headers: { ...requestHeaders(first), ...(body ? { "content-type": "application/json" } : {}) },
      });
      if (first.includes("| xxd | head -")) {
        const lines = Number(/head -(\d+)/.exec(first)?.[1]);
        const shown = command
          .split("\n")
          .slice(1, 1 + lines)
          .join("\n");
        assert.equal(same(xxd(res.rawPayload, lines)), same(shown), first);
      } else {
        const text = command.trimEnd().split("\n").at(-1) as string;
        assert.equal(same(res.body), same(text), first);
      }
      checked++;
    }
    assert.equal(checked, commands.length);
  } finally {
    await app.close();
  }
});

test("the demo serves the catalogs' operations, each failing with an error it declares", async () => {
  const app = await buildDemo();
  try {
    const calls = [
      ["POST", "/gitclaw/repos/starred/stars", 409, "DUPLICATE_STAR"],
      ["DELETE", "/gitclaw/repos/r1/stars", 404, "NO_EXISTING_STAR"],
      ["POST", "/gitclaw/repos/r1/branches/main/push", 409, "NON_FAST_FORWARD"],
      ["POST", "/gitclaw/repos/r1/pulls/7/merge", 409, "MERGE_BLOCKED"],
      ["POST", "/aragora/api/debates", 400, "MISSING_FIELD"],
    ] as const;
    for (const [method, url, status, code] of calls) {
      const res = await app.inject({ method, url, ...(method === "POST" ? { payload: {} } : {}) });
      assert.equal(res.statusCode, status, url);
      assert.match(res.body, new RegExp(`"${code}"`), url);
    }
    const starred = await app.inject({ method: "POST", url: "/gitclaw/repos/r1/stars", payload: {} });
    assert.equal(starred.statusCode, 201);
  } finally {
    await app.close();
  }
});
