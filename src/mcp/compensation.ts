/**
 * A step with its compensation, as TraceMem's decision lifecycle wants it: run the
 * action; on any error run the compensation (`decision_close` with `action:
 * rollback`), then throw the original error. A compensation that fails never masks
 * it: the original is thrown with the failure attached as `suppressed`, an error of
 * TC39's SuppressedError shape (`error`: the compensation's failure, `suppressed`:
 * the original, `cause`: the failure).
 */

/** TC39's SuppressedError shape: what failed while handling `suppressed`. */
export interface SuppressedErrorLike extends Error {
  readonly name: "SuppressedError";
  readonly error: unknown;
  readonly suppressed: unknown;
}

function suppressedError(failure: unknown, original: unknown): SuppressedErrorLike {
  const text = failure instanceof Error ? failure.message : String(failure);
  const error = new Error(`the compensation failed too: ${text}`, { cause: failure }) as Error &
    Record<string, unknown>;
  Object.defineProperties(error, {
    name: { value: "SuppressedError", enumerable: false },
    error: { value: failure, enumerable: true },
    suppressed: { value: original, enumerable: false },
  });
  return error as unknown as SuppressedErrorLike;
}

/**
 * Run `action`; on an error, run `compensate(error)` and throw the original error,
 * with a failed compensation attached as its `suppressed`.
 * @example await withCompensation(() => writeDecision(id), () => callTool(client, "decision_close", { decision_id: id, action: "rollback" }))
 */
export async function withCompensation<T>(
  action: () => Promise<T> | T,
  compensate: (error: unknown) => Promise<unknown> | unknown,
): Promise<T> {
  try {
    return await action();
  } catch (error) {
    try {
      await compensate(error);
    } catch (failure) {
      if (error !== null && typeof error === "object" && Object.isExtensible(error))
        Object.defineProperty(error, "suppressed", {
          value: suppressedError(failure, error),
          enumerable: false,
          configurable: true,
        });
    }
    throw error;
  }
}
