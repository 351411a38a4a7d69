/**
 * Bundle size: errata/client with errata/wire, bundled by esbuild for the browser
 * and minified, against the goal of 25 KiB gzipped, and against ky (a fetch wrapper
 * with retries, no typed errors) bundled the same way in the same run.
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { bundleClient, GZIP_GOAL_BYTES } from "../test/browser/bundle.js";

async function kySize(): Promise<number> {
  const out = await build({
    stdin: { contents: 'export { default } from "ky";', resolveDir: process.cwd(), loader: "ts" },
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    logLevel: "silent",
  });
  return gzipSync(out.outputFiles[0]?.text ?? "", { level: 9 }).byteLength;
}

export async function run(): Promise<void> {
  const bundle = await bundleClient();
  const ky = await kySize();
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  console.log("\n## bundle size (esbuild, platform browser, minified)");
  console.log(
    `errata/client + errata/wire: ${kib(bundle.minifiedBytes)} minified, ${kib(bundle.gzippedBytes)} gzipped`,
  );
  console.log(`ky: ${kib(ky)} gzipped; errata/ky ${(bundle.gzippedBytes / ky).toFixed(2)}×`);
  console.log(
    `goal ≤ ${kib(GZIP_GOAL_BYTES)} gzipped: ${bundle.gzippedBytes <= GZIP_GOAL_BYTES ? "met" : "MISSED"} (${bundle.gzippedBytes} bytes)`,
  );
}
