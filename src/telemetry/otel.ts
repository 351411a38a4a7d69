/**
 * OpenTelemetry through @opentelemetry/api (a no-op without an SDK): on the active
 * span `error.type` is the catalog's code, as the stable semantic conventions ask,
 * with an ERROR status for a 5xx; the exception is a log record (`exception.*`
 * attributes, in the span's context), since span events for exceptions are being
 * deprecated; and the counter `errata.errors` counts each response by code, kind,
 * status and operation. The meter and logger are taken from the global providers
 * when an error comes, so an SDK registered after the hook is made is still used.
 */
import {
  type Counter,
  context,
  type Logger,
  logs,
  metrics,
  SeverityNumber,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import type { ErrorEvent } from "../server/respond.js";
import { read } from "../server/trust.js";
import { labelsOf } from "./labels.js";

const SCOPE = "errata";

/** The counter and logger of the providers registered now, made once per provider. */
const counters = new WeakMap<object, Counter>();
const loggers = new WeakMap<object, Logger>();

function counter(): Counter {
  const provider = metrics.getMeterProvider();
  let made = counters.get(provider);
  if (!made) {
    made = provider.getMeter(SCOPE).createCounter("errata.errors", {
      description: "Error responses, by the catalog's code and kind, the status and the operation",
      unit: "{error}",
    });
    counters.set(provider, made);
  }
  return made;
}

function logger(): Logger {
  const provider = logs.getLoggerProvider();
  let made = loggers.get(provider);
  if (!made) {
    made = provider.getLogger(SCOPE);
    loggers.set(provider, made);
  }
  return made;
}

/** The `exception.*` attributes of what was thrown: the declared error's, or the thrown value's own. */
function exceptionOf(event: ErrorEvent): Record<string, string> {
  const thrown = event.expected ? event.error : event.thrown;
  const type = read(thrown, "name");
  const message = read(thrown, "message");
  const stack = read(thrown, "stack");
  return {
    "exception.type": typeof type === "string" ? type : typeof thrown,
    ...(typeof message === "string" ? { "exception.message": message } : {}),
    ...(!event.expected && typeof stack === "string" ? { "exception.stacktrace": stack } : {}),
  };
}

/** An `onError` hook: the span's error.type, a log record of the exception, and the counter. */
export function otelErrors(): (event: ErrorEvent) => void {
  return (event) => {
    const span = trace.getActiveSpan();
    if (span) {
      span.setAttribute("error.type", event.error.code);
      if (event.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: event.error.code });
    }
    logger().emit({
      eventName: "exception",
      severityNumber: event.status >= 500 ? SeverityNumber.ERROR : SeverityNumber.WARN,
      severityText: event.status >= 500 ? "ERROR" : "WARN",
      body: event.error.message,
      context: context.active(),
      attributes: {
        ...exceptionOf(event),
        "error.type": event.error.code,
        "errata.request_id": event.requestId,
        "http.response.status_code": event.status,
        ...(event.operation ? { "errata.operation": event.operation } : {}),
      },
    });
    counter().add(1, { ...labelsOf(event) });
  };
}
