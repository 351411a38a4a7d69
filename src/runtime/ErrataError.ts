/**
 * ErrataError: the error every catalog entry becomes at runtime. It carries the
 * catalog identity (name, code), HTTP status, category, message, typed details,
 * retry advice and an ES2022 cause chain. `toJSON` never includes a stack.
 * A global-symbol brand makes `isErrataError` and `instanceof` work across copies.
 */
import type { Kind } from "../catalog/kinds.js";
import type { ErrorDefinition } from "../catalog/model.js";

/** The brand every ErrataError carries, shared by every copy of errata in a process. */
export const ERRATA_BRAND: unique symbol = Symbol.for("errata.error") as never;

/** What an ErrataError is made of. Factories fill this from the catalog. */
export interface ErrataErrorInit<Name extends string = string, Details = Readonly<Record<string, unknown>>> {
  readonly name: Name;
  /** The catalog code; defaults to the name. */
  readonly code?: string;
  readonly message: string;
  /** HTTP status; defaults to 500. null: the error has none (`status: none`, a CLI's or an SDK's error). */
  readonly status?: number | null;
  /** Catalog category id; defaults to the kind. */
  readonly category?: string;
  /** Built-in kind; defaults to "server". */
  readonly kind?: Kind;
  readonly details?: Details;
  readonly retryable?: boolean;
  /** Seconds to wait before a retry; ignored unless finite and not negative. */
  readonly retryAfter?: number;
  readonly subcode?: string;
  readonly reason?: string;
  readonly requestId?: string;
  readonly cause?: unknown;
  /** Capture a stack trace (default true). Expected errors are cheaper without. */
  readonly stack?: boolean;
  /** The catalog entry this error instantiates (set by factories and decoders). */
  readonly definition?: ErrorDefinition;
  /** The body this error was decoded from, kept as received. */
  readonly raw?: unknown;
  /** Another service's error: decoded from its response, or raised by the client calling it. */
  readonly upstream?: boolean;
  /** The message in the language asked for, and the locale it is in. */
  readonly localized?: { readonly locale: string; readonly message: string };
}

/** The JSON form of an ErrataError: everything but the stack. */
export interface ErrataErrorJSON {
  readonly name: string;
  readonly code: string;
  readonly message: string;
  readonly status?: number;
  readonly category: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly retryable: boolean;
  readonly retryAfter?: number;
  readonly subcode?: string;
  readonly reason?: string;
  readonly requestId?: string;
  readonly docs?: string;
  /** The cause, when it is itself an ErrataError; other causes may hold internals and are left out. */
  readonly cause?: ErrataErrorJSON;
}

/** True for an ErrataError from any copy of errata loaded in the process. */
export function isErrataError(value: unknown): value is ErrataError {
  return typeof value === "object" && value !== null && (value as { [ERRATA_BRAND]?: unknown })[ERRATA_BRAND] === true;
}

/**
 * An error declared in a catalog. Factories construct ErrataError itself, one
 * level below Error, because every class level makes V8's stack capture slower;
 * the kind classes still match through `Symbol.hasInstance` (brand and kind).
 * Fields are `declare`d and assigned once in the constructor: class-field
 * definitions would define each property twice on every construction.
 */
export class ErrataError<Name extends string = string, Details = Readonly<Record<string, unknown>>> extends Error {
  /** The catalog name of the error, such as RATE_LIMITED. */
  declare readonly name: Name;
  /** The catalog code, such as E012 or 0x0101; the name when the catalog has no codes. */
  readonly code: string;
  /** The HTTP status; undefined for an error the catalog gives none (`status: none`). */
  readonly status: number | undefined;
  readonly category: string;
  declare readonly kind: Kind;
  declare readonly details: Details;
  /** True when the same request may be retried (after `retryAfter` when set). */
  readonly retryable: boolean;
  /** Seconds to wait before retrying, when known. */
  declare readonly retryAfter: number | undefined;
  declare readonly subcode: string | undefined;
  declare readonly reason: string | undefined;
  /** The request this error answered, when known (set by servers and clients). */
  declare requestId: string | undefined;
  /** For decoded errors: the body as received (never serialized by toJSON). */
  declare readonly raw: unknown;
  /**
   * True for another service's error (decoded from its response, or raised by
   * errata's client while calling it). Server adapters send such an error as this
   * API's UPSTREAM_FAILED, not as their own (see `passThrough` in errata/server).
   */
  declare upstream: boolean;
  /** The message in the language the error was raised for (`locale` option), with that locale; absent otherwise. */
  declare readonly localized: { readonly locale: string; readonly message: string } | undefined;
  readonly #definition: ErrorDefinition | undefined;

  constructor(init: ErrataErrorInit<Name, Details>) {
    const limit = Error.stackTraceLimit;
    // A limit that is not a number makes V8 skip the capture altogether; 0 still captures an empty trace.
    if (init.stack === false) Error.stackTraceLimit = undefined as unknown as number;
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    if (init.stack === false) {
      Error.stackTraceLimit = limit;
      // What an empty trace would have shown: the stack is a string, as consumers expect.
      this.stack = `${init.name}: ${init.message}`;
    }
    this.name = init.name;
    this.code = init.code ?? init.name;
    this.status = init.status === null ? undefined : (init.status ?? 500);
    this.kind = init.kind ?? (new.target as { kind?: Kind }).kind ?? "server";
    this.category = init.category ?? this.kind;
    this.details = init.details ?? ({} as Details);
    this.retryable = init.retryable ?? false;
    const after = init.retryAfter;
    this.retryAfter = after !== undefined && Number.isFinite(after) && after >= 0 ? after : undefined;
    this.subcode = init.subcode;
    this.reason = init.reason;
    this.requestId = init.requestId;
    this.raw = init.raw;
    this.upstream = init.upstream === true;
    // Only errors raised for a language get the field: the others keep the shape V8 optimised.
    if (init.localized !== undefined) (this as { localized?: unknown }).localized = init.localized;
    this.#definition = init.definition;
  }

  /** The catalog definition behind this error, when it came from a catalog. */
  get definition(): ErrorDefinition | undefined {
    return this.#definition;
  }

  /** Documentation URL of the error, when the catalog gives one. */
  get docs(): string | undefined {
    return this.definition?.docsUrl;
  }

  /** JSON form: identity, status, details and retry advice; never the stack. */
  toJSON(): ErrataErrorJSON {
    const cause = (this as { cause?: unknown }).cause;
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      category: this.category,
      details: this.details as Readonly<Record<string, unknown>>,
      retryable: this.retryable,
      retryAfter: this.retryAfter,
      subcode: this.subcode,
      reason: this.reason,
      requestId: this.requestId,
      docs: this.docs,
      cause: isErrataError(cause) ? cause.toJSON() : undefined,
    };
  }

  /** Errors of a kind are instances of the kind's class, across copies of errata. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (!isErrataError(value)) return false;
    if (this === ErrataError) return true;
    if (Object.hasOwn(this, "kind")) return value.kind === (this as unknown as { kind: Kind }).kind;
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

Object.defineProperty(ErrataError.prototype, ERRATA_BRAND, { value: true });
