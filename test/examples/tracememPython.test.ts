/**
 * TraceMem's error-handling patterns from Python (examples/tracemem-agent/agent.py),
 * with the official MCP Python SDK and the module `errata codegen --target python`
 * writes for TraceMem's catalog, against the example TraceMem server built with
 * errata/mcp. .ci/run installs the SDK (mcp, pinned) into a virtualenv and names its
 * interpreter in ERRATA_MCP_PYTHON; the issue allows a skip, with its reason, only
 * when the SDK does not install from the registry (.ci/run then says why in
 * ERRATA_MCP_PYTHON_MISSING).
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TraceMemBackend, traceMemServer } from "../../examples/tracemem-agent/server.js";
import { MemoryStore } from "../../src/guard/stores/memory.js";
import { REPO, runCli } from "../helpers.js";
import { listenMcp } from "../mcp/serve.js";

const PYTHON = process.env.ERRATA_MCP_PYTHON;

function pythonSkip(): string | undefined {
  if (PYTHON && spawnSync(PYTHON, ["-c", "import mcp.client.session"]).status === 0) return undefined;
  const why = process.env.ERRATA_MCP_PYTHON_MISSING;
  if (why) return `the MCP Python SDK did not install from the registry: ${why}`;
  if (process.env.CI)
    throw new Error("CI needs ERRATA_MCP_PYTHON: a Python with the mcp package (.ci/run installs it)");
  return "Python patterns skipped: set ERRATA_MCP_PYTHON to a Python with the mcp package (.ci/run installs one)";
}

test("TraceMem's patterns from Python: typed exceptions, retries, rollback, a replayed idempotent write", {
  skip: pythonSkip(),
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "errata-py-agent-"));
  const generated = runCli([
    "codegen",
    join(REPO, "examples", "catalogs", "tracemem.yaml"),
    "--target",
    "python",
    "--out",
    join(dir, "tracemem_errors.py"),
  ]);
  assert.equal(generated.code, 0, generated.stderr);
  copyFileSync(join(REPO, "examples", "tracemem-agent", "agent.py"), join(dir, "agent.py"));
  const backend = new TraceMemBackend();
  const store = new MemoryStore();
  const { url, close } = await listenMcp(() => traceMemServer(backend, store));
  try {
    const child = spawn(PYTHON as string, [join(dir, "agent.py"), url.href], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    assert.equal(code, 0, err);
    assert.deepEqual(JSON.parse(out), {
      basic: ["InvalidParamsError", "INVALID_PARAMS", false],
      committed: true,
      rollback: ["DATA_PRODUCT_NOT_FOUND", []],
      replayed: true,
    });
    const statuses = [...backend.decisions.values()].map((d) => d.status);
    assert.deepEqual(statuses.slice(0, 2), ["committed", "rolled_back"]);
  } finally {
    await close();
  }
});
