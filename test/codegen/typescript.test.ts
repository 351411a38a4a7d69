/** The generated TypeScript of every bundled catalog compiles under tsc --strict, and misuse fails to compile. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { typescriptModule } from "../../src/codegen/typescript.js";
import { BUNDLED, REPO } from "../helpers.js";

test("tsc --strict accepts the modules and the uses below, @ts-expect-error lines included", () => {
  const dir = join(REPO, "test-output", "codegen", "ts");
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const name of BUNDLED) {
    const file = join(dir, `${name}.ts`);
    writeFileSync(
      file,
      typescriptModule(join(REPO, "examples", "catalogs", `${name}.yaml`), { importFrom: "../../../src/index.js" }),
    );
    files.push(file);
  }
  const use = join(dir, "use.ts");
  writeFileSync(
    use,
    `import { errors, isError, type ErrorCode, type ErrorName, type RateLimitedDetails } from "./gitclaw.js";
import { errors as stt, type ErrorCode as SttCode } from "./stt.js";
const limited = errors.RATE_LIMITED({ action: "star", limit: 100, retryAfter: 60 });
const details: RateLimitedDetails = limited.details;
const name: ErrorName = "MERGE_BLOCKED";
const code: SttCode = "0x0405";
// @ts-expect-error: a missing message parameter
errors.RATE_LIMITED({ limit: 1 });
// @ts-expect-error: a details field of the wrong type
errors.RATE_LIMITED({ action: "star", limit: "one" });
// @ts-expect-error: no such error
errors.RATE_LIMITD({});
// @ts-expect-error: not a code of the catalog
const wrong: ErrorCode = "NOPE";
stt.HANDSHAKE_FAILURE({}, { subcode: "NONCE_REUSE" });
// @ts-expect-error: not a sub-code of HANDSHAKE_FAILURE
stt.HANDSHAKE_FAILURE({}, { subcode: "NONCE_REUSED" });
const value: unknown = limited;
if (isError(value, "MERGE_BLOCKED")) {
  const ci: string | undefined = value.details.ciStatus;
  void ci;
}
void [details, name, code, wrong];
`,
  );
  const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(
    process.execPath,
    [
      tsc,
      "--strict",
      "--noEmit",
      "--module",
      "nodenext",
      "--moduleResolution",
      "nodenext",
      "--target",
      "es2022",
      "--skipLibCheck",
      ...files,
      use,
    ],
    { encoding: "utf8", cwd: REPO },
  );
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
