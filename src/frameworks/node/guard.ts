/**
 * Guards for node:http and Express 5: `nodeGuard(...guards)` is an Express-style
 * middleware `(req, res, next)`. It reads the body a body parser left
 * (`req.rawBody`, else `req.body`), so in Express it goes after `express.json()`;
 * in plain node:http set `req.rawBody` first and pass your handler as `next`.
 * The response of what runs after it is buffered, so it can be stored and replayed,
 * unless every guard is a gate (rateLimit, replayGuard): then the gates decide first,
 * their headers are set, and the response streams through untouched.
 */
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { admitAll, allGates, runGuards } from "../../guard/chain.js";
import { flattenHeaders } from "../../guard/headers.js";
import type { Admission, Guard, GuardRequest, GuardResponse } from "../../guard/types.js";

type Req = IncomingMessage & { rawBody?: unknown; body?: unknown; originalUrl?: string };

/** The bytes of what a body parser left (the raw body, else the parsed one as JSON); Koa's guard reads it too. */
export function bodyBytes(raw: unknown): Uint8Array | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (raw instanceof Uint8Array) return raw;
  if (typeof raw === "string") return Buffer.from(raw);
  return Buffer.from(JSON.stringify(raw) ?? "");
}

/** True when the request says it carries a body (a non-zero Content-Length, or chunks). */
export function announcesBody(headers: IncomingHttpHeaders): boolean {
  const length = headers["content-length"];
  return (length !== undefined && length !== "0") || headers["transfer-encoding"] !== undefined;
}

/** Run `next`, holding back what it writes to `res`, and resolve with it. */
function capture(res: ServerResponse, next: () => void): Promise<GuardResponse> {
  const { writeHead, write, end } = res;
  return new Promise<GuardResponse>((resolve) => {
    const chunks: Buffer[] = [];
    let extra: OutgoingHttpHeaders = {};
    const chunk = (data: unknown, encoding?: unknown) => {
      if (data === undefined || data === null || typeof data === "function") return;
      chunks.push(
        typeof data === "string"
          ? Buffer.from(data, (encoding as BufferEncoding) ?? "utf8")
          : Buffer.from(data as Uint8Array),
      );
    };
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      res.statusCode = status;
      const headers = rest.find((r) => typeof r === "object" && r !== null);
      if (headers && !Array.isArray(headers)) extra = { ...extra, ...(headers as OutgoingHttpHeaders) };
      return res;
    }) as typeof res.writeHead;
    res.write = ((data: unknown, encoding?: unknown, cb?: () => void) => {
      chunk(data, encoding);
      (typeof encoding === "function" ? encoding : cb)?.();
      return true;
    }) as typeof res.write;
    res.end = ((data?: unknown, encoding?: unknown, cb?: () => void) => {
      chunk(data, encoding);
      Object.assign(res, { writeHead, write, end });
      resolve({
        status: res.statusCode,
        headers: { ...flattenHeaders(res.getHeaders()), ...flattenHeaders(extra) },
        body: Buffer.concat(chunks),
      });
      (typeof data === "function" ? data : typeof encoding === "function" ? encoding : cb)?.();
      return res;
    }) as typeof res.end;
    next();
  });
}

/** Gates only: their decision (at once, when no gate waits on I/O), then the handler with their headers set. */
function admitThenNext(
  guards: readonly Guard[],
  guarded: GuardRequest,
  res: ServerResponse,
  next: (error?: unknown) => void,
  send: (res: ServerResponse, out: GuardResponse) => void,
): void {
  let admission: Admission | Promise<Admission>;
  try {
    admission = admitAll(guards, guarded);
  } catch (error) {
    next(error);
    return;
  }
  // A gate that needed no I/O has decided already: go on in this same turn.
  if (!(admission instanceof Promise)) {
    proceed(admission, res, next, send);
    return;
  }
  admission.then(
    (decided) => proceed(decided, res, next, send),
    (error: unknown) => next(error),
  );
}

/** Send the refusal, or set the gates' headers and go on to the handler. */
function proceed(
  admission: Admission,
  res: ServerResponse,
  next: (error?: unknown) => void,
  send: (res: ServerResponse, out: GuardResponse) => void,
): void {
  if ("refusal" in admission) {
    send(res, admission.refusal);
    return;
  }
  if (admission.headers) for (const name in admission.headers) res.setHeader(name, admission.headers[name] as string);
  next();
}

/** The guards as node:http / Express middleware. */
export function nodeGuard(...guards: Guard[]) {
  const gatesOnly = allGates(guards);
  const send = (res: ServerResponse, out: GuardResponse) => {
    if (res.headersSent) return;
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.writeHead(out.status, out.headers).end(out.body);
  };
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    const request = req as Req;
    const body = bodyBytes(request.rawBody ?? request.body);
    // The target as the client sent it: under an Express mount, req.url and req.path are
    // relative to the mount point, so two mounts would share one fingerprint.
    // Origin-form targets ("/path?query") are split as they are; anything else is parsed.
    const target = request.originalUrl ?? req.url ?? "/";
    const url = target.startsWith("/") ? undefined : new URL(target, "http://localhost");
    const mark = url ? -1 : target.indexOf("?");
    // A body no parser read (text/plain behind express.json()): the guard cannot tell two of them apart.
    const unseen =
      body === undefined && announcesBody(req.headers)
        ? `no body parser read this ${req.headers["content-type"] ?? "untyped"} body: put one before the guard (express.raw(), express.text()), or set req.rawBody`
        : undefined;
    const guarded: GuardRequest = {
      method: req.method ?? "GET",
      path: url ? url.pathname : mark < 0 ? target : target.slice(0, mark),
      query: url ? url.search.slice(1) : mark < 0 ? "" : target.slice(mark + 1),
      headers: req.headers,
      ...(body ? { body } : {}),
      ...(unseen ? { bodyUnseen: unseen } : {}),
      // The peer, not Express's req.ip: proxies are trusted by the guard's own `trustProxy`.
      ...(req.socket?.remoteAddress ? { ip: req.socket.remoteAddress } : {}),
    };
    if (gatesOnly) {
      admitThenNext(guards, guarded, res, next, send);
      return;
    }
    runGuards(guards, guarded, () => capture(res, () => next())).then(
      (out) => send(res, out),
      (error: unknown) => next(error),
    );
  };
}
