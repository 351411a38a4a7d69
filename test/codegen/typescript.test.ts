/**
 * The generated TypeScript of every bundled catalog compiles under tsc --strict, and
 * misuse fails to compile; Aragora's own TypeScript example compiles and runs against
 * it (`error instanceof AragoraError`).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { typescriptModule } from "../../src/codegen/typescript.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { BUNDLED, loadBundled, REPO } from "../helpers.js";

test("tsc --strict accepts the modules and the uses below, @ts-expect-error lines included", async () => {
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
  // A converted catalog: its extension fields typed by its `extensions` declaration.
  const shop = join(dir, "shop.ts");
  writeFileSync(
    shop,
    typescriptModule(join(REPO, "test", "fixtures", "shop.yaml"), { importFrom: "../../../src/index.js" }),
  );
  files.push(shop);
  files.push(join(dir, "aragora-seed.ts"));
  const use = join(dir, "use.ts");
  writeFileSync(
    use,
    `import { errors, isError, type ErrorCode, type ErrorName, type RateLimitedDetails } from "./gitclaw.js";
import { errors as stt, type ErrorCode as SttCode } from "./stt.js";
import { catalog as gitclawModel, gitclaw } from "./gitclaw.js";
const sameModel: typeof gitclaw = gitclawModel;
const modelName: string = gitclawModel.catalog.name;
void [sameModel, modelName];
import { errors as tracemem, type Locale, LOCALES, localeOf } from "./tracemem.js";
const french: Locale = "fr";
// @ts-expect-error: tracemem declares en and fr, not de
const german: Locale = "de";
const declaredLocales: readonly ["en", "fr"] = LOCALES;
const canadian = tracemem.POLICY_NOT_FOUND({ policy: "p" }, { locale: "fr-CA" });
// @ts-expect-error: an error cannot be raised for a language the catalog does not declare
tracemem.POLICY_NOT_FOUND({ policy: "p" }, { locale: "de" });
const negotiated: Locale = localeOf("fr-BE");
void [french, german, declaredLocales, canadian, negotiated];
import { META, type Extensions } from "./shop.js";
const classification: "actionable" | "unexpected" | "unsupported" = META.CART_EMPTY.classification;
const tags: readonly string[] = META.CART_EMPTY.tags;
const declared: Extensions = { classification: "unsupported", level: "warn" };
// @ts-expect-error: not a declared classification
const undeclared: Extensions = { classification: "fatal" };
// @ts-expect-error: TEAPOT has no owner
void META.TEAPOT.owner;
void [classification, tags, declared, undeclared];
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
import { createClient, operationClient } from "../../../src/client/index.js";
import { type OperationError, OPERATIONS, isOperationError } from "./gitclaw.js";
import { OPERATIONS as TOOLS } from "./tracemem.js";
const ops = operationClient(createClient({ catalogs: [gitclawModel] }), OPERATIONS);
void ops.call("starRepo", { params: { repoId: "r" }, body: { reason: "useful" } });
void ops.call("mergePullRequest", { params: { repoId: "r", prId: 7 } });
// @ts-expect-error: starRepo needs its repoId
void ops.call("starRepo", { params: {} });
// @ts-expect-error: prId is a parameter of mergePullRequest, not of starRepo
void ops.call("starRepo", { params: { repoId: "r", prId: 1 } });
// @ts-expect-error: no such operation
void ops.call("starRepos", { params: { repoId: "r" } });
// @ts-expect-error: an MCP tool is not called over HTTP
void operationClient(createClient(), TOOLS).call("decision_get");
export function onStarFailure(e: unknown): string {
  if (!isOperationError("starRepo", e)) return "not starRepo's";
  const retryIn: number | undefined = e.retryAfter;
  switch (e.name) {
    case "DUPLICATE_STAR":
      return \`already starred \${e.details.repoId}\`;
    case "REPO_NOT_FOUND":
      return "no such repository";
    // @ts-expect-error: MERGE_CONFLICTS is not an error starRepo may return
    case "MERGE_CONFLICTS":
      return "never";
    default:
      return \`\${e.code} \${retryIn}\`;
  }
}
const merged: OperationError<"mergePullRequest">["name"] = "MERGE_BLOCKED";
// @ts-expect-error: DUPLICATE_STAR is not an error of mergePullRequest
const notMerged: OperationError<"mergePullRequest">["name"] = "DUPLICATE_STAR";
void [merged, notMerged];
`,
  );
  // Aragora's own TypeScript example (its error-handling guide), verbatim inside a function, against the
  // generated module: \`error.code\` is a literal, so the switch narrows, and RATE_LIMITED (whose catalog gives a
  // 60 s delay) always has a retryAfter.
  writeFileSync(
    join(dir, "aragora-seed.ts"),
    `import { AragoraError, errors } from "./aragora.js";
import { GitClawError } from "./gitclaw.js";
const showUpgradePrompt = () => {};
const delay = async (_ms: number) => {};
const retry = async () => "retried";
const showValidationErrors = (_details: unknown) => {};
const logError = (_e: unknown) => {};
const showGenericError = () => {};
export async function handle(error: unknown): Promise<string | undefined> {
  if (error instanceof AragoraError) {
    switch (error.code) {
      case 'QUOTA_EXCEEDED':
        showUpgradePrompt();
        break;
      case 'RATE_LIMITED':
        await delay(error.retryAfter * 1000);
        return retry();
      case 'VALIDATION_ERROR':
        showValidationErrors(error.details);
        break;
      default:
        logError(error);
        showGenericError();
    }
  }
  return undefined;
}
export const checks = [errors.RATE_LIMITED({}) instanceof AragoraError, errors.RATE_LIMITED({}) instanceof GitClawError];
const code: "RATE_LIMITED" = errors.RATE_LIMITED({}).code;
const wait: number = errors.RATE_LIMITED({}).retryAfter;
// @ts-expect-error: QUOTA_EXCEEDED gives no delay, so its retryAfter may be absent
const none: number = errors.QUOTA_EXCEEDED({}).retryAfter;
// @ts-expect-error: a code is the error's own
const other: "QUOTA_EXCEEDED" = errors.RATE_LIMITED({}).code;
void [code, wait, none, other];
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
  // And the seed's example runs: instanceof AragoraError holds for Aragora's errors only.
  const seed = (await import(pathToFileURL(join(dir, "aragora-seed.ts")).href)) as {
    checks: boolean[];
    handle: (e: unknown) => Promise<string | undefined>;
  };
  assert.deepEqual(seed.checks, [true, false]);
  const aragora = createErrors(loadBundled("aragora"));
  assert.equal(await seed.handle(aragora.RATE_LIMITED?.({}, { retryAfter: 0 })), "retried");
  assert.equal(aragora.RATE_LIMITED?.({}).retryAfter, 60);
  assert.equal(await seed.handle(new Error("other")), undefined);
  // And an operation's guard holds for its errors only, decoded ones included.
  const generated = (await import(pathToFileURL(join(dir, "gitclaw.ts")).href)) as {
    isOperationError: (operation: string, value: unknown) => boolean;
  };
  const g = createErrors(loadBundled("gitclaw"));
  assert.equal(generated.isOperationError("starRepo", g.DUPLICATE_STAR?.({ repoId: "r" })), true);
  assert.equal(generated.isOperationError("starRepo", g.RATE_LIMITED?.({ action: "star" })), true);
  assert.equal(generated.isOperationError("starRepo", g.MERGE_CONFLICTS?.({})), false);
  assert.equal(generated.isOperationError("starRepo", new Error("DUPLICATE_STAR")), false);
});

test("the generated module carries the overlay's translations and finds the locale a tag falls back to", async () => {
  const dir = join(REPO, "test-output", "codegen", "ts-locales");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "tracemem.ts");
  writeFileSync(
    file,
    typescriptModule(join(REPO, "examples", "catalogs", "tracemem.yaml"), { importFrom: "../../../src/index.js" }),
  );
  const mod = (await import(pathToFileURL(file).href)) as {
    errors: Record<string, (d: object, o: object) => { localized?: { locale: string; message: string } }>;
    localeOf: (tag: string) => string;
  };
  assert.deepEqual(["fr-CA", "fr", "FR-be", "de", "en-GB", "not a tag!"].map(mod.localeOf), [
    "fr",
    "fr",
    "fr",
    "en",
    "en",
    "en",
  ]);
  assert.deepEqual(mod.errors.POLICY_NOT_FOUND?.({ policy: "discount_cap_v1" }, { locale: "fr-CA" }).localized, {
    locale: "fr",
    message: "Politique 'discount_cap_v1' introuvable",
  });
});
