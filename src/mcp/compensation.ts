/**
 * A step with its compensation, as TraceMem's decision lifecycle wants it: run the
 * action; on any error run the compensation (`decision_close` with `action:
 * rollback`), then throw the original error. A compensation that fails never masks
 * it: the original is thrown with the failure attached as `suppressed`, an error of
 * TC39's SuppressedError shape (`error`: the compensation's failure, `suppressed`:
 * the original, `cause`: the failure). As a scope for `await using`, the compensation
 * runs when the block is left without `done()`; a block's disposer cannot see the
 * error that left it, so a failed compensation is kept on the scope (`failure`), never
 * thrown over the original.
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

/** A compensation scope for `await using`: left without `done()`, it compensates. */
export interface CompensationScope extends AsyncDisposable {
  /** The step succeeded: leaving the block compensates nothing. */
  done(): void;
  /** What the compensation threw, if it ran and failed (it is never thrown over the block's error). */
  readonly failure?: unknown;
}

/**
 * A scope for `await using` that runs `compensate` when the block is left without `done()`.
 * @example
 * await using rollback = compensation(() => callTool(client, "decision_close", { decision_id: id, action: "rollback" }));
 * await writeDecision(id);
 * rollback.done();
 */
export function compensation(compensate: () => Promise<unknown> | unknown): CompensationScope {
  let finished = false;
  const scope: { done(): void; failure?: unknown; [Symbol.asyncDispose](): Promise<void> } = {
    done() {
      finished = true;
    },
    async [Symbol.asyncDispose]() {
      if (finished) return;
      finished = true;
      try {
        await compensate();
      } catch (failure) {
        scope.failure = failure;
      }
    },
  };
  return scope;
}
