/**
 * The generated code is the SDK each seed shows: the bundled catalogs declare their
 * SDKs' names (`sdk:`), so `errata codegen` gives GitClaw's `gitclaw.exceptions`
 * (GitClawError, RateLimitedError, NetworkError, ServerError, …), STT's STTError and
 * ConnectionTimeoutError, Aragora's AragoraError, RateLimitError and `e.trace_id`,
 * Talos's TalosError and RateLimitError. (Talos's other snippets call its client's
 * own methods, not its errors.)
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
  assert.equal(stdout, "Rate limited. Retry after 60 seconds\nstarred 4\n");
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

/** The seeds' plain-text Python example that starts with \`marker\`, up to its first blank line. */
function textBlock(marker: string): string {
  for (const file of readdirSync(SEEDS)) {
    const text = readFileSync(join(SEEDS, file), "utf8");
    const at = text.indexOf(marker);
    if (at >= 0) return text.slice(at, text.indexOf("\n\n", at));
  }
  assert.fail(`no seed has ${marker}`);
}

test("STT: STTError and a class per error; its four Python examples run, code formatted as a number", { skip }, () => {
  const catalog = loadBundled("stt");
  const t = createErrors(catalog);
  const frame = (error: ErrataError | undefined) => {
    const e = encode(error as ErrataError, "binary", { requestId: "req-5" });
    return { status: e.status, headers: e.headers, body: Buffer.from(e.body as Uint8Array).toString("base64") };
  };
  const examples = [
    textBlock("try:\n    session = await node.connect(peer_addr, peer_id, timeout=10.0)"),
    textBlock("async def retry_on_timeout"),
    textBlock("try:\n    session = await node.connect(peer_addr, peer_id, transport='udp')"),
    textBlock("try:\n    session = await node.connect(peer_addr, peer_id)\nexcept STTError"),
  ];
  const dir = tempFiles({ "stt_errors.py": pythonModule(catalog) });
  const stdout = run(
    dir,
    `import asyncio, base64, builtins, json, logging, sys
sys.path.insert(0, sys.argv[1])
from stt_errors import *
import stt_errors as m
frames = json.load(sys.stdin)
assert issubclass(m.ConnectionTimeoutError, m.STTError)
assert m.error_class("CONNECTION_TIMEOUT") is m.ConnectionTimeoutError
# CONNECTION_REFUSED is named like a built-in: its class takes the prefix and subclasses the built-in.
assert issubclass(m.error_class("CONNECTION_REFUSED"), builtins.ConnectionRefusedError)
assert "ConnectionRefusedError" not in m.__all__
def failing(key):
    f = frames[key]
    raise m.from_response(f["status"], f["headers"], base64.b64decode(f["body"]))
class Node:
    calls = 0
    async def connect(self, addr, peer, timeout=None, transport=None):
        Node.calls += 1
        if timeout is not None or transport is None and Node.calls < 4: failing("timeout")
        if transport == "udp": failing("refused")
        return "session via " + (transport or "default")
node, peer_addr, peer_id = Node(), "10.0.0.7:9000", "peer-1"
async def no_sleep(seconds): return None
asyncio.sleep = no_sleep
logged = []
logging.error = lambda message: logged.append(message)
examples = json.loads(${JSON.stringify(JSON.stringify(examples))})
def run_async(code):
    body = "\\n".join("    " + line for line in code.split("\\n"))
    namespace = dict(globals())
    exec("async def _example():\\n" + body + "\\n    return locals()", namespace)
    return asyncio.run(namespace["_example"]())
run_async(examples[0])
exec(examples[1])
Node.calls = 1
print(asyncio.run(retry_on_timeout(lambda: node.connect(peer_addr, peer_id))))
print(run_async(examples[2])["session"])
Node.calls = 0
run_async(examples[3])
print(logged[0])
`,
    {
      timeout: frame(t.CONNECTION_TIMEOUT?.({})),
      refused: frame(t.CONNECTION_REFUSED?.({})),
    },
  );
  const lines = stdout.trim().split("\n");
  assert.equal(lines[0], "Error code: 0x0101");
  assert.equal(lines[1], "session via default");
  assert.equal(lines[2], "session via websocket");
  assert.match(lines[3] ?? "", /^Connection failed: code=0x0101, message=.+, peer=peer-1$/);
});

