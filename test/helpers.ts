/** Shared test helpers: paths, bundled catalogs, temporary catalog files, running the CLI. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Catalog } from "../src/catalog/model.js";
import { loadCatalog } from "../src/sources/load.js";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
export const BUNDLED = ["talos", "stt", "tracemem", "aragora", "gitclaw"] as const;

const cache = new Map<string, Catalog>();

/** A bundled example catalog, loaded once. */
export function loadBundled(name: string): Catalog {
  let catalog = cache.get(name);
  if (!catalog) {
    catalog = loadCatalog(join(REPO, "examples", "catalogs", `${name}.yaml`));
    cache.set(name, catalog);
  }
  return catalog;
}

/** Write files (names may hold folders: `locales/shop.fr.yaml`) into a fresh temporary directory; returns it. */
export function tempFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "errata-test-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Run the CLI from source in a child process. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), join(REPO, "src", "cli", "main.ts"), ...args],
    {
      cwd: options.cwd ?? REPO,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", ...options.env },
      encoding: "utf8",
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A test fixture catalog (test/fixtures/<name>.yaml), loaded once. */
export function loadFixture(name: string): Catalog {
  const key = `fixture:${name}`;
  let catalog = cache.get(key);
  if (!catalog) {
    catalog = loadCatalog(join(REPO, "test", "fixtures", `${name}.yaml`));
    cache.set(key, catalog);
  }
  return catalog;
}
