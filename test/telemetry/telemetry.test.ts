/**
 * errata/telemetry against the real SDKs: OpenTelemetry's trace, logs and metrics
 * SDKs with their in-memory exporters (error.type on the span, the exception as a
 * log record in the span's context, the errata.errors counter), prom-client's
 * registry, and Sentry's Node SDK with a transport that records what it would send
 * (events grouped by catalog and code). Errors come from a real adapter (toResponse).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { context, logs, metrics, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { AggregationTemporality, MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import * as Sentry from "@sentry/node";
import * as promClient from "prom-client";
import { Registry } from "prom-client";
import { createErrors } from "../../src/runtime/createErrors.js";
import { type ErrorEvent, toResponse } from "../../src/server/index.js";
import { errataBeforeSend, onErrors, otelErrors, prometheusErrors } from "../../src/telemetry/index.js";
import { loadBundled } from "../helpers.js";

const catalog = loadBundled("gitclaw");
const errors = createErrors(catalog);
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

class ManualReader extends MetricReader {
  protected override async onShutdown() {}
  protected override async onForceFlush() {}
}

const spans = new InMemorySpanExporter();
const records = new InMemoryLogRecordExporter();
const reader = new ManualReader({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });

before(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] }));
  logs.setGlobalLoggerProvider(
    new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: records })] }),
  );
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
});

after(() => {
  trace.disable();
  logs.disable();
  metrics.disable();
  context.disable();
});

function respondIn(span: string, thrown: unknown, onError: (e: ErrorEvent) => void) {
  return trace.getTracer("test").startActiveSpan(span, (s) => {
    const response = toResponse(thrown, { catalog, logger: quiet, onError });
    s.end();
    return response;
  });
}

test("OpenTelemetry: error.type on the span, the exception as a log record in its context, and the counter", async () => {
  const hook = otelErrors();
  respondIn("GET /repos/x", errors.REPO_NOT_FOUND?.({ repoId: "x" }), hook);
  respondIn("POST /crash", new Error("db down: password=hunter2"), hook);
  respondIn("GET /repos/y", errors.REPO_NOT_FOUND?.({ repoId: "y" }), hook);
  const [notFound, crash] = spans.getFinishedSpans();
  assert.equal(notFound?.attributes["error.type"], "REPO_NOT_FOUND");
  assert.equal(crash?.attributes["error.type"], "INTERNAL_ERROR");
  assert.equal(crash?.status.code, 2, "a 5xx sets the span's status to ERROR");
  assert.equal(notFound?.events.length, 0, "no span event for the exception");
  const [first, second] = records.getFinishedLogRecords();
  assert.equal(first?.eventName, "exception");
  assert.equal(first?.spanContext?.spanId, notFound?.spanContext().spanId, "the record is in the span's context");
  assert.deepEqual(
    [first?.attributes["exception.type"], first?.attributes["error.type"], first?.severityText],
    ["REPO_NOT_FOUND", "REPO_NOT_FOUND", "WARN"],
  );
  assert.deepEqual(
    [second?.attributes["exception.type"], second?.attributes["exception.message"], second?.severityText],
    ["Error", "db down: password=hunter2", "ERROR"],
  );
  assert.match(String(second?.attributes["exception.stacktrace"]), /telemetry\.test\.ts/);
  const { resourceMetrics } = await reader.collect();
  const counter = resourceMetrics.scopeMetrics
    .flatMap((s) => s.metrics)
    .find((m) => m.descriptor.name === "errata.errors");
  assert.deepEqual(
    counter?.dataPoints.map((p) => [p.attributes, p.value]),
    [
      [{ code: "REPO_NOT_FOUND", kind: "not_found", status: "404", operation: "" }, 2],
      [{ code: "INTERNAL_ERROR", kind: "server", status: "500", operation: "" }, 1],
    ],
  );
});

test("Prometheus: prom-client's counter with the same labels, in the registry given", async () => {
  const registry = new Registry();
  const prometheus = prometheusErrors(promClient, { registers: [registry] });
  const failing = () => {
    throw new Error("a broken hook");
  };
  const hook = onErrors(failing, prometheus.onError);
  toResponse(errors.REPO_NOT_FOUND?.({ repoId: "x" }), { catalog, logger: quiet, onError: hook });
  toResponse(errors.REPO_NOT_FOUND?.({ repoId: "x" }), { catalog, logger: quiet, onError: hook });
  const text = await registry.metrics();
  assert.match(text, /^errata_errors_total\{code="REPO_NOT_FOUND",kind="not_found",status="404",operation=""\} 2$/m);
});

test("Sentry: events of one error group together by catalog and code, whatever their stacks", async () => {
  const sent: { fingerprint?: string[]; tags?: Record<string, unknown> }[] = [];
  Sentry.init({
    dsn: "https://public@errata.invalid/1",
    defaultIntegrations: false,
    beforeSend: errataBeforeSend,
    transport: () =>
      Sentry.createTransport({ recordDroppedEvent: () => {} }, async (request) => {
        for (const line of String(request.body).split("\n")) {
          const item = JSON.parse(line) as {
            exception?: unknown;
            fingerprint?: string[];
            tags?: Record<string, unknown>;
          };
          if (item.exception) sent.push(item);
        }
        return { statusCode: 200 };
      }),
  });
  const here = () => errors.REPO_NOT_FOUND?.({ repoId: "a" });
  const there = () => errors.REPO_NOT_FOUND?.({ repoId: "b" });
  Sentry.captureException(here());
  Sentry.captureException(there());
  Sentry.captureException(new Error("plain"));
  await Sentry.flush(2000);
  assert.deepEqual(
    sent.map((e) => e.fingerprint),
    [["errata", "gitclaw", "REPO_NOT_FOUND"], ["errata", "gitclaw", "REPO_NOT_FOUND"], undefined],
  );
  assert.deepEqual(sent[0]?.tags, {
    "errata.code": "REPO_NOT_FOUND",
    "errata.kind": "not_found",
    "errata.status": "404",
  });
  await Sentry.close();
});
