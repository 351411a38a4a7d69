/** A local HTTP server on 127.0.0.1 that answers each path with a script of steps, and records every hit. */

import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type ErrataError, isErrataError } from "../../src/runtime/ErrataError.js";
import { encode } from "../../src/wire/index.js";
import type { WireFormat } from "../../src/wire/types.js";

export type Step = (req: IncomingMessage, res: ServerResponse) => void;

export interface Hit {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

/** Answer with a JSON body. */
export const ok =
  (body: unknown = { ok: true }, status = 200): Step =>
  (_req, res) => {
    res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
  };

/** Answer with an errata error in a wire format, plus extra headers. */
export const fail =
  (error: ErrataError, format: WireFormat = "envelope", headers: Record<string, string> = {}): Step =>
  (_req, res) => {
    const encoded = encode(error, format);
    res.writeHead(encoded.status, { ...encoded.headers, ...headers }).end(encoded.body);
  };

/** Answer with a raw status, headers and text. */
export const raw =
  (status: number, text: string, headers: Record<string, string> = {}): Step =>
  (_req, res) => {
    res.writeHead(status, headers).end(text);
  };

/** Drop the connection without an answer. */
export const reset: Step = (req) => {
  req.socket.destroy();
};

/** Wait, then take the next step. */
export const slow =
  (ms: number, then: Step): Step =>
  (req, res) => {
    const timer = setTimeout(() => then(req, res), ms);
    res.on("close", () => clearTimeout(timer));
  };

export interface Scripted {
  readonly url: string;
  /** Script a path: the n-th request gets the n-th step; the last one repeats. */
  script(path: string, ...steps: Step[]): void;
  hits(path: string): Hit[];
  close(): Promise<void>;
}

export async function scriptedServer(): Promise<Scripted> {
  const scripts = new Map<string, Step[]>();
  const hits = new Map<string, Hit[]>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const list = hits.get(path) ?? [];
      hits.set(path, list);
      list.push({
        method: req.method ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        at: Date.now(),
      });
      const steps = scripts.get(path);
      const step = steps?.[Math.min(list.length - 1, steps.length - 1)];
      if (step) step(req, res);
      else res.writeHead(500).end("no script");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    script: (path, ...steps) => {
      scripts.set(path, steps);
      hits.set(path, []);
    },
    hits: (path) => hits.get(path) ?? [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The ErrataError a call rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<ErrataError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isErrataError(error), `not an ErrataError: ${String(error)}`);
    return error;
  }
  assert.fail("the call should have failed");
}
