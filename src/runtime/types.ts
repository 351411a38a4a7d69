/**
 * Compile-time types of a catalog declared in TypeScript: each error becomes a
 * factory whose details parameter is derived from its message template and its
 * declared details fields, so a missing or misspelt parameter fails to compile.
 */
import type { Catalog, ErrorDefinition } from "../catalog/model.js";
import type { CatalogInput } from "../catalog/schema.js";
import type { ErrataError } from "./ErrataError.js";

type DetailTypeName = "string" | "integer" | "number" | "boolean" | "object" | "array";

interface DetailTypes {
  string: string;
  integer: number;
  number: number;
  boolean: boolean;
  object: Readonly<Record<string, unknown>>;
  array: readonly unknown[];
}

/** Deeply readonly: the constraint `const` type parameters need to infer literals and tuples. */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer E)[]
    ? readonly DeepReadonly<E>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

type Simplify<T> = { [K in keyof T]: T[K] };
type Empty = Record<never, never>;

/** The `{param}` names of a plain template; `{{` escapes are skipped. */
type PlainParams<S> = S extends `${string}{${infer P}}${infer Rest}`
  ? P extends `{${string}`
    ? PlainParams<Rest>
    : P | PlainParams<Rest>
  : never;

type Trim<S extends string> = S extends ` ${infer T}` ? Trim<T> : S extends `${infer T} ` ? Trim<T> : S;

/** A name an argument can have: no spaces, no `#`, no quote (option text such as `# keys` is not one). */
type ArgumentName<N extends string> = N extends ""
  ? never
  : N extends `${string}${" " | "#" | "'"}${string}`
    ? never
    : N;

/** The argument named by a `{…}` piece of an ICU message, as the first `}` cut it: its head, and a nested one at its end. */
type IcuPiece<P extends string> =
  | (P extends `${infer Head}{${string}`
      ? Head extends `${infer N},${string}`
        ? ArgumentName<Trim<N>>
        : never
      : P extends `${infer N},${string}`
        ? ArgumentName<Trim<N>>
        : ArgumentName<Trim<P>>)
  | (P extends `${string}{${infer Tail}` ? IcuTail<Tail> : never);

type IcuTail<T extends string> = T extends `${string}{${infer U}`
  ? IcuTail<U>
  : T extends `${infer N},${string}`
    ? ArgumentName<Trim<N>>
    : ArgumentName<Trim<T>>;

type IcuParams<S> = S extends `${string}{${infer P}}${infer Rest}` ? IcuPiece<P> | IcuParams<Rest> : never;

/** True when a message has an ICU argument (`{count, plural, …}`): a `{…}` piece with a comma. */
type IsIcu<S> = S extends `${string}{${infer P}}${infer Rest}`
  ? P extends `${string},${string}`
    ? true
    : IsIcu<Rest>
  : false;

/**
 * The parameter names of a message template type: `{field}` in errata's syntax
 * (`{{` escapes skipped), or the arguments of an ICU MessageFormat message
 * (`{count, plural, one {# key} other {# keys}}` takes `count`).
 */
export type TemplateParams<S> = IsIcu<S> extends true ? IcuParams<S> : PlainParams<S>;

type MessageOf<E> = E extends { readonly message: infer M extends string }
  ? M
  : E extends { readonly description: infer D extends string }
    ? D
    : "";

type FieldsOf<E> = E extends { readonly details: infer D extends object } ? D : Empty;

/** The TypeScript type of a details field declaration. */
export type FieldValue<F> = F extends DetailTypeName
  ? DetailTypes[F]
  : F extends { readonly type: infer T extends DetailTypeName }
    ?
        | (F extends { readonly enum: readonly (infer V)[] }
            ? V
            : T extends "array"
              ? F extends { readonly items: infer I extends DetailTypeName }
                ? readonly DetailTypes[I][]
                : readonly unknown[]
              : DetailTypes[T])
        | (F extends { readonly nullable: true } ? null : never)
    : unknown;

type RequiredKeys<E> = {
  [K in keyof FieldsOf<E>]: FieldsOf<E>[K] extends { readonly required: false }
    ? never
    : FieldsOf<E>[K] extends { readonly required: true }
      ? K
      : K extends TemplateParams<MessageOf<E>>
        ? K
        : never;
}[keyof FieldsOf<E>];

type DeclaredDetails<E> = Simplify<
  { readonly [K in RequiredKeys<E> & string]: FieldValue<FieldsOf<E>[K]> } & {
    readonly [K in Exclude<keyof FieldsOf<E>, RequiredKeys<E>> & string]?: FieldValue<FieldsOf<E>[K]>;
  } & { readonly [K in Exclude<TemplateParams<MessageOf<E>>, keyof FieldsOf<E>>]: string | number }
>;

/**
 * No details at all: an empty object, and nothing else. (TypeScript's `{}` would take
 * any object, and its fields would go on the wire undeclared.)
 */
