/**
 * The circuit breaker: cockatiel's, counting the attempts that show a sick server
 * (no response, a timeout, a 5xx other than 501). Consecutive or ratio based; after
 * `halfOpenAfter` one probe goes through and its success closes the circuit. While
 * open, attempts fail fast with CIRCUIT_OPEN, which says when the next probe may go.
 * cockatiel is loaded on the first attempt, not with errata/client: its module makes
 * an AbortController as it loads, which a worker's global scope forbids.
 */
import type { CircuitBreakerPolicy, CircuitState, IBreaker } from "cockatiel";
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

type Cockatiel = typeof import("cockatiel");
let loading: Promise<Cockatiel> | undefined;
const cockatiel = () => {
  loading ??= import("cockatiel");
  return loading;
};

/** cockatiel's state as errata names it. */
function stateOf(module: Cockatiel, state: CircuitState): BreakerState {
  if (state === module.CircuitState.HalfOpen) return "half-open";
  return state === module.CircuitState.Closed ? "closed" : "open";
}

/** One circuit breaker, shared by every call of a client. */
export class Breaker {
  readonly target: string;
  readonly halfOpenAfter: number;
  readonly #options: BreakerOptions;
  readonly #onChange: ((change: BreakerStateChange) => void) | undefined;
  #circuit: { readonly module: Cockatiel; readonly policy: CircuitBreakerPolicy } | undefined;
  #making: Promise<{ readonly module: Cockatiel; readonly policy: CircuitBreakerPolicy }> | undefined;
  #openedAt: number | undefined;

  constructor(target: string, options: BreakerOptions, onChange?: (change: BreakerStateChange) => void) {
    this.target = target;
    this.halfOpenAfter = options.halfOpenAfter ?? 5000;
    this.#options = options;
    this.#onChange = onChange;
  }

  async #make(): Promise<{ readonly module: Cockatiel; readonly policy: CircuitBreakerPolicy }> {
    const module = await cockatiel();
    const options = this.#options;
    const isFailure = options.isFailure ?? countsAgainstServer;
    const breaker: IBreaker =
      options.ratio !== undefined
        ? new module.SamplingBreaker({
            threshold: options.ratio,
            duration: options.windowMs ?? 10_000,
            minimumRps: options.minimumRps ?? 5,
          })
        : new module.ConsecutiveBreaker(options.consecutive ?? 5);
    const policy = module.circuitBreaker(
      module.handleWhen((e) => isErrataError(e) && isFailure(e)),
      { halfOpenAfter: this.halfOpenAfter, breaker },
    );
    policy.onStateChange((state) => {
      if (state === module.CircuitState.Open) this.#openedAt = Date.now();
      const probeAt = this.probeAt;
      try {
        this.#onChange?.({ state: stateOf(module, state), target: this.target, ...(probeAt ? { probeAt } : {}) });
      } catch {
        // A failing listener must not break the circuit.
      }
    });
    this.#circuit = { module, policy };
    return this.#circuit;
  }

  get state(): BreakerState {
    const circuit = this.#circuit;
    return circuit ? stateOf(circuit.module, circuit.policy.state) : "closed";
  }

  /** When open: when the next probe may go out. */
  get probeAt(): Date | undefined {
    if (this.state !== "open" || this.#openedAt === undefined) return undefined;
    return new Date(this.#openedAt + this.halfOpenAfter);
  }

  /** Run one attempt through the circuit; CIRCUIT_OPEN while it is open. */
  async execute<T>(attempt: () => Promise<T>): Promise<T> {
    this.#making ??= this.#make();
    const { module, policy } = this.#circuit ?? (await this.#making);
    try {
      return await policy.execute(attempt);
    } catch (error) {
      if (error instanceof module.BrokenCircuitError) throw this.#openError();
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
