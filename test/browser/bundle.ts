/**
 * errata/client with errata/wire, bundled by esbuild for `platform: "browser"` as a
 * browser app would bundle them. esbuild refuses any Node built-in there, so a
 * `node:` import anywhere in their graph fails the build. Used by the bundle test,
 * the Chromium test and bench/bundle.ts.
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { REPO } from "../helpers.js";

export interface ClientBundle {
  /** The minified ES module. */
  readonly code: string;
  readonly minifiedBytes: number;
  readonly gzippedBytes: number;
  /** Every file that went into it, relative to the repository. */
  readonly inputs: readonly string[];
}

/** The goal for the gzipped size of errata/client with errata/wire, in bytes (25 KiB). */
export const GZIP_GOAL_BYTES = 25 * 1024;

export async function bundleClient(): Promise<ClientBundle> {
  const result = await build({
    stdin: {
      contents: 'export * from "./src/client/index.ts";\nexport * from "./src/wire/index.ts";\n',
      resolveDir: REPO,
      loader: "ts",
    },
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.text ?? "";
  return {
    code,
    minifiedBytes: Buffer.byteLength(code),
    gzippedBytes: gzipSync(code, { level: 9 }).byteLength,
    inputs: Object.keys(result.metafile.inputs),
  };
}
