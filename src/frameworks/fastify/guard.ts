/**
 * Guards for Fastify 5: `await app.register(fastifyGuard(rateLimit(...), idempotency(...)))`.
 * A preHandler hook runs the guards up to the handler; an onSend hook hands the
 * handler's reply (string, Buffer or serialized JSON) back to them, so it can be
 * stored, replayed or given headers. A guard that answers itself (a refusal, a
 * replay) sends its reply from the preHandler, and the handler never runs.
 */
import { runGuards } from "../../guard/chain.js";
import { flattenHeaders } from "../../guard/headers.js";
import type { Guard, GuardRequest, GuardResponse } from "../../guard/types.js";
import type { FastifyHooks, FastifyReplyLike, FastifyRequestLike } from "./types.js";

interface Pending {
  readonly deliver: (response: GuardResponse) => void;
  readonly fail: (error: Error) => void;
  readonly outcome: Promise<GuardResponse>;
}

function bytes(payload: unknown): Uint8Array | undefined {
  if (payload === null || payload === undefined) return new Uint8Array();
  if (typeof payload === "string") return Buffer.from(payload);
  if (payload instanceof Uint8Array) return payload;
  return undefined;
}

function answer(reply: FastifyReplyLike, response: GuardResponse): FastifyReplyLike {
  reply.code(response.status);
  for (const [name, value] of Object.entries(response.headers)) reply.header(name, value);
  return reply.send(Buffer.from(response.body));
}

/** The guards as a Fastify plugin, covering the context it is registered in. */
export function fastifyGuard(...guards: Guard[]) {
  const pending = new WeakMap<object, Pending>();
  const plugin = (fastify: object, _options: unknown, done: (error?: Error) => void): void => {
    const instance = fastify as FastifyHooks;
    instance.addHook("preHandler", async (request: FastifyRequestLike, reply: FastifyReplyLike) => {
      const raw = request.body;
      const body = raw === undefined ? undefined : (bytes(raw) ?? new TextEncoder().encode(JSON.stringify(raw) ?? ""));
      const url = new URL(request.url, "http://localhost");
      const guarded: GuardRequest = {
        method: request.method,
        path: url.pathname,
        query: url.search.slice(1),
        headers: request.headers,
        ...(body ? { body } : {}),
        ...(request.socket?.remoteAddress ? { ip: request.socket.remoteAddress } : {}),
      };
      let proceed: () => void = () => {};
      const proceeded = new Promise<null>((resolve) => {
        proceed = () => resolve(null);
      });
      let deliver: (response: GuardResponse) => void = () => {};
      let fail: (error: Error) => void = () => {};
      const delivered = new Promise<GuardResponse>((resolve, reject) => {
        deliver = resolve;
        fail = reject;
      });
      const outcome = runGuards(guards, guarded, () => {
        proceed();
        return delivered;
      });
      const first = await Promise.race([outcome, proceeded]);
      if (first) return answer(reply, first);
      pending.set(request, { deliver, fail, outcome });
      return undefined;
    });
    instance.addHook("onSend", async (request: FastifyRequestLike, reply: FastifyReplyLike, payload: unknown) => {
      const waiting = pending.get(request);
      if (!waiting) return payload;
      pending.delete(request);
      const body = bytes(payload);
      if (!body) {
        // A streamed reply cannot be held back: it goes out as it is, and an idempotency key is given back.
        waiting.fail(new Error("a streamed reply cannot be stored"));
        await waiting.outcome.catch(() => undefined);
        return payload;
      }
      waiting.deliver({ status: reply.statusCode, headers: flattenHeaders(reply.getHeaders()), body });
      const out = await waiting.outcome;
      reply.code(out.status);
      for (const [name, value] of Object.entries(out.headers)) reply.header(name, value);
      return Buffer.from(out.body);
    });
    done();
  };
  Object.defineProperty(plugin, Symbol.for("skip-override"), { value: true });
  Object.defineProperty(plugin, Symbol.for("fastify.display-name"), { value: "errata-guard" });
  return plugin;
}
