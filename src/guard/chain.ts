/**
 * Running guards: in order around a handler, each may answer or pass on. Gates
 * (guards that decide before the handler and only add headers) can also run on
 * their own, so that an adapter need not hold the response back.
 */
import type { Admission, Guard, GuardRequest, GuardResponse, Next } from "./types.js";

export function runGuards(guards: readonly Guard[], request: GuardRequest, handler: Next): Promise<GuardResponse> {
  const at = (i: number): Promise<GuardResponse> => {
    const guard = guards[i];
    return guard ? guard.handle(request, () => at(i + 1)) : handler();
  };
  return at(0);
}

/** A guard made of its admission: refused, or the response with the gate's headers (the handler's win). */
export function gate(name: string, admit: (request: GuardRequest) => Admission | Promise<Admission>): Guard {
  return {
    name,
    admit,
    async handle(request, next) {
      const admission = await admit(request);
      if ("refusal" in admission) return admission.refusal;
      const response = await next();
      return admission.headers ? { ...response, headers: { ...admission.headers, ...response.headers } } : response;
    },
  };
}

/** True when every guard is a gate. */
export function allGates(guards: readonly Guard[]): boolean {
  return guards.every((g) => g.admit !== undefined);
}

/** The gates' admissions in order: the first refusal, or every header (a later gate's win). */
export function admitAll(guards: readonly Guard[], request: GuardRequest): Admission | Promise<Admission> {
  // One gate (the usual case) is its own admission, without a step of its own per request.
  const only = guards.length === 1 ? guards[0]?.admit : undefined;
  return only ? only(request) : admitEach(guards, request);
}

async function admitEach(guards: readonly Guard[], request: GuardRequest): Promise<Admission> {
  let headers: Record<string, string> | undefined;
  for (const guard of guards) {
    const admission = await (guard.admit as NonNullable<Guard["admit"]>)(request);
    if ("refusal" in admission) return admission;
    if (admission.headers) headers = headers ? { ...headers, ...admission.headers } : { ...admission.headers };
  }
  return { headers };
}
