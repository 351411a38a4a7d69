/** Run guards in order around a handler: each may answer, or pass on to the next. */
import type { Guard, GuardRequest, GuardResponse, Next } from "./types.js";

export function runGuards(guards: readonly Guard[], request: GuardRequest, handler: Next): Promise<GuardResponse> {
  const at = (i: number): Promise<GuardResponse> => {
    const guard = guards[i];
    return guard ? guard.handle(request, () => at(i + 1)) : handler();
  };
  return at(0);
}
