/**
 * The published package from CommonJS: `require("errata")` and
 * `require("errata/client")` load the CommonJS copy (dist/cjs), `import()` the ESM
 * one, and an error made by either copy is an instance of the other's classes.
 * Builds the package first (tsc, then scripts/build-cjs.ts), as `npm run build` does.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { REPO } from "../helpers.js";

const CONSUMER = `
const errata = require("errata");
const client = require("errata/client");
const wire = require("errata/wire");
const spec = { name: "shop", version: "1.0.0", errors: { LIMITED: { category: "rate_limit", message: "Slow down" } } };
(async () => {
  const esm = await import("errata");
  const fromCjs = errata.defineCatalog(spec).errors.LIMITED();
  const fromEsm = esm.defineCatalog(spec).errors.LIMITED();
  console.log(JSON.stringify({
    twoCopies: errata.ErrataError !== esm.ErrataError,
    cjsFile: require.resolve("errata").includes("/dist/cjs/"),
    createClient: typeof client.createClient,
    decode: typeof wire.decode,
    cjsInstanceOfEsm: fromCjs instanceof esm.ErrataError && fromCjs instanceof esm.RateLimitedError,
    esmInstanceOfCjs: fromEsm instanceof errata.ErrataError && fromEsm instanceof errata.RateLimitedError,
    notOtherKind: !(fromCjs instanceof esm.NotFoundError),
    isErrataError: esm.isErrataError(fromCjs) && errata.isErrataError(fromEsm),
  }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

test("require('errata') and require('errata/client') work, and instanceof holds across the CJS and ESM copies", () => {
  rmSync(join(REPO, "dist"), { recursive: true, force: true });
  execFileSync("npm", ["run", "build", "--silent"], { cwd: REPO, stdio: "pipe" });
  // The package ships dist/ without src/: a source map would point at files that are not there.
  const files = readdirSync(join(REPO, "dist"), { recursive: true }).map(String);
  assert.deepEqual(
    files.filter((f) => f.endsWith(".map")),
    [],
  );
  assert.doesNotMatch(readFileSync(join(REPO, "dist", "index.js"), "utf8"), /sourceMappingURL/);
  const dir = join(REPO, "test-output", "cjs-consumer");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  symlinkSync(REPO, join(dir, "node_modules", "errata"), "dir");
  writeFileSync(join(dir, "consumer.cjs"), CONSUMER);
  // No require(esm): the CommonJS copy must stand on its own, as on Node before 20.19.
  const out = execFileSync(process.execPath, ["--no-experimental-require-module", "consumer.cjs"], {
    cwd: dir,
    encoding: "utf8",
  });
  assert.deepEqual(JSON.parse(out), {
    twoCopies: true,
    cjsFile: true,
    createClient: "function",
    decode: "function",
    cjsInstanceOfEsm: true,
    esmInstanceOfCjs: true,
    notOtherKind: true,
    isErrataError: true,
  });
});