test("Talos: TalosError and RateLimitError; its rate-limit example runs", { skip }, () => {
  const catalog = loadBundled("talos");
  const t = createErrors(catalog);
  const dir = tempFiles({ "talos_errors.py": pythonModule(catalog) });
  const limited = encode(t.RATE_LIMITED?.({ limit: 100, window: "hour" }) as ErrataError, "problem", {
    requestId: "r",
  });
  const stdout = run(
    dir,
    `import asyncio, json, sys
sys.path.insert(0, sys.argv[1])
from talos_errors import *
import talos_errors as m
b = json.load(sys.stdin)
assert issubclass(RateLimitError, TalosError)
async def no_sleep(seconds): return None
asyncio.sleep = no_sleep
class Client:
    sent = 0
    async def send(self, peer, msg):
        Client.sent += 1
        if Client.sent < 3: raise m.from_response(b["status"], b["headers"], b["body"])
        return "sent " + msg
    async def request_capability(self, issuer, scope, constraints):
        return "capability " + scope + " " + constraints["rate_limit"]
client, owner = Client(), "did:talos:owner"
code = ${JSON.stringify(block("async def send_with_backoff"))}
body = "\\n".join("    " + line for line in code.split("\\n"))
namespace = dict(globals())
exec("async def _example():\\n" + body + "\\n    return locals()", namespace)
found = asyncio.run(namespace["_example"]())
print(asyncio.run(found["send_with_backoff"](client, "peer", "hello")), found["cap"])
`,
    { status: limited.status, headers: limited.headers, body: limited.body },
  );
  assert.equal(stdout, "sent hello capability tools/api 1000/hour\n");
});

/** TraceMem's retry example, verbatim: its seed shows it as text after a "python" line, not in a fence. */
function retryExample(): string {
  const text = readdirSync(SEEDS)
    .map((file) => readFileSync(join(SEEDS, file), "utf8"))
    .find((t) => t.includes("def call_tool_with_retry"));
  const code = /import time\n[\s\S]*?raise Exception\("Max retries exceeded"\)/.exec(text ?? "")?.[0];
  assert.ok(code, "TraceMem's seed has call_tool_with_retry");
  return code;
}

test("TraceMem: its call_tool_with_retry retries the generated errors by str(e), as it does an SDK's", { skip }, () => {
  const catalog = loadBundled("tracemem");
  const t = createErrors(catalog);
  const dir = tempFiles({ "tracemem_errors.py": pythonModule(catalog) });
  const body = (error: ErrataError) => {
    const e = encode(error, "jsonrpc", { requestId: "r", id: 1 });
    return { status: e.status, headers: e.headers, body: e.body as string };
  };
  const stdout = run(
    dir,
    `import json, random, sys, time
sys.path.insert(0, sys.argv[1])
import tracemem_errors as m
bodies = json.load(sys.stdin)
time.sleep = lambda seconds: None
class Client:
    def __init__(self, fails):
        self.fails, self.calls = fails, 0
    def call_tool(self, name, arguments):
        self.calls += 1
        if self.calls <= len(self.fails):
            b = bodies[self.fails[self.calls - 1]]
            raise m.from_response(b["status"], b["headers"], b["body"])
        return {"decision_id": "d1"}
${retryExample()}
limited = Client(["limited", "internal"])
print(call_tool_with_retry(limited, "decision_create", {}), limited.calls)
denied = Client(["auth"])
try:
    call_tool_with_retry(denied, "decision_create", {})
except m.TracememError as e:
    print("not retried:", e.code, denied.calls, str(e))
`,
    {
      limited: body(t.RATE_LIMITED?.() as ErrataError),
      internal: body(t.INTERNAL_ERROR?.() as ErrataError),
      auth: body(t.INVALID_API_KEY?.() as ErrataError),
    },
  );
  const [first, second] = stdout.trim().split("\n");
  assert.equal(first, "{'decision_id': 'd1'} 3");
  assert.match(second ?? "", /^not retried: \S+ 1 401 /);
});
