/**
 * The generated code is the SDK each seed shows: the bundled catalogs declare their
 * SDKs' names (`sdk:`), so `errata codegen` gives GitClaw's `gitclaw.exceptions`
 * (GitClawError, RateLimitedError, NetworkError, ServerError, …), STT's STTError and
 * ConnectionTimeoutError, Aragora's AragoraError, RateLimitError and `e.trace_id`.
 * The seeds' own Python examples run unchanged against the generated modules, with a
 * stub client that fails the way the API does (its bodies encoded by errata).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pythonModule } from "../../src/codegen/python.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import type { ErrataError } from "../../src/runtime/ErrataError.js";
import { encode } from "../../src/wire/index.js";
import { loadBundled, REPO, tempFiles } from "../helpers.js";

const SEEDS = join(REPO, "..", "shared", "seeds");
const required = process.env.CI === "true" || process.env.ERRATA_REQUIRE_SEEDS === "1";
const skip =
  existsSync(SEEDS) || required
    ? false
    : `seeds not found at ${SEEDS} (they sit beside the repository in CI; set CI=true to require them)`;

/** The seeds' fenced Python block that contains \`marker\`, verbatim. */
function block(marker: string): string {
  const blocks = readdirSync(SEEDS).flatMap((file) =>
    [...readFileSync(join(SEEDS, file), "utf8").matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1] as string),
  );
  const found = blocks.find((b) => b.includes(marker));
  assert.ok(found, `a seed has a Python block with ${marker}`);
  return found;
}

function wire(error: ErrataError) {
  const e = encode(error, error.definition?.catalog === "aragora" ? "flat" : "envelope", { requestId: "req-9" });
  return { status: e.status, headers: e.headers, body: e.body as string };
}

function run(dir: string, script: string, input: unknown): string {
  writeFileSync(join(dir, "run.py"), script);
  const r = spawnSync("python3", ["-I", join(dir, "run.py"), dir], { input: JSON.stringify(input), encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test("GitClaw: the SDK's names, and its two Python examples, run against the generated gitclaw.exceptions", {
  skip,
}, () => {
  const catalog = loadBundled("gitclaw");
  const t = createErrors(catalog);
  const dir = tempFiles({});
  mkdirSync(join(dir, "gitclaw"));
  writeFileSync(join(dir, "gitclaw", "__init__.py"), "");
  writeFileSync(join(dir, "gitclaw", "exceptions.py"), pythonModule(catalog));
  const stdout = run(
    dir,
    `import json, sys, time, types
sys.path.insert(0, sys.argv[1])
time.sleep = lambda seconds: None
from gitclaw import exceptions as m
from gitclaw.exceptions import *
bodies = json.load(sys.stdin)
for name in ["GitClawError", "AuthenticationError", "AuthorizationError", "NotFoundError", "ConflictError",
             "RateLimitedError", "ValidationError", "NetworkError", "ServerError"]:
    assert issubclass(getattr(m, name), m.GitClawError), name
def failing(key):
    b = bodies[key]
    raise m.from_response(b["status"], b["headers"], b["body"])
class Stars:
    def star(self, repo_id):
        failing("limited")
client = types.SimpleNamespace(stars=Stars())
exec(${JSON.stringify(block("from gitclaw.exceptions import"))})
exec(${JSON.stringify(block("def retry_with_backoff"))})
calls = []
def operation():
    calls.append(1)
    if len(calls) == 1: failing("server")
    if len(calls) == 2: raise NetworkError("CONNECTION_REFUSED", "connection refused")
    if len(calls) == 3: failing("limited")
    return "starred"
print(retry_with_backoff(operation), len(calls))
`,
    {
      limited: wire(
        t.RATE_LIMITED?.(
          { action: "star", limit: 100, window: "1h", retryAfter: 60 },
          { retryAfter: 60 },
        ) as ErrataError,
      ),
      server: wire(t.INTERNAL_ERROR?.({}) as ErrataError),
    },
  );
  assert.equal(stdout, "Rate limited. Retry after 60.0 seconds\nstarred 4\n");
});

test("Aragora: AragoraError, RateLimitError, ServerError and e.trace_id; its two Python examples run", { skip }, () => {
  const catalog = loadBundled("aragora");
  const t = createErrors(catalog);
  const dir = tempFiles({ "aragora_errors.py": pythonModule(catalog) });
  const stdout = run(
    dir,
    `import json, sys, time, types
sys.path.insert(0, sys.argv[1])
time.sleep = lambda seconds: None
from aragora_errors import *
import aragora_errors as m
bodies = json.load(sys.stdin)
assert issubclass(RateLimitError, AragoraError) and issubclass(ServerError, AragoraError)
def failing(key):
    b = bodies[key]
    raise m.from_response(b["status"], b["headers"], b["body"])
exec(${JSON.stringify(block("def request_with_retry"))})
calls = []
def func():
    calls.append(1)
    if len(calls) == 1: failing("limited")
    if len(calls) == 2: failing("server")
    return "created"
print(request_with_retry(func), len(calls))
logged = []
logger = types.SimpleNamespace(error=lambda event, /, **fields: logged.append((event, fields)))
class Debates:
    def create(self, *args, **kwargs):
        failing("limited")
client = types.SimpleNamespace(debates=Debates())
try:
    exec(${JSON.stringify(block("trace_id=e.trace_id"))})
except AragoraError:
    pass
print(logged[0][0], logged[0][1]["code"], logged[0][1]["trace_id"])
`,
    {
      limited: wire(t.RATE_LIMITED?.({}, { retryAfter: 2 }) as ErrataError),
      server: wire(t.INTERNAL_ERROR?.({}) as ErrataError),
    },
  );
  assert.equal(stdout, "created 3\nAPI Error RATE_LIMITED req-9\n");
});

test("STT: STTError, and a class per error that subclasses its kind's (ConnectionTimeoutError)", () => {
  const catalog = loadBundled("stt");
  const dir = tempFiles({ "stt_errors.py": pythonModule(catalog) });
  const stdout = run(
    dir,
    `import sys
sys.path.insert(0, sys.argv[1])
import builtins
import stt_errors as m
assert issubclass(m.ConnectionTimeoutError, m.STTError)
assert issubclass(m.ConnectionTimeoutError, m.error_class("CONNECTION_TIMEOUT").__mro__[1])
assert m.error_class("CONNECTION_TIMEOUT") is m.ConnectionTimeoutError
# A per-error name that is a Python built-in is not taken: the built-in stays what it is.
assert getattr(m, "ConnectionRefusedError", None) in (None, builtins.ConnectionRefusedError)
print(m.error_class("CONNECTION_TIMEOUT").__name__, m.error_class("CONNECTION_TIMEOUT").__mro__[1].__name__)
`,
    {},
  );
  assert.match(stdout, /^ConnectionTimeoutError \w+\n$/);
});
