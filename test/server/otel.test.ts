/** The OpenTelemetry hook records the exception and the code on the active span; without a span it does nothing. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { type Context, type ContextManager, context, ROOT_CONTEXT, type Span, trace } from "@opentelemetry/api";
import { createErrors } from "../../src/runtime/createErrors.js";
import { recordOnSpan, toResponse } from "../../src/server/index.js";
import { loadBundled } from "../helpers.js";

/** The smallest synchronous context manager: enough for context.with in one call stack. */
class StackContextManager implements ContextManager {
  private stack: Context[] = [];
  active(): Context {
    return this.stack[this.stack.length - 1] ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    this.stack.push(ctx);
    try {
      return fn.call(thisArg, ...args);
    } finally {
      this.stack.pop();
    }
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.stack = [];
    return this;
  }
}

function recordingSpan() {
  const calls: { exceptions: unknown[]; attributes: Record<string, unknown>; status?: unknown } = {
    exceptions: [],
    attributes: {},
  };
  const span = {
    recordException: (e: unknown) => calls.exceptions.push(e),
    setAttributes: (a: Record<string, unknown>) => Object.assign(calls.attributes, a),
    setStatus: (s: unknown) => {
      calls.status = s;
    },
    spanContext: () => ({ traceId: `${"0".repeat(31)}1`, spanId: `${"0".repeat(15)}1`, traceFlags: 1 }),
  } as unknown as Span;
  return { span, calls };
}

test("records the thrown exception, code and status on the active span", () => {
  context.setGlobalContextManager(new StackContextManager());
  try {
    const { span, calls } = recordingSpan();
    const thrown = new Error("db down: secret");
    const res = context.with(trace.setSpan(context.active(), span), () =>
      toResponse(thrown, { onError: recordOnSpan }),
    );
    assert.equal(res.status, 500);
    assert.deepEqual(calls.exceptions, [thrown], "the original, on the server side");
    assert.equal(calls.attributes["errata.code"], "INTERNAL_ERROR");
    assert.equal(calls.attributes["errata.expected"], false);
    assert.equal(calls.attributes["http.response.status_code"], 500);
    assert.deepEqual(calls.status, { code: 2, message: "INTERNAL_ERROR" });

    const rate = recordingSpan();
    const gitclaw = loadBundled("gitclaw");
    const e = createErrors(gitclaw).RATE_LIMITED?.({ action: "star" });
    context.with(trace.setSpan(context.active(), rate.span), () =>
      toResponse(e, { onError: recordOnSpan, catalog: gitclaw }),
    );
    assert.equal(rate.calls.attributes["errata.code"], "RATE_LIMITED");
    assert.equal(rate.calls.status, undefined, "a 4xx does not mark the span as failed");
  } finally {
    context.disable();
  }
});

test("without an active span (no SDK), nothing happens and nothing breaks", () => {
  const res = toResponse("x", { onError: recordOnSpan });
  assert.equal(res.status, 500);
});
