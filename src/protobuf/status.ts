/**
 * google.rpc.Status in protobuf's binary form, the value of gRPC's
 * `grpc-status-details-bin` trailer: built by protobufjs from the messages' field
 * numbers (google/rpc/status.proto and error_details.proto), converted to and from
 * the proto3 JSON form errata's Google format already writes and reads, so that one
 * model (AIP-193's) serves HTTP, gRPC and Connect alike.
 */
import protobuf from "protobufjs";

const { Field, MapField, Root, Type } = protobuf;

type FieldSpec = readonly [name: string, id: number, type: string, rule?: "repeated"];

function message(name: string, fields: readonly FieldSpec[], maps: readonly [string, number][] = []) {
  const type = new Type(name);
  for (const [field, id, kind, rule] of fields) type.add(new Field(field, id, kind, rule));
  for (const [field, id] of maps) type.add(new MapField(field, id, "string", "string"));
  return type;
}

function schema(): protobuf.Root {
  const root = new Root();
  root
    .define("google.protobuf")
    .add(
      message("Any", [
        ["type_url", 1, "string"],
        ["value", 2, "bytes"],
      ]),
    )
    .add(
      message("Duration", [
        ["seconds", 1, "int64"],
        ["nanos", 2, "int32"],
      ]),
    );
  const rpc = root.define("google.rpc");
  rpc.add(
    message("Status", [
      ["code", 1, "int32"],
      ["message", 2, "string"],
      ["details", 3, "google.protobuf.Any", "repeated"],
    ]),
  );
  rpc.add(
    message(
      "ErrorInfo",
      [
        ["reason", 1, "string"],
        ["domain", 2, "string"],
      ],
      [["metadata", 3]],
    ),
  );
  rpc.add(message("RetryInfo", [["retry_delay", 1, "google.protobuf.Duration"]]));
  const bad = message("BadRequest", [["field_violations", 1, "google.rpc.BadRequest.FieldViolation", "repeated"]]);
  bad.add(
    message("FieldViolation", [
      ["field", 1, "string"],
      ["description", 2, "string"],
    ]),
  );
  rpc.add(bad);
  rpc.add(
    message("RequestInfo", [
      ["request_id", 1, "string"],
      ["serving_data", 2, "string"],
    ]),
  );
  const help = message("Help", [["links", 1, "google.rpc.Help.Link", "repeated"]]);
  help.add(
    message("Link", [
      ["description", 1, "string"],
      ["url", 2, "string"],
    ]),
  );
  rpc.add(help);
  rpc.add(
    message("LocalizedMessage", [
      ["locale", 1, "string"],
      ["message", 2, "string"],
    ]),
  );
  root.resolveAll();
  return root;
}

const root = schema();
const Status = root.lookupType("google.rpc.Status");

/** A proto3 JSON Duration ("3600s", "0.300s") as protobuf's seconds and nanos. */
function durationOf(text: unknown): { seconds: number; nanos: number } | undefined {
  if (typeof text !== "string" || !/^\d{1,12}(\.\d{1,9})?s$/.test(text)) return undefined;
  const [whole, fraction = ""] = text.slice(0, -1).split(".");
  return { seconds: Number(whole), nanos: Number(fraction.padEnd(9, "0")) };
}

/** protobuf's seconds and nanos as a proto3 JSON Duration. */
function durationText(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { seconds = 0, nanos = 0 } = value as { seconds?: unknown; nanos?: unknown };
  const s = Number(seconds);
  const n = Number(nanos);
  if (!Number.isSafeInteger(s) || s < 0 || !Number.isInteger(n) || n < 0 || n > 999_999_999) return undefined;
  return n === 0 ? `${s}s` : `${s}.${String(n).padStart(9, "0")}s`;
}

/** A detail's proto3 JSON keys as protobufjs names its fields (`retryDelay` → `retry_delay`). */
const SNAKE: Record<string, string> = {
  retryDelay: "retry_delay",
  fieldViolations: "field_violations",
  requestId: "request_id",
};
const CAMEL = Object.fromEntries(Object.entries(SNAKE).map(([camel, snake]) => [snake, camel]));

function renamed(detail: Record<string, unknown>, names: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(detail)) out[names[key] ?? key] = value;
  return out;
}

/** The Status bytes of a Google-format error body's `error` (its details in proto3 JSON form). */
export function statusBytes(code: number, text: string, details: readonly Record<string, unknown>[]): Uint8Array {
  const anys = details.map((d) => {
    const detail = renamed(d, SNAKE);
    if ("retry_delay" in detail) detail.retry_delay = durationOf(detail.retry_delay);
    return detail;
  });
  return Status.encode(Status.fromObject({ code, message: text, details: anys })).finish();
}

/** Status bytes back as code, message and details in proto3 JSON form; throws on bytes that are not one. */
export function statusJson(bytes: Uint8Array): { code: number; message: string; details: Record<string, unknown>[] } {
  const decoded = Status.toObject(Status.decode(bytes), { json: true, defaults: false }) as {
    code?: number;
    message?: string;
    details?: Record<string, unknown>[];
  };
  const details = (decoded.details ?? []).map((d) => {
    const detail = renamed(d, CAMEL);
    if ("retryDelay" in detail) detail.retryDelay = durationText(detail.retryDelay);
    return detail;
  });
  return { code: decoded.code ?? 0, message: decoded.message ?? "", details };
}

/** Each detail of a Google-format body as an Any's parts: its full type name and its message's bytes. */
export function anyParts(details: readonly Record<string, unknown>[]): { type: string; value: Uint8Array }[] {
  const status = Status.decode(statusBytes(0, "", details)) as unknown as {
    details: { type_url: string; value: Uint8Array }[];
  };
  return status.details.map((d) => ({ type: d.type_url.slice(d.type_url.lastIndexOf("/") + 1), value: d.value }));
}

/** Any parts (a full type name and the message's bytes) back as details in proto3 JSON form. */
export function detailsJson(parts: readonly { type: string; value: Uint8Array }[]): Record<string, unknown>[] {
  // Each of Google's messages decoded strictly first (bad bytes throw); a type errata does not know is left out.
  const known = parts.filter((p) => p.type.startsWith("google.rpc.") && root.lookup(p.type) instanceof Type);
  for (const p of known) root.lookupType(p.type).decode(p.value);
  const anys = known.map((p) => ({ type_url: `type.googleapis.com/${p.type}`, value: p.value }));
  return statusJson(Status.encode(Status.create({ code: 0, details: anys })).finish()).details;
}
