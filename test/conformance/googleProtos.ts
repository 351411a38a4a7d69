/**
 * Google's google.rpc protos (status, error_details, code; kept in protos/ with their
 * sources) compiled by protoc into Python modules, once per process: the schema of
 * the strict python3-protobuf readers in the Google and gRPC conformance tests.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "../helpers.js";

/** Debian's interpreter, whose dist-packages hold python3-protobuf (and python3-grpcio). */
export const PYTHON = "/usr/bin/python3";

let compiled: string | undefined;

/** The folder of the compiled modules, for a Python script's sys.path. */
export function googlePythonProtos(): string {
  if (compiled !== undefined) return compiled;
  const out = mkdtempSync(join(tmpdir(), "errata-protos-"));
  const r = spawnSync(
    "protoc",
    [
      `-I${join(REPO, "test", "conformance", "protos")}`,
      "-I/usr/include",
      `--python_out=${out}`,
      "google/rpc/status.proto",
      "google/rpc/error_details.proto",
      "google/rpc/code.proto",
    ],
    { encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  compiled = out;
  return out;
}
