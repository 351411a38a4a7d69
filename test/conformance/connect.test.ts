/**
 * errata/connect through connect-node's and connect-express's servers and connect-es's
 * client on loopback:
 * a thrown catalog error reaches the client as a ConnectError whose details
 * connect-es decodes itself, with Google's descriptors (`findDetails`), from a
 * descriptor set protoc compiles from Google's protos; fromConnectError gives it back
 * typed; a crash is INTERNAL with nothing of it sent; a plain fetch reads Connect's
 * JSON error form. Without protoc the test skips locally and fails in CI.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createFileRegistry, type DescMessage, type DescService, fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type ConnectRouter, createClient } from "@connectrpc/connect";
import { expressConnectMiddleware } from "@connectrpc/connect-express";
import { connectNodeAdapter, createConnectTransport } from "@connectrpc/connect-node";
import express from "express";
import { errataConnect, fromConnectError } from "../../src/connect/index.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { isUpstream } from "../../src/runtime/upstream.js";
import { loadBundled, REPO } from "../helpers.js";

const catalog = loadBundled("gitclaw");
const errors = createErrors(catalog);
const quiet = { info: () => {}, error: () => {}, warn: () => {} };

function protocSkip(): string | undefined {
  if (spawnSync("protoc", ["--version"]).status === 0) return undefined;
  if (process.env.CI) throw new Error("the Connect conformance test needs protoc");
  return "Connect conformance skipped: it needs protoc (.ci/run installs it)";
}
const skip = protocSkip();

let server: Server | undefined;
let baseUrl = "";
let expressServer: Server | undefined;
let expressUrl = "";
let service: DescService;
let ErrorInfo: DescMessage;
let RetryInfo: DescMessage;

before(async () => {
  if (skip) return;
  const out = join(mkdtempSync(join(tmpdir(), "errata-connect-")), "set.bin");
  const protoc = spawnSync(
    "protoc",
    [
      `-I${join(REPO, "test", "fixtures", "connect")}`,
      `-I${join(REPO, "test", "conformance", "protos")}`,
      "-I/usr/include",
      "--include_imports",
      `--descriptor_set_out=${out}`,
      "repos.proto",
      "google/rpc/error_details.proto",
    ],
    { encoding: "utf8" },
  );
  assert.equal(protoc.status, 0, protoc.stderr);
  const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(out)));
  service = registry.getService("gitclaw.v1.Repos") as DescService;
  ErrorInfo = registry.getMessage("google.rpc.ErrorInfo") as DescMessage;
  RetryInfo = registry.getMessage("google.rpc.RetryInfo") as DescMessage;
  const routes = (router: ConnectRouter) =>
    router.service(service, {
      getRepo() {
        throw errors.REPO_NOT_FOUND?.({ repoId: "octo/x" });
      },
      star() {
        throw errors.RATE_LIMITED?.({ action: "star", limit: 100, window: "1h", retryAfter: 30 });
      },
      crash() {
        throw new Error("connect ECONNREFUSED db.internal:5432 password=hunter2");
      },
      // A service read from a descriptor set at run time has no generated types to check against.
    } as never);
  const interceptors = [errataConnect({ catalog, logger: quiet })];
  server = createServer(connectNodeAdapter({ routes, interceptors })).listen(0, "127.0.0.1");
  await new Promise((resolve) => server?.once("listening", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The same routes behind connect-express, on an Express app.
  const app = express();
  app.use(expressConnectMiddleware({ routes, interceptors }));
  expressServer = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => expressServer?.once("listening", resolve));
  expressUrl = `http://127.0.0.1:${(expressServer.address() as AddressInfo).port}`;
});

after(() => {
  server?.close();
  expressServer?.close();
});

async function failure(method: string, url = baseUrl): Promise<ConnectError> {
  const client = createClient(
    service,
    createConnectTransport({ baseUrl: url, httpVersion: "1.1" }),
  ) as unknown as Record<string, (input: object, options?: object) => Promise<unknown>>;
  try {
    await client[method]?.({}, { headers: { "x-request-id": "req-connect-1" } });
  } catch (error) {
    return ConnectError.from(error);
  }
  throw new Error(`${method} succeeded`);
}

test("connect-es's client decodes the details itself, with Google's descriptors; fromConnectError types them", {
  skip,
}, async () => {
  const error = await failure("getRepo");
  assert.equal(error.code, Code.NotFound);
  assert.equal(error.rawMessage, "Repository not found: octo/x");
  const [info] = error.findDetails(ErrorInfo) as unknown as { reason: string; metadata: Record<string, string> }[];
  assert.equal(info?.reason, "REPO_NOT_FOUND");
  assert.deepEqual(
    [info?.metadata.code, info?.metadata.repoId, info?.metadata.errataRetryable],
    ["REPO_NOT_FOUND", "octo/x", "false"],
  );
  const typed = fromConnectError(error, { catalogs: [catalog] });
  assert.deepEqual(
    [typed.name, typed.status, typed.details, typed.requestId],
    ["REPO_NOT_FOUND", 404, { repoId: "octo/x" }, "req-connect-1"],
  );
  assert.ok(isUpstream(typed));
});

test("a rate limit: RESOURCE_EXHAUSTED with a RetryInfo connect-es reads; the wait comes back", { skip }, async () => {
  const error = await failure("star");
  assert.equal(error.code, Code.ResourceExhausted);
  const [retry] = error.findDetails(RetryInfo) as unknown as { retryDelay?: { seconds: bigint } }[];
  assert.equal(retry?.retryDelay?.seconds, 30n);
  const typed = fromConnectError(error, { catalogs: [catalog] });
  assert.deepEqual([typed.name, typed.retryable, typed.retryAfter], ["RATE_LIMITED", true, 30]);
});

test("a crash is INTERNAL and nothing of it reaches the client; a plain fetch reads Connect's JSON error form", {
  skip,
}, async () => {
  const error = await failure("crash");
  assert.equal(error.code, Code.Internal);
  assert.equal(fromConnectError(error, { catalogs: [catalog] }).name, "INTERNAL_ERROR");
  const res = await fetch(`${baseUrl}/gitclaw.v1.Repos/Crash`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  const text = await res.text();
  assert.equal(res.status, 500);
  for (const secret of ["hunter2", "ECONNREFUSED", "db.internal"]) assert.ok(!text.includes(secret), secret);
  const body = JSON.parse(text) as {
    code: string;
    message: string;
    details: { type: string; value: string; debug?: unknown }[];
  };
  assert.equal(body.code, "internal");
  assert.ok(body.details.some((d) => d.type === "google.rpc.ErrorInfo" && typeof d.value === "string"));
});

test("connect-express serves the same errors: connect-es decodes them, fromConnectError types them", {
  skip,
}, async () => {
  const error = await failure("getRepo", expressUrl);
  assert.equal(error.code, Code.NotFound);
  const [info] = error.findDetails(ErrorInfo) as unknown as { reason: string }[];
  assert.equal(info?.reason, "REPO_NOT_FOUND");
  assert.deepEqual(fromConnectError(error, { catalogs: [catalog] }).details, { repoId: "octo/x" });
  const crash = await failure("crash", expressUrl);
  assert.equal(crash.code, Code.Internal);
  assert.ok(!JSON.stringify(crash).includes("hunter2"));
});

test("without details, the code names the error and gRPC's rules decide its retry", () => {
  const unavailable = fromConnectError(new ConnectError("down", Code.Unavailable));
  assert.deepEqual([unavailable.name, unavailable.retryable], ["UNAVAILABLE", true]);
  const hostile = new ConnectError("x", Code.Internal);
  hostile.details.push({ type: "google.rpc.ErrorInfo", value: new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]) });
  assert.equal(fromConnectError(hostile).name, "WIRE_DECODE_FAILED");
});
