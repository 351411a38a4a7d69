/**
 * NDJSON logs, one JSON record a line: pino-http's request records (`req`, `res`
 * with its status and headers) and the records errata's own error handlers log
 * (`code`, `status`, `requestId`, `operation`). A pino-http record is joined with
 * errata's record of the same request through the X-Request-Id header errata sends,
 * so that its code is known though the body was not logged. Lines are split here
 * with a bound on their length; a line that is not JSON, or a record of neither
 * kind, is passed over and counted.
 */
import { type Exchange, headerRecord, objectAt, stringAt } from "./exchange.js";

/** The longest line read; a longer one is counted as unreadable. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;
/** errata records waiting for their pino-http record, at most. */
const MAX_WAITING = 100_000;

/** Lines of a byte stream, each with its 1-based number; longer lines come back as undefined. */
async function* lines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<[string | undefined, number]> {
  const decoder = new TextDecoder();
  let carry = "";
  let tooLong = false;
  let n = 0;
  for await (const chunk of chunks) {
    const parts = (carry + decoder.decode(chunk, { stream: true })).split("\n");
    carry = parts.pop() ?? "";
    for (const line of parts) {
      yield [tooLong ? undefined : line, ++n];
      tooLong = false;
    }
    if (carry.length > MAX_LINE_BYTES) {
      carry = "";
      tooLong = true;
    }
  }
  if (carry !== "" || tooLong) yield [tooLong ? undefined : carry, ++n];
}

/** errata's own log record of an error response. */
interface ErrataRecord {
  readonly code: string;
  readonly status: number;
  readonly requestId?: string;
  readonly operation?: string;
  readonly line: number;
}

function errataRecord(record: Record<string, unknown>, line: number): ErrataRecord | undefined {
  const { code, status } = record;
  if (typeof code !== "string" || typeof status !== "number" || objectAt(record, "res")) return undefined;
  const requestId = stringAt(record, "requestId");
  const operation = stringAt(record, "operation");
  return { code, status, line, ...(requestId ? { requestId } : {}), ...(operation ? { operation } : {}) };
}

function pinoHttpExchange(record: Record<string, unknown>, file: string, line: number): Exchange | undefined {
  const req = objectAt(record, "req");
  const res = objectAt(record, "res");
  const status = res?.statusCode;
  if (!req || typeof status !== "number" || !Number.isInteger(status)) return undefined;
  return {
    method: (stringAt(req, "method") ?? "").toUpperCase(),
    url: stringAt(req, "url") ?? "",
    status,
    ...(objectAt(res, "headers") ? { headers: headerRecord(res?.headers) } : {}),
    requestHeaders: headerRecord(req.headers),
    place: { file, line },
  };
}

/** An errata record on its own: what it says, without headers or a body. */
const alone = (r: ErrataRecord, file: string): Exchange => ({
  method: "",
  url: "",
  status: r.status,
  requestHeaders: {},
  code: r.code,
  ...(r.operation ? { operation: r.operation } : {}),
  place: { file, line: r.line },
});

/** What reading a log found beside its exchanges. */
export interface LogTally {
  /** Lines that are not JSON, or too long to read. */
  unreadable: number;
  /** JSON records of neither kind (the application's other log lines). */
  other: number;
}

/** The exchanges of an NDJSON log, in order; errata's records not joined with a pino-http one come last. */
export async function* logExchanges(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
  tally: LogTally,
): AsyncGenerator<Exchange> {
  const waiting = new Map<string, ErrataRecord>();
  for await (const [text, line] of lines(chunks)) {
    if (text === undefined) {
      tally.unreadable++;
      continue;
    }
    if (text.trim() === "") continue;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      tally.unreadable++;
      continue;
    }
    if (!record || typeof record !== "object" || Array.isArray(record)) {
      tally.other++;
      continue;
    }
    const own = errataRecord(record as Record<string, unknown>, line);
    if (own?.requestId) {
      if (waiting.size >= MAX_WAITING) {
        const [oldest] = waiting;
        if (oldest) yield alone(oldest[1], file);
        if (oldest) waiting.delete(oldest[0]);
      }
      waiting.set(own.requestId, own);
      continue;
    }
    if (own) {
      yield alone(own, file);
      continue;
    }
    const exchange = pinoHttpExchange(record as Record<string, unknown>, file, line);
    if (!exchange) {
      tally.other++;
      continue;
    }
    const id = exchange.headers?.["x-request-id"];
    const joined = id !== undefined ? waiting.get(id) : undefined;
    if (id !== undefined) waiting.delete(id);
    yield joined
      ? { ...exchange, code: joined.code, ...(joined.operation ? { operation: joined.operation } : {}) }
      : exchange;
  }
  for (const r of waiting.values()) yield alone(r, file);
}
