/**
 * Guards as Koa middleware: `app.use(koaGuard(rateLimit(...), idempotency(...)))`,
 * after a body parser (@koa/bodyparser keeps the raw body, which the idempotency
 * fingerprint reads). What runs below it answers through the context; the guard
 * reads that answer back (status, headers, body) to store and replay it. When every
 * guard is a gate (rateLimit, replayGuard), the gates decide first and the answer
 * passes through untouched, with their headers.
 */
import type { IncomingMessage } from "node:http";
import { admitAll, allGates, runGuards } from "../../guard/chain.js";
import { flattenHeaders } from "../../guard/headers.js";
import type { Guard, GuardRequest, GuardResponse } from "../../guard/types.js";
import { announcesBody, bodyBytes } from "../node/guard.js";

/** What the guard reads and sets of a Koa context. */
export interface KoaGuardContext {
  readonly req: IncomingMessage;
  readonly method: string;
  readonly path: string;
  readonly querystring: string;
  readonly request: { readonly body?: unknown; readonly rawBody?: unknown };
  readonly response: { readonly headers: Record<string, unknown> };
  status: number;
  body: unknown;
  set(headers: Record<string, string>): void;
  remove(name: string): void;
}

function requestOf(ctx: KoaGuardContext): GuardRequest {
  const body = bodyBytes(ctx.request.rawBody ?? ctx.request.body);
  const headers = ctx.req.headers;
  const sent = announcesBody(headers);
  return {
    method: ctx.method,
    path: ctx.path,
    query: ctx.querystring,
    headers,
    ...(body ? { body } : {}),
    ...(body === undefined && sent
      ? { bodyUnseen: `no body parser read this ${headers["content-type"] ?? "untyped"} body: put one before koaGuard` }
      : {}),
    ...(ctx.req.socket?.remoteAddress ? { ip: ctx.req.socket.remoteAddress } : {}),
  };
}

/** The answer below the guard, as bytes: Koa serialises an object body as JSON, as it would have. */
async function answerOf(ctx: KoaGuardContext): Promise<GuardResponse> {
  const body = ctx.body;
  let bytes: Uint8Array;
  if (body === undefined || body === null) bytes = new Uint8Array();
  else if (body instanceof Uint8Array) bytes = body;
  else if (typeof body === "string") bytes = Buffer.from(body);
  else if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function") {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
    bytes = Buffer.concat(chunks);
  } else bytes = Buffer.from(JSON.stringify(body) ?? "");
  return { status: ctx.status, headers: flattenHeaders(ctx.response.headers), body: bytes };
}

/** Put the guards' answer on the context, in place of what was there. */
function put(ctx: KoaGuardContext, out: GuardResponse): void {
  for (const name of Object.keys(ctx.response.headers)) ctx.remove(name);
  const unanswered = ctx.body === undefined || ctx.body === null;
  ctx.status = out.status;
  ctx.set(out.headers);
  // Nothing below answered (Koa's bare 404): leave it so, for errataKoa to answer.
  if (!(unanswered && out.body.byteLength === 0)) ctx.body = Buffer.from(out.body);
}

/** The guards as Koa middleware. */
export function koaGuard(...guards: Guard[]) {
  const gatesOnly = allGates(guards);
  return async (ctx: KoaGuardContext, next: () => Promise<unknown>): Promise<void> => {
    const guarded = requestOf(ctx);
    if (gatesOnly) {
      const admission = await admitAll(guards, guarded);
      if ("refusal" in admission) return put(ctx, admission.refusal);
      if (admission.headers) ctx.set(admission.headers);
      await next();
      return;
    }
    put(
      ctx,
      await runGuards(guards, guarded, async () => {
        await next();
        return answerOf(ctx);
      }),
    );
  };
}
