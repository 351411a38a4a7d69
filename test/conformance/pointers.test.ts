/**
 * Every pointer errata sends resolves in the request body the client sent, checked
 * by an RFC 6901 implementation errata did not write (jsonpointer). Validation of the
 * whole JSON:API document (Fastify's schema) and of its attributes only (zod through
 * requestValidation, on Hono and Express); a wrong value points at itself, a missing
 * required field at its parent (JSON:API 1.1: a pointer names a value that is there).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import express from "express";
import fc from "fast-check";
import Fastify from "fastify";
import { Hono } from "hono";
import jsonpointer from "jsonpointer";
import inject from "light-my-request";
import { z } from "zod";
import { errataFastify, expressErrorHandler, honoErrorHandler, requestValidation } from "../../src/server/index.js";
import { pointerInBody } from "../../src/server/pointers.js";
import { loadBundled } from "../helpers.js";

const catalog = loadBundled("gitclaw");
const attributes = z.object({ name: z.string(), count: z.number().int() });
const schema = {
  type: "object",
  required: ["data"],
  properties: {
    data: {
      type: "object",
      required: ["type", "attributes"],
      properties: {
        type: { type: "string" },
        attributes: {
          type: "object",
          required: ["name", "count"],
          properties: { name: { type: "string" }, count: { type: "integer" } },
        },
      },
    },
  },
};

const BODIES = [
  { data: { type: "repos", attributes: { name: "x", count: "three" } } },
  { data: { type: "repos", attributes: { count: 3 } } },
  { data: { type: "repos", attributes: { count: "three" } } },
  { data: { type: "repos", attributes: {} } },
];

type Send = (body: unknown, accept: string) => Promise<{ status: number; text: string }>;

async function servers(): Promise<[string, Send][]> {
  const f = Fastify({ ajv: { customOptions: { allErrors: true } } });
  await f.register(errataFastify, { catalog });
  f.post("/repos", { schema: { body: schema } }, async () => ({}));
  await f.ready();
  const h = new Hono();
  h.post("/repos", async (c) => {
    const parsed = attributes.safeParse(((await c.req.json()) as { data?: { attributes?: unknown } }).data?.attributes);
    if (!parsed.success) throw requestValidation(parsed.error);
    return c.json({});
  });
  h.onError(honoErrorHandler({ catalog }));
  const e = express();
  e.post("/repos", express.json(), (req) => {
    const parsed = attributes.safeParse((req.body as { data?: { attributes?: unknown } }).data?.attributes);
    if (!parsed.success) throw requestValidation(parsed.error);
  });
  e.use(expressErrorHandler({ catalog }));
  const headers = (accept: string) => ({ accept, "content-type": "application/json" });
  return [
    [
      "fastify (whole document)",
      async (body, accept) => {
        const r = await f.inject({ method: "POST", url: "/repos", headers: headers(accept), payload: body as object });
        return { status: r.statusCode, text: r.body };
      },
    ],
    [
      "hono (attributes)",
      async (body, accept) => {
        const r = await h.request("/repos", { method: "POST", headers: headers(accept), body: JSON.stringify(body) });
        return { status: r.status, text: await r.text() };
      },
    ],
    [
      "express (attributes)",
      async (body, accept) => {
        const r = await inject(e, {
          method: "POST",
          url: "/repos",
          headers: headers(accept),
          payload: JSON.stringify(body),
        });
        return { status: r.statusCode, text: r.body };
      },
    ],
  ];
}

/** The pointers of a response: JSON:API's source.pointer, problem's errors[].pointer (a URI fragment). */
function pointersOf(text: string): string[] {
  const body = JSON.parse(text) as { errors?: { pointer?: string; source?: { pointer?: string } }[] };
  return (body.errors ?? []).map((e) => e.source?.pointer ?? decodeURIComponent((e.pointer ?? "").replace(/^#/, "")));
}

test("every problem and JSON:API pointer resolves in the body that was sent", async () => {
  let count = 0;
  for (const [name, send] of await servers()) {
    for (const body of BODIES) {
      for (const accept of ["application/problem+json", "application/vnd.api+json"]) {
        const { status, text } = await send(body, accept);
        assert.equal(status, 400, `${name} ${text}`);
        const pointers = pointersOf(text);
        assert.ok(pointers.length > 0, `${name}: ${text}`);
        for (const pointer of pointers) {
          assert.notEqual(
            jsonpointer.get(body, pointer),
            undefined,
            `${name} ${accept}: ${pointer} in ${JSON.stringify(body)}`,
          );
          count++;
        }
      }
    }
  }
  assert.ok(count >= 3 * 4 * 2, `${count} pointers`);
});

test("a wrong value points at itself, a missing field at its parent object", async () => {
  const [[, fastify], [, hono]] = (await servers()) as [[string, Send], [string, Send]];
  for (const send of [fastify, hono]) {
    const wrong = pointersOf((await send(BODIES[0], "application/vnd.api+json")).text);
    assert.deepEqual(wrong, ["/data/attributes/count"]);
    const missing = pointersOf((await send(BODIES[1], "application/problem+json")).text);
    assert.deepEqual(missing, ["/data/attributes"]);
  }
});

test("the pointer to any path in any body resolves there (property, against jsonpointer)", () => {
  const key = fc.constantFrom("a", "b", "0", "1", "data", "attributes", "x/y", "~t", "");
  fc.assert(
    fc.property(
      fc.object({ key, maxDepth: 4 }).map((b) => JSON.parse(JSON.stringify(b)) as object),
      fc.array(key, { maxLength: 5 }),
      (body, steps) => {
        const pointer = pointerInBody(body, steps.join(".")) as string;
        assert.notEqual(jsonpointer.get(body, pointer), undefined, pointer);
      },
    ),
    { numRuns: 2000 },
  );
});
