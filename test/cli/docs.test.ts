/** `errata docs` and `errata serve` as a user runs them. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import { docsServer } from "../../src/cli/serve.js";
import { loadBundled, REPO, runCli, tempFiles } from "../helpers.js";

const catalogs = ["gitclaw", "stt"].map((n) => join(REPO, "examples", "catalogs", `${n}.yaml`));

test("errata docs writes a Markdown reference per catalog and the site, and says where to open it", () => {
  const out = join(tempFiles({}), "site");
  const r = runCli(["docs", ...catalogs, "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Wrote 2 Markdown reference\(s\) and a site of \d+ files/);
  assert.ok(r.stdout.includes(join(out, "index.html")));
  assert.match(readFileSync(join(out, "gitclaw.md"), "utf8"), /^# GitClaw Error Reference/);
  for (const file of ["index.html", "gitclaw/index.html", "gitclaw/replay-attack/index.html", "_errata/errata.js"]) {
    assert.ok(existsSync(join(out, file)), file);
  }
  const bad = runCli(["docs", "nope.yaml"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Catalog file not found: nope\.yaml/);
});

test("errata serve: the site and the JSON API on 127.0.0.1; unknown codes answer in problem+json", async () => {
  const child = spawn(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), join(REPO, "src", "cli", "main.ts"), "serve", ...catalogs, "--port", "0"],
    { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] },
  );
  try {
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("serve did not start")), 20_000);
      child.stdout.on("data", (chunk: Buffer) => {
        const m = /http:\/\/127\.0\.0\.1:\d+/.exec(chunk.toString());
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
    });
    const list = (await (await fetch(`${base}/api/errors`)).json()) as { name: string; catalog: string }[];
    assert.ok(list.some((e) => e.name === "REPLAY_ATTACK" && e.catalog === "gitclaw"));
    assert.ok(list.some((e) => e.name === "HANDSHAKE_FAILURE" && e.catalog === "stt"));
    const one = (await (await fetch(`${base}/api/errors/0x0405_01`)).json()) as { name: string; examples: unknown[] };
    assert.equal(one.name, "HANDSHAKE_FAILURE");
    assert.ok(one.examples.length > 0);
    const missing = await fetch(`${base}/api/errors/NOPE_ERROR`);
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get("content-type") ?? "", /application\/problem\+json/);
    assert.equal(((await missing.json()) as { code: string }).code, "UNKNOWN_ERROR");
    const page = await fetch(`${base}/gitclaw/replay-attack`, { redirect: "manual" });
    assert.deepEqual([page.status, page.headers.get("location")], [301, "/gitclaw/replay-attack/"]);
    const html = await fetch(`${base}/gitclaw/replay-attack/`);
    assert.match(await html.text(), /Nonce reused for different action/);
    assert.match(html.headers.get("content-security-policy") ?? "", /default-src 'none'/);
    assert.equal((await fetch(`${base}/`, { method: "POST" })).status, 405);
    assert.equal((await fetch(`${base}/%E0%A4%A`)).status, 400);
  } finally {
    child.kill();
  }
});

test("errata serve answers /api/errors in the caller's language, per catalog", async () => {
  const server = docsServer([loadBundled("tracemem"), loadBundled("gitclaw")]);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const french = { "accept-language": "fr-CA, fr;q=0.9, en;q=0.5" };
  try {
    const list = await fetch(`${base}/api/errors`, { headers: french });
    // TraceMem speaks French; GitClaw only English: both languages are named.
    assert.deepEqual([list.headers.get("content-language"), list.headers.get("vary")], ["fr, en", "Accept-Language"]);
    const entries = (await list.json()) as { name: string; catalog: string; title: string; locale: string }[];
    const pick = (catalog: string, name: string) => entries.find((e) => e.catalog === catalog && e.name === name);
    assert.deepEqual(
      [pick("tracemem", "POLICY_NOT_FOUND")?.title, pick("tracemem", "POLICY_NOT_FOUND")?.locale],
      ["Politique introuvable", "fr"],
    );
    assert.deepEqual([pick("gitclaw", "RATE_LIMITED")?.locale], ["en"]);
    const one = await fetch(`${base}/api/errors/INVALID_API_KEY`, { headers: french });
    const entry = (await one.json()) as {
      title: string;
      solutions: string[];
      message: string;
      untranslated?: string[];
    };
    assert.equal(one.headers.get("content-language"), "fr");
    assert.deepEqual(
      [entry.title, entry.message, entry.solutions[0], entry.untranslated],
      ["Clé d'API invalide", "Non autorisé", "Vérifiez que la clé d'API est correcte", undefined],
    );
    const english = (await (await fetch(`${base}/api/errors/INVALID_API_KEY`)).json()) as { title: string };
    assert.equal(english.title, "Invalid API Key");
    const german = await fetch(`${base}/api/errors/INVALID_API_KEY`, { headers: { "accept-language": "de" } });
    assert.equal(german.headers.get("content-language"), "en");
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test("errata serve answers only loopback Host names (no DNS rebinding), and the ones it is told", async () => {
  const { request } = await import("node:http");
  const server = docsServer([loadBundled("gitclaw")], ["docs.internal"]);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const get = (host: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path: "/api/errors", headers: { Host: host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
  try {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, "localhost", `[::1]:${port}`, "docs.internal"])
      assert.equal(await get(host), 200, host);
    for (const host of ["attacker.example", `attacker.example:${port}`, "127.0.0.1.nip.io", "localhost.evil"])
      assert.equal(await get(host), 421, host);
  } finally {
    server.close();
  }
});
