/** Request and trace ids: a well-formed incoming X-Request-Id is kept, else one is made; W3C traceparent gives the trace id. */

const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,200}$/;
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The request id to use: the incoming one when well-formed, else a new UUID. */
export function requestIdFrom(incoming: string | undefined): string {
  return incoming !== undefined && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}

/** The trace id of a W3C traceparent header, when valid. */
export function traceIdFrom(traceparent: string | undefined): string | undefined {
  const m = traceparent ? TRACEPARENT.exec(traceparent.trim()) : null;
  if (!m || m[1] === "ff" || /^0+$/.test(m[2] as string) || /^0+$/.test(m[3] as string)) return undefined;
  return m[2];
}
