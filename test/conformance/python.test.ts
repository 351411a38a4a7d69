/**
 * The generated Python module as a fresh interpreter sees it: \`from module import *\`
 * (python3 -I) of every bundled catalog hides no built-in and exports what
 * \`__all__\` lists, and retry delays that are not finite or are negative never
 * reach \`retry_after\`.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { pythonModule } from "../../src/codegen/python.js";
import { BUNDLED, loadBundled, tempFiles } from "../helpers.js";

const STAR = `
import builtins, importlib, json, sys
sys.path.insert(0, sys.argv[1])
namespace = {}
exec("from " + sys.argv[2] + " import *", namespace)
m = importlib.import_module(sys.argv[2])
shadowed = [n for n in namespace if n != "__builtins__" and hasattr(builtins, n)]
missing = [n for n in m.__all__ if n not in namespace]
e = m.from_response(503, {"Retry-After": "9" * 400}, '{"retryAfter": 1e999, "retry_after": -5}')
print(json.dumps({"shadowed": shadowed, "missing": missing, "exported": len(m.__all__), "retry_after": e.retry_after}))
`;

for (const name of BUNDLED) {
  test(`${name}: \`from module import *\` in a fresh python3 hides no built-in; retry_after is never inf or negative`, () => {
    const catalog = loadBundled(name);
    const dir = tempFiles({ [`${name}_errors.py`]: pythonModule(catalog), "star.py": STAR });
    const r = spawnSync("python3", ["-I", join(dir, "star.py"), dir, `${name}_errors`], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      shadowed: string[];
      missing: string[];
      exported: number;
      retry_after: unknown;
    };
    assert.deepEqual(out.shadowed, []);
    assert.deepEqual(out.missing, []);
    assert.ok(out.exported > 10);
    assert.equal(out.retry_after, null);
  });
}