type NoDetails = { readonly [field: string]: never };

/** The details an error of the catalog takes: template parameters and declared fields. */
export type DetailsOf<E> = [keyof DeclaredDetails<E>] extends [never] ? NoDetails : DeclaredDetails<E>;

type KeysOf<E, Field extends string> = E extends { readonly [F in Field]: infer S extends object }
  ? keyof S & string
  : never;

/** Options of one raise, besides the details. */
export interface RaiseOptions<
  Subcode extends string = string,
  Reason extends string = string,
  Locale extends string = string,
> {
  /** The error that led to this one (ES2022 cause chain). */
  readonly cause?: unknown;
  /** Replaces the rendered template, for a message more specific than the catalog's. */
  readonly message?: string;
  /** Seconds before a retry; defaults to a numeric `retryAfter` details field, then the catalog's delay. */
  readonly retryAfter?: number;
  readonly requestId?: string;
  /** A sub-code declared under the error. */
  readonly subcode?: Subcode;
  /** A reason code declared under the error. */
  readonly reason?: Reason;
  /** Capture a stack trace; the catalog's default applies when omitted. */
  readonly stack?: boolean;
  /**
   * A BCP 47 tag: the error also carries its message in that language (`localized`),
   * falling back through the tag's parents (fr-CA → fr) to the catalog's default.
   * `message` stays in the default language, for logs. A catalog declared in
   * TypeScript takes its declared locales and their subtags (fr, fr-CA), nothing else.
   */
  readonly locale?: Locale;
  /** With `locale`: `message` is in that language too (logs in the caller's language); default false. */
  readonly localizeMessage?: boolean;
}

/**
 * The code an error of a catalog declared in TypeScript carries: its own `code` as
 * written (a number as its decimal text), else its name, which is the code in the
 * "name" and "free" styles. A literal, so that `switch (error.code)` narrows.
 */
export type CodeOf<N extends string, E> = E extends { readonly code: infer K extends string }
  ? K
  : E extends { readonly code: infer K extends number }
    ? `${K}`
    : N;

/**
 * What an error is sure to carry beyond ErrataError's fields: its code's literal, and
 * a `retryAfter` when its retry advice gives a delay (`delaySeconds`), which a raise
 * and a decoded error both fall back to.
 */
export type GuaranteesOf<N extends string, E> = { readonly code: CodeOf<N, E> } & (E extends {
  readonly retry: { readonly delaySeconds: number };
}
  ? { readonly retryAfter: number }
  : Empty);

/** A function that raises one error of a catalog, with its identity attached. */
export interface ErrorFactory<
  Name extends string = string,
  Details = Readonly<Record<string, unknown>>,
  Subcode extends string = string,
  Reason extends string = string,
  Locale extends string = string,
  Guarantees = Empty,
> {
  (
    ...args: Empty extends Details
      ? [details?: Details, options?: RaiseOptions<Subcode, Reason, Locale>]
      : [details: Details, options?: RaiseOptions<Subcode, Reason, Locale>]
  ): ErrataError<Name, Details> & Guarantees;
  /** The error's name, such as RATE_LIMITED. */
  readonly name: Name;
  /** The error's code in the catalog's style. */
  readonly code: string;
  readonly definition: ErrorDefinition;
  /** True when `value` is this error (from any copy of errata). */
  is(value: unknown): value is ErrataError<Name, Details> & Guarantees;
}

/** The tags an error of the catalog may be raised for: a declared locale, or one of its subtags (fr-CA for fr). */
export type LocaleTagOf<C> = C extends { readonly locales: readonly (infer L extends string)[] }
  ? L | `${L}-${string}`
  : string;

/** The factories of a catalog declared in TypeScript, one per error. */
export type Factories<C> = C extends { readonly errors: infer Errors extends object }
  ? {
      readonly [N in keyof Errors & string]: ErrorFactory<
        N,
        DetailsOf<Errors[N]>,
        KeysOf<Errors[N], "subcodes">,
        KeysOf<Errors[N], "reasons">,
        LocaleTagOf<C>,
        GuaranteesOf<N, Errors[N]>
      >;
    }
  : never;

/** Factories of a catalog known only at run time (loaded from a file). */
export type UntypedFactories = Readonly<Record<string, ErrorFactory>>;

/** A catalog ready to raise errors: the model every surface reads, and the factories. */
export interface DefinedCatalog<F = UntypedFactories> {
  readonly catalog: Catalog;
  readonly errors: F;
}

/** What `defineCatalog` accepts: a catalog file's content, as a TypeScript object (no file includes). */
export type CatalogDefinition = DeepReadonly<Omit<CatalogInput, "include">>;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Factories of the included catalogs, merged. */
export type IncludedFactories<I extends readonly DefinedCatalog<object>[]> = I extends readonly []
  ? Empty
  : UnionToIntersection<I[number]["errors"]>;
