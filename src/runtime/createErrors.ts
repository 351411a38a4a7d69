/**
 * Turn a Catalog model into error factories. Each factory renders the message
 * template, applies sub-code and reason retry overrides, and constructs an
 * ErrataError carrying its definition (instanceof a kind class works by kind).
 */

import { messageIn } from "../catalog/locale.js";
import { boundedMemo } from "../catalog/memo.js";
import type { Catalog, ErrorDefinition } from "../catalog/model.js";
import { retryableFor } from "../catalog/retry.js";
import { renderTemplate } from "../catalog/template.js";
import { ErrataError, type ErrataErrorInit, isErrataError } from "./ErrataError.js";
import type { ErrorFactory, RaiseOptions, UntypedFactories } from "./types.js";

/** Options of a set of factories. */
export interface CreateErrorsOptions {
  /** Capture stack traces (default true). Turn off for expected errors on hot paths. */
  readonly stack?: boolean;
  /** The language of the catalog's own text (createErrors takes the catalog's); what a `locale` falls back to. */
  readonly defaultLocale?: string;
  /**
   * An error raised for a language has its `message` in that language too, not only
   * in `localized` (default false: `message` stays in the default language, for logs).
   * A raise's own `localizeMessage` overrides it.
   */
  readonly localizeMessage?: boolean;
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

/** Errors already reported raised without a message parameter, by `NAME {param}` (bounded). */
const toldMissing = new Set<string>();

/**
 * An error raised without a value its message needs (an untyped factory called
 * without its details): the message shows `<param>`, and a warning says so once.
 */
function missingParam(def: ErrorDefinition): (param: string) => void {
  return (param) => {
    const key = `${def.name} {${param}}`;
    if (toldMissing.has(key) || toldMissing.size >= 100) return;
    toldMissing.add(key);
    console.warn(
      `errata: ${def.name} was raised without ${param}, so its message shows <${param}>: pass it in the details`,
    );
  };
}

/** The factory of one error definition. */
export function createFactory(def: ErrorDefinition, options: CreateErrorsOptions = {}): ErrorFactory {
  const stackDefault = options.stack ?? true;
  const onMissing = missingParam(def);

  // The message template for each tag this error was raised for (fr-CA → fr's), looked up once.
  const inLanguage = boundedMemo((tag) => messageIn(def, tag, options.defaultLocale ?? "en"), { entries: 64 });
  const raise = (details?: Readonly<Record<string, unknown>>, opts?: RaiseOptions): ErrataError => {
    const d = details ?? EMPTY;
    let retryAfter = def.retry.delaySeconds;
    if (typeof d.retryAfter === "number") retryAfter = d.retryAfter;
    if (opts === undefined) {
      return new ErrataError({
        name: def.name,
        code: def.code,
        message: renderTemplate(def.message, d, onMissing),
        status: def.status ?? null,
        category: def.category,
        kind: def.kind,
        details: d,
        retryable: def.retryable,
        retryAfter,
        stack: stackDefault,
        definition: def,
      });
    }
    const retryable =
      opts.subcode === undefined && opts.reason === undefined
        ? def.retryable
        : retryableFor(def, opts.subcode, opts.reason);
    // A language asked for: the message in it (or its parent, or the default), beside the
    // default-language message that logs read.
    let localized: { readonly locale: string; readonly message: string } | undefined;
    if (opts.locale !== undefined) {
      const found = inLanguage(opts.locale);
      localized = { locale: found.locale, message: opts.message ?? renderTemplate(found.message, d) };
    }
    const inLocale = localized !== undefined && (opts.localizeMessage ?? options.localizeMessage ?? false);
    return new ErrataError({
      name: def.name,
      code: def.code,
      message: opts.message ?? (inLocale && localized ? localized.message : renderTemplate(def.message, d, onMissing)),
      status: def.status ?? null,
      category: def.category,
      kind: def.kind,
      details: d,
      retryable,
      retryAfter: opts.retryAfter ?? retryAfter,
      subcode: opts.subcode,
      reason: opts.reason,
      requestId: opts.requestId,
      cause: opts.cause,
      stack: opts.stack ?? stackDefault,
      definition: def,
      ...(localized ? { localized } : {}),
    });
  };
  Object.defineProperties(raise, {
    name: { value: def.name },
    code: { value: def.code, enumerable: true },
    definition: { value: def, enumerable: true },
    is: {
      value: (value: unknown): value is ErrataError =>
        isErrataError(value) && value.name === def.name && value.code === def.code,
    },
  });
  return raise as unknown as ErrorFactory;
}

/**
 * An error of a definition with what its factory cannot give: a status of this
 * case (a framework's 413, the 200 a body arrived with), a message, a raw body.
 */
export function errorOf(
  def: ErrorDefinition,
  fields: {
    readonly message: string;
    readonly details: Readonly<Record<string, unknown>>;
    readonly status?: number;
    readonly retryAfter?: number;
    readonly raw?: unknown;
  },
): ErrataError {
  return new ErrataError({
    name: def.name,
    code: def.code,
    status: def.status ?? null,
    category: def.category,
    kind: def.kind,
    retryable: def.retryable,
    definition: def,
    stack: false,
    ...fields,
  });
}

/**
 * The same error with its message in a language (through the tag's parents to the
 * default), as a server answers a caller's Accept-Language: a copy, the original
 * untouched. Without a catalog definition the message stays, labelled the default.
 */
export function localizeError(error: ErrataError, tag: string, defaultLocale: string): ErrataError {
  const def = error.definition;
  const { locale, message } = def ? messageIn(def, tag, defaultLocale) : { locale: defaultLocale, message: undefined };
  const text =
    message === undefined || message === def?.message
      ? error.message
      : renderTemplate(message, error.details as Readonly<Record<string, unknown>>);
  return copyOf(error, {
    ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
    localized: { locale, message: text },
  });
}

/**
 * A new ErrataError with an error's identity, status, message, details and retry
 * advice (no stack, no upstream mark, no request id), plus what `more` adds.
 */
export function copyOf(error: ErrataError, more: Partial<ErrataErrorInit> = {}): ErrataError {
  const def = error.definition;
  return new ErrataError({
    name: error.name,
    code: error.code,
    message: error.message,
    status: error.status ?? null,
    category: error.category,
    kind: error.kind,
    details: error.details,
    retryable: error.retryable,
    ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
    ...(error.subcode !== undefined ? { subcode: error.subcode } : {}),
    ...(error.reason !== undefined ? { reason: error.reason } : {}),
    ...(def ? { definition: def } : {}),
    stack: false,
    ...more,
  });
}

/** Factories for every error of a catalog, keyed by name. */
export function createErrors(catalog: Catalog, options: CreateErrorsOptions = {}): UntypedFactories {
  const factories: Record<string, ErrorFactory> = {};
  const withLocale = { ...options, defaultLocale: options.defaultLocale ?? catalog.defaultLocale };
  for (const def of catalog.errors) factories[def.name] = createFactory(def, withLocale);
  return Object.freeze(factories);
}
