/**
 * Guards as Hono middleware: `app.use("/api/*", honoGuard(rateLimit(...), idempotency(...)))`.
 * Built from the Fetch guards' parts: the client's address from Hono's `c.env` (the
 * runtime's bindings), and when every guard is a gate, the handler's response passed
 * on as it is, with their headers.
 */

import { platformAddress } from "../../guard/address.js";
import { admitAll, allGates, runGuards } from "../../guard/chain.js";
import type { Guard } from "../../guard/types.js";
import { fromResponse, guardRequest, NO_BODY, toResponse, withHeaders } from "../fetch/guard.js";

/** What errata uses of Hono's context. */
export interface HonoGuardContext {
  readonly req: { readonly raw: Request; arrayBuffer(): Promise<ArrayBuffer> };
  /** The runtime's bindings: where the client's address is found. */
  readonly env?: unknown;
  res: Response;
}

/** The guards as Hono middleware: `app.use("/api/*", honoGuard(rateLimit(...), idempotency(...)))`. */
export function honoGuard(...guards: Guard[]) {
  const gatesOnly = allGates(guards);
  return async (c: HonoGuardContext, next: () => Promise<void>): Promise<Response | undefined> => {
    const raw = c.req.raw;
    const body = NO_BODY.has(raw.method) ? undefined : new Uint8Array(await c.req.arrayBuffer());
    const guarded = guardRequest(raw, body, platformAddress(raw, c.env));
    if (gatesOnly) {
      const admission = await admitAll(guards, guarded);
      if ("refusal" in admission) return toResponse(admission.refusal);
      await next();
      if (admission.headers) c.res = withHeaders(c.res, admission.headers);
      return undefined;
    }
    let passed = false;
    const out = await runGuards(guards, guarded, async () => {
      passed = true;
      await next();
      return fromResponse(c.res);
    });
    const response = toResponse(out);
    if (!passed) return response;
    c.res = response;
    return undefined;
  };
}
