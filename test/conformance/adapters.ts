/**
 * One error, sent by each server adapter (Fastify, Express, Hono, a Fetch handler)
 * to a client whose Accept asks for a given media type: what each adapter answers,
 * for the conformance tests to hand to their consumers.
 */
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import type { Catalog } from "../../src/catalog/model.js";
import type { ErrataError } from "../../src/runtime/ErrataError.js";
import { errataFastify, expressErrorHandler, honoErrorHandler, toResponse } from "../../src/server/index.js";

/** An adapter's answer: its name, its Content-Type, its body, and its headers (lower-case names). */
export type Answer = readonly [adapter: string, contentType: string, body: string, headers: Record<string, string>];

export async function adapterAnswers(
  catalog: Catalog,
  raise: () => ErrataError,
  accept: string,
  more: Record<string, string> = {},
): Promise<Answer[]> {
  const headers = { accept, ...more };
  const of = (h: Headers) => Object.fromEntries([...h.entries()]);
  const fail = () => {
    throw raise();
  };
  const answers: Answer[] = [];

  const f = Fastify();
  await f.register(errataFastify, { catalog });
  f.get("/x", async () => fail());
  const fr = await f.inject({ method: "GET", url: "/x", headers });
  answers.push(["fastify", String(fr.headers["content-type"]), fr.body, fr.headers as Record<string, string>]);
  await f.close();

  const app = express();
  app.get("/x", () => fail());
  app.use(expressErrorHandler({ catalog }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const er = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/x`, { headers });
  answers.push(["express", String(er.headers.get("content-type")), await er.text(), of(er.headers)]);
  server.close();

  const h = new Hono();
  h.onError(honoErrorHandler({ catalog }));
  h.get("/x", () => fail());
  const hr = await h.request("/x", { headers });
  answers.push(["hono", String(hr.headers.get("content-type")), await hr.text(), of(hr.headers)]);

  const tr = toResponse(raise(), { catalog, request: new Request("http://x/", { headers }) });
  answers.push(["fetch", String(tr.headers.get("content-type")), await tr.text(), of(tr.headers)]);
  return answers;
}
