/**
 * The circuit breaker: cockatiel's, counting the attempts that show a sick server
 * (no response, a timeout, a 5xx other than 501). Consecutive or ratio based; after
 * `halfOpenAfter` one probe goes through and its success closes the circuit. While
 * open, attempts fail fast with CIRCUIT_OPEN, which says when the next probe may go.
 */
import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type IBreaker,
  SamplingBreaker,
} from "cockatiel";
import { clientErrors } from "../own/client.js";
import { type ErrataError, isErrataError } from "../runtime/ErrataError.js";

/** Options of the circuit breaker. Give `consecutive` or `ratio`. */
export interface BreakerOptions {
  /** Open after this many failed attempts in a row (default 5 when `ratio` is not given). */
  readonly consecutive?: number;
  /** Open when this share of attempts (0–1) failed within `windowMs`. */
  readonly ratio?: number;
  /** The window of the ratio, in ms (default 10 s). */
  readonly windowMs?: number;
  /** Attempts per second below which the ratio is not judged (default 5). */
  readonly minimumRps?: number;
  /** How long the circuit stays open before a probe, in ms (default 5 s). */
  readonly halfOpenAfter?: number;
  /** Which errors count as failures (default: no response, timeouts, 5xx but 501). */
  readonly isFailure?: (error: ErrataError) => boolean;
}

export type BreakerState = "closed" | "open" | "half-open";

/** A state change, for logs and metrics. */
export interface BreakerStateChange {
  readonly state: BreakerState;
  readonly target: string;
  /** When open: when the next probe may go out. */
  readonly probeAt?: Date;
}

/** The default failure test: the server did not answer, or answered that it is failing. */
export function countsAgainstServer(error: ErrataError): boolean {
  const name = error.definition?.category;
  if (name === "client" || name === "client_timeout") return error.name !== "REQUEST_ABORTED";
  return error.status !== undefined && error.status >= 500 && error.status !== 501;
}

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "half-open",
  [CircuitState.Isolated]: "open",
};

/** One circuit breaker, shared by every call of a client. */
export class Breaker {
  readonly target: string;
  readonly halfOpenAfter: number;
  readonly #policy: CircuitBreakerPolicy;
  #openedAt: number | undefined;

  constructor(target: string, options: BreakerOptions, onChange?: (change: BreakerStateChange) => void) {
    this.target = target;
    this.halfOpenAfter = options.halfOpenAfter ?? 5000;
    const isFailure = options.isFailure ?? countsAgainstServer;
    const breaker: IBreaker =
      options.ratio !== undefined
        ? new SamplingBreaker({
            threshold: options.ratio,
            duration: options.windowMs ?? 10_000,
            minimumRps: options.minimumRps ?? 5,
          })
        : new ConsecutiveBreaker(options.consecutive ?? 5);
    this.#policy = circuitBreaker(
      handleWhen((e) => isErrataError(e) && isFailure(e)),
      { halfOpenAfter: this.halfOpenAfter, breaker },
    );
    this.#policy.onStateChange((state) => {
      if (state === CircuitState.Open) this.#openedAt = Date.now();
      const probeAt = this.probeAt;
      try {
        onChange?.({ state: STATES[state], target, ...(probeAt ? { probeAt } : {}) });
      } catch {
        // A failing listener must not break the circuit.
      }
    });
  }

  get state(): BreakerState {
    return STATES[this.#policy.state];
  }

  /** When open: when the next probe may go out. */
  get probeAt(): Date | undefined {
    if (this.#policy.state !== CircuitState.Open || this.#openedAt === undefined) return undefined;
    return new Date(this.#openedAt + this.halfOpenAfter);
  }

  /** Run one attempt through the circuit; CIRCUIT_OPEN while it is open. */
  async execute<T>(attempt: () => Promise<T>): Promise<T> {
    try {
      return await this.#policy.execute(attempt);
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw this.#openError();
      throw error;
    }
  }

  #openError(): ErrataError {
    const openedAt = this.#openedAt ?? Date.now();
    const probeAt = openedAt + this.halfOpenAfter;
    const wait = Math.max(0, probeAt - Date.now());
    return clientErrors.CIRCUIT_OPEN(
      { target: this.target, probeAt: new Date(probeAt).toISOString(), openedAt: new Date(openedAt).toISOString() },
      { retryAfter: Math.ceil(wait / 1000) },
    );
  }
}
