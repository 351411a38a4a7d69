/**
 * Serve test/runtimes/app.ts on another runtime, on 127.0.0.1 with a port the OS
 * picks: bundled by esbuild for the browser platform (no Node built-in can slip in),
 * then run by Bun's or Deno's binary from their npm packages, or by workerd through
 * Miniflare (no nodejs_compat: a worker as Cloudflare runs it by default).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { REPO } from "../helpers.js";

export type Runtime = "bun" | "deno" | "workerd";

export interface Served {
  readonly url: URL;
  close(): Promise<void>;
}

const RUNNERS: Record<Runtime, string> = {
  bun: `import app from "./test/runtimes/app.ts";
const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (r, s) => app.fetch(r, s) });
console.log(JSON.stringify({ port: server.port }));`,
  deno: `import app from "./test/runtimes/app.ts";
Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: ({ port }) => console.log(JSON.stringify({ port })) },
  (r, info) => app.fetch(r, info));`,
  workerd: `export { default } from "./test/runtimes/app.ts";`,
};

/** The app with the runtime's runner, as one ES module. */
async function bundleFor(runtime: Runtime): Promise<string> {
  const result = await build({
    stdin: { contents: RUNNERS[runtime], resolveDir: REPO, loader: "ts" },
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]?.text ?? "";
}

/** Start a child that prints `{"port": n}` once it listens; it is killed after 120 s whatever happens. */
function listen(command: string, args: string[], env: Record<string, string>): Promise<Served> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const killer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  killer.unref();
  // A test process that ends early (--test-force-exit, a crash) takes its runtime with it.
  const orphan = () => child.kill("SIGKILL");
  process.once("exit", orphan);
  let output = "";
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) =>
      reject(new Error(`${command} exited (${code}) before listening: ${output.slice(-2000)}`)),
    );
    child.stderr.on("data", (d) => {
      output += d;
    });
    child.stdout.on("data", (d) => {
      output += d;
      const port = /\{"port":(\d+)\}/.exec(output)?.[1];
      if (!port) return;
      resolve({
        url: new URL(`http://127.0.0.1:${port}/`),
        close: async () => {
          clearTimeout(killer);
          process.off("exit", orphan);
          child.kill("SIGKILL");
        },
      });
    });
  });
}

/** Serve the app on `runtime`. */
export async function serveOn(runtime: Runtime): Promise<Served> {
  const code = await bundleFor(runtime);
  const bin = (name: string) => join(REPO, "node_modules", ".bin", name);
  if (runtime === "workerd") {
    const { Miniflare } = await import("miniflare");
    const mf = new Miniflare({
      modules: true,
      script: code,
      compatibilityDate: "2025-09-01",
      host: "127.0.0.1",
      port: 0,
    });
    const url = await mf.ready;
    return { url: new URL(url.href), close: () => mf.dispose() };
  }
  const dir = mkdtempSync(join(tmpdir(), `errata-${runtime}-`));
  const file = join(dir, "app.mjs");
  writeFileSync(file, code);
  if (runtime === "bun") return listen(bin("bun"), ["run", file], { BUN_INSTALL_CACHE_DIR: dir });
  return listen(bin("deno"), ["run", "--no-prompt", "--allow-net=127.0.0.1", file], {
    DENO_DIR: dir,
    DENO_NO_UPDATE_CHECK: "1",
  });
}
