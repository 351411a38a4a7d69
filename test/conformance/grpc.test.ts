/**
 * errata/grpc through grpc-js's own server and client on loopback: a thrown catalog
 * error, one passed to the callback, a crash (INTERNAL, nothing leaked) and a failing
 * server stream each reach grpc-js's client as a ServiceError with the catalog's gRPC
 * code and `grpc-status-details-bin`; fromGrpcError reads them back typed. Every
 * Status is parsed by a strict reader errata did not write: Debian's python3-protobuf
 * with Google's google.rpc protos only (protoc), each detail unpacked into its
 * message. Without protoc or python3-protobuf the parser part skips locally and
 * fails in CI (.ci/run installs both).
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { after, before, test } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { grpcServiceConfig } from "../../src/codegen/grpcServiceConfig.js";
import { DETAILS_KEY, errataService, fromGrpcError, toGrpcError } from "../../src/grpc/index.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { isUpstream } from "../../src/runtime/upstream.js";
import { BUNDLED, loadBundled } from "../helpers.js";
import { googlePythonProtos, PYTHON } from "./googleProtos.js";
import { jsonMethod } from "./grpcJson.js";

const catalog = loadBundled("gitclaw");
const errors = createErrors(catalog);

const method = (name: string, responseStream: boolean, requestStream = false) =>
  jsonMethod(`/gitclaw.Repos/${name}`, responseStream, requestStream);
const definition = {
  GetRepo: method("GetRepo", false),
  Star: method("Star", false),
  Crash: method("Crash", false),
  Watch: method("Watch", true),
  Upload: method("Upload", false, true),
  Chat: method("Chat", true, true),
} as grpc.ServiceDefinition;

const quiet = { info: () => {}, error: () => {}, warn: () => {} };
let server: grpc.Server;
let port = 0;
let client: grpc.Client & Record<string, (...args: unknown[]) => unknown>;

before(async () => {
  server = new grpc.Server();
  const implementation = {
    GetRepo: async () => {
      throw errors.REPO_NOT_FOUND?.({ repoId: "octo/x" });
    },
    Star: (_call: unknown, callback: (error: unknown) => void) =>
      callback(errors.RATE_LIMITED?.({ action: "star", limit: 100, window: "1h", retryAfter: 30 })),
    Crash: () => {
      throw new Error("connect ECONNREFUSED db.internal:5432 password=hunter2");
    },
    Watch: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      call.write({ tick: 1 });
      throw errors.ACCESS_DENIED?.({ repoId: "octo/x", requiredRole: "read", currentRole: null });
    },
    // Client streaming: the error comes after the client's messages, through the callback's promise.
    Upload: async (call: grpc.ServerReadableStream<{ size: number }, unknown>) => {
      let total = 0;
      for await (const chunk of call) total += chunk.size;
      throw errors.REPO_NOT_FOUND?.({ repoId: `uploaded ${total}` });
    },
    // Bidirectional: an echo, then a crash once the client says "crash".
    Chat: async (call: grpc.ServerDuplexStream<{ say: string }, unknown>) => {
      for await (const message of call) {
        if (message.say === "crash") throw new Error("db password=hunter2");
        call.write({ echo: message.say });
      }
      call.end();
    },
  };
  server.addService(definition, errataService(definition, implementation, { catalog, logger: quiet }));
  port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  const Client = grpc.makeGenericClientConstructor(definition, "Repos");
  client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as typeof client;
});

after(() => {
  client?.close();
  server?.forceShutdown();
});

function unaryCall(name: string, metadata = new grpc.Metadata()): Promise<grpc.ServiceError> {
  return new Promise((resolve, reject) =>
    client[name]?.({}, metadata, (error: grpc.ServiceError | null) =>
      error ? resolve(error) : reject(new Error(`${name} succeeded`)),
    ),
  );
}

function streamError(name: string): Promise<{ messages: unknown[]; error: grpc.ServiceError }> {
  const messages: unknown[] = [];
  return new Promise((resolve) => {
    const call = client[name]?.({}) as grpc.ClientReadableStream<unknown>;
    call.on("data", (m: unknown) => messages.push(m));
    call.on("error", (error: grpc.ServiceError) => resolve({ messages, error }));
  });
}

const statuses: Buffer[] = [];
function detailsOf(error: grpc.ServiceError): Buffer {
  const bytes = error.metadata.get(DETAILS_KEY)[0];
  assert.ok(Buffer.isBuffer(bytes), "grpc-status-details-bin is there");
  statuses.push(bytes);
  return bytes;
}

test("a thrown catalog error: grpc-js's client gets its gRPC code and message; fromGrpcError gives it back typed", async () => {
  const metadata = new grpc.Metadata();
  metadata.set("x-request-id", "req-grpc-1");
  const error = await unaryCall("GetRepo", metadata);
  assert.equal(error.code, grpc.status.NOT_FOUND);
  assert.equal(error.details, "Repository not found: octo/x");
  detailsOf(error);
  assert.deepEqual(error.metadata.get("x-request-id"), ["req-grpc-1"]);
  const typed = fromGrpcError(error, { catalogs: [catalog] });
  assert.deepEqual(
    [typed.name, typed.status, typed.retryable, typed.requestId],
    ["REPO_NOT_FOUND", 404, false, "req-grpc-1"],
  );
  assert.deepEqual(typed.details, { repoId: "octo/x" });
  assert.ok(isUpstream(typed));
});

test("an error passed to the callback: RESOURCE_EXHAUSTED with RetryInfo; fromGrpcError keeps the wait", async () => {
  const error = await unaryCall("Star");
  assert.equal(error.code, grpc.status.RESOURCE_EXHAUSTED);
  detailsOf(error);
  const typed = fromGrpcError(error, { catalogs: [catalog] });
  assert.deepEqual([typed.name, typed.retryable, typed.retryAfter], ["RATE_LIMITED", true, 30]);
  assert.deepEqual(typed.details, { action: "star", limit: 100, window: "1h", retryAfter: 30 });
});

test("a crash is INTERNAL with a trace id, and nothing of the thrown error reaches the client", async () => {
  const error = await unaryCall("Crash");
  assert.equal(error.code, grpc.status.INTERNAL);
  const bytes = detailsOf(error);
  const sent = `${error.details} ${bytes.toString("latin1")} ${JSON.stringify(error.metadata.getMap())}`;
  for (const secret of ["hunter2", "ECONNREFUSED", "db.internal"]) assert.ok(!sent.includes(secret), secret);
  assert.equal(fromGrpcError(error, { catalogs: [catalog] }).name, "INTERNAL_ERROR");
});

test("a server stream that throws after a message ends with the error's status", async () => {
  const { messages, error } = await streamError("Watch");
  assert.deepEqual(messages, [{ tick: 1 }]);
  assert.equal(error.code, grpc.status.PERMISSION_DENIED);
  detailsOf(error);
  assert.equal(fromGrpcError(error, { catalogs: [catalog] }).name, "ACCESS_DENIED");
});

test("a client stream: the error after the client's messages reaches the client's callback, typed", async () => {
  const error = await new Promise<grpc.ServiceError>((resolve, reject) => {
    const call = client.Upload?.((e: grpc.ServiceError | null) =>
      e ? resolve(e) : reject(new Error("ok")),
    ) as grpc.ClientWritableStream<unknown>;
    call.write({ size: 2 });
    call.write({ size: 3 });
    call.end();
  });
  assert.equal(error.code, grpc.status.NOT_FOUND);
  detailsOf(error);
  const typed = fromGrpcError(error, { catalogs: [catalog] });
  assert.deepEqual([typed.name, typed.details], ["REPO_NOT_FOUND", { repoId: "uploaded 5" }]);
});

test("a bidirectional stream: messages both ways, then a crash is INTERNAL with nothing of it sent", async () => {
  const call = client.Chat?.() as grpc.ClientDuplexStream<unknown, { echo: string }>;
  const echoes: string[] = [];
  const error = await new Promise<grpc.ServiceError>((resolve) => {
    call.on("data", (m: { echo: string }) => {
      echoes.push(m.echo);
      if (echoes.length === 2) call.write({ say: "crash" });
    });
    call.on("error", resolve);
    call.write({ say: "hello" });
    call.write({ say: "again" });
  });
  assert.deepEqual(echoes, ["hello", "again"]);
  assert.equal(error.code, grpc.status.INTERNAL);
  const sent = `${error.details} ${detailsOf(error).toString("latin1")}`;
  assert.ok(!sent.includes("hunter2"));
  assert.equal(fromGrpcError(error, { catalogs: [catalog] }).name, "INTERNAL_ERROR");
});

test("without details, gRPC's own rules: UNAVAILABLE retries, NOT_FOUND does not; hostile bytes are a typed error", () => {
  const plain = (code: number) => ({ code, details: "no details", metadata: new grpc.Metadata() });
  assert.deepEqual(
    [fromGrpcError(plain(grpc.status.UNAVAILABLE)).name, fromGrpcError(plain(grpc.status.UNAVAILABLE)).retryable],
    ["UNAVAILABLE", true],
  );
  assert.equal(fromGrpcError(plain(grpc.status.NOT_FOUND)).retryable, false);
  const hostile = new grpc.Metadata();
  hostile.set(DETAILS_KEY, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
  const decoded = fromGrpcError({ code: grpc.status.INTERNAL, details: "x", metadata: hostile });
  assert.equal(decoded.name, "WIRE_DECODE_FAILED");
});

test("the caller's language (accept-language in the call's metadata) travels as a LocalizedMessage", () => {
  const tracemem = loadBundled("tracemem");
  const metadata = new grpc.Metadata();
  metadata.set("accept-language", "fr-CA, fr;q=0.9");
  const sent = toGrpcError(
    createErrors(tracemem).POLICY_NOT_FOUND?.({ policy: "p1" }),
    { catalog: tracemem, logger: quiet },
    metadata,
  );
  const typed = fromGrpcError(sent, { catalogs: [tracemem] });
  assert.equal(typed.name, "POLICY_NOT_FOUND");
  assert.deepEqual(typed.localized, { locale: "fr", message: "Politique 'p1' introuvable" });
  assert.deepEqual(typed.details, { policy: "p1" });
});

test("grpc-js takes the generated service config of every bundled catalog, and refuses a broken one", () => {
  const Client = grpc.makeGenericClientConstructor(definition, "Repos");
  const channel = (config: object) =>
    new Client("127.0.0.1:1", grpc.credentials.createInsecure(), { "grpc.service_config": JSON.stringify(config) });
  for (const name of BUNDLED) channel(grpcServiceConfig(loadBundled(name))).close();
  const policy = grpcServiceConfig(catalog).methodConfig as { retryPolicy?: { retryableStatusCodes: string[] } }[];
  assert.deepEqual(policy[0]?.retryPolicy?.retryableStatusCodes, ["RESOURCE_EXHAUSTED"]);
  assert.throws(() => channel({ methodConfig: [{ name: [{}], retryPolicy: { maxAttempts: 3 } }] }), /initialBackoff/);
});

const PARSER = `
import base64, json, sys
sys.path.insert(0, sys.argv[1])
from google.rpc import status_pb2, error_details_pb2
out = []
for text in json.load(sys.stdin):
    status = status_pb2.Status.FromString(base64.b64decode(text))
    kinds = []
    for detail in status.details:
        name = detail.TypeName().split(".")[-1]
        message = getattr(error_details_pb2, name)()
        if not detail.Unpack(message):
            raise ValueError("cannot unpack " + detail.type_url)
        kinds.append(name)
    out.append([status.code, status.message, kinds])
print(json.dumps(out))
`;

function parserSkip(): string | undefined {
  const ok =
    spawnSync("protoc", ["--version"]).status === 0 && spawnSync(PYTHON, ["-c", "import google.protobuf"]).status === 0;
  if (ok) return undefined;
  if (process.env.CI) throw new Error("the gRPC conformance test needs protoc and python3-protobuf");
  return "gRPC Status parsing skipped: it needs protoc and Debian's python3-protobuf; .ci/run installs them";
}

test("every Status sent parses in python3-protobuf with Google's protos alone, each detail unpacked", {
  skip: parserSkip(),
}, () => {
  assert.equal(statuses.length, 6, "the calls above ran first");
  const r = spawnSync(PYTHON, ["-I", "-c", PARSER, googlePythonProtos()], {
    input: JSON.stringify(statuses.map((b) => b.toString("base64"))),
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  const parsed = JSON.parse(r.stdout) as [number, string, string[]][];
  assert.deepEqual(
    parsed.map(([code]) => code),
    [
      grpc.status.NOT_FOUND,
      grpc.status.RESOURCE_EXHAUSTED,
      grpc.status.INTERNAL,
      grpc.status.PERMISSION_DENIED,
      grpc.status.NOT_FOUND,
      grpc.status.INTERNAL,
    ],
  );
  assert.deepEqual(parsed[1]?.[2], ["ErrorInfo", "RetryInfo", "Help", "RequestInfo"]);
  for (const [, , kinds] of parsed) assert.ok(kinds.includes("ErrorInfo"));
});

/** Python's grpcio calling the grpc-js server, reading the Status as grpcio-status's rpc_status.from_call does. */
const PYTHON_CLIENT = `
import json, sys
sys.path.insert(0, sys.argv[1])
import grpc
from google.rpc import status_pb2, error_details_pb2
channel = grpc.insecure_channel("127.0.0.1:" + sys.argv[2])
call = channel.unary_unary("/gitclaw.Repos/GetRepo", request_serializer=lambda v: json.dumps(v).encode(), response_deserializer=json.loads)
try:
    call({}, metadata=[("x-request-id", "req-py-1")])
    print(json.dumps({"error": "the call succeeded"}))
except grpc.RpcError as error:
    raw = dict(error.trailing_metadata())["grpc-status-details-bin"]
    status = status_pb2.Status.FromString(raw)
    # rpc_status.from_call's checks: the Status agrees with the call's own code and message.
    assert status.code == error.code().value[0], "code mismatch"
    assert status.message == error.details(), "message mismatch"
    info = error_details_pb2.ErrorInfo()
    assert status.details[0].Unpack(info)
    request = error_details_pb2.RequestInfo()
    assert any(d.Unpack(request) for d in status.details if d.Is(request.DESCRIPTOR))
    print(json.dumps({"code": error.code().name, "reason": info.reason, "metadata": dict(info.metadata), "requestId": request.request_id}))
`;

function grpcioSkip(): string | undefined {
  if (spawnSync(PYTHON, ["-c", "import grpc, google.protobuf"]).status === 0 && !parserSkip()) return undefined;
  if (process.env.CI) throw new Error("the gRPC conformance test needs Debian's python3-grpcio");
  return "Python's grpcio skipped: apt-get install python3-grpcio (.ci/run installs it)";
}

test("Python's grpcio reads the Status of a failed call, as grpcio-status does", { skip: grpcioSkip() }, async () => {
  const out = googlePythonProtos();
  // Asynchronously: the grpc-js server answering it runs in this process.
  const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(PYTHON, ["-I", "-c", PYTHON_CLIENT, out, String(port)], { timeout: 20_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
  assert.equal(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout) as {
    code: string;
    reason: string;
    metadata: Record<string, string>;
    requestId: string;
  };
  assert.deepEqual(
    [got.code, got.reason, got.metadata.code, got.metadata.repoId, got.requestId],
    ["NOT_FOUND", "REPO_NOT_FOUND", "REPO_NOT_FOUND", "octo/x", "req-py-1"],
  );
});
