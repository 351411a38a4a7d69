/**
 * The catalog's text in the language a GraphQL request asks for (`Accept-Language`).
 * Neither server's error hook sees the request, so a plugin of each puts the errors
 * of the response into that language once they are formatted: each error errata
 * formatted (its `extensions.name` an error of the catalog) gets the catalog's
 * message in the negotiated language, and the response says which
 * (`Content-Language`). Errors the catalog does not know keep their text.
 */
import type { Catalog } from "../catalog/model.js";
import { catalogFactory } from "../own/fallback.js";
import { negotiateLanguage } from "../server/respond.js";
import { read } from "../server/trust.js";
import { isRecord } from "../wire/common.js";

/** An error as a GraphQL response holds it: a message and its extensions. */
interface FormattedLike {
  readonly message: string;
  readonly extensions?: unknown;
}

/** The catalog's language for an Accept-Language header, when it is not the default. */
function languageOf(catalog: Catalog | undefined, acceptLanguage: string | null | undefined): string | undefined {
  if (!catalog || catalog.locales.length < 2 || !acceptLanguage) return undefined;
  const chosen = negotiateLanguage(acceptLanguage, catalog.locales);
  return chosen === catalog.defaultLocale ? undefined : chosen;
}

/** The message of an error errata formatted, in `locale`; undefined for an error the catalog does not know. */
function messageIn(catalog: Catalog, error: FormattedLike, locale: string): string | undefined {
  const x = isRecord(error.extensions) ? error.extensions : undefined;
  const factory = typeof x?.name === "string" ? catalogFactory(catalog, x.name) : undefined;
  if (!factory) return undefined;
  const details = isRecord(x?.details) ? x.details : {};
  return factory(details, { locale, stack: false }).localized?.message;
}

/** The errors in the request's language (new objects where a message changed), and that language. */
export function inLanguage<E extends FormattedLike>(
  errors: readonly E[],
  catalog: Catalog | undefined,
  acceptLanguage: string | null | undefined,
  remake: (error: E, message: string) => E,
): { errors: E[]; locale?: string } {
  const locale = languageOf(catalog, acceptLanguage);
  if (!catalog || !locale) return { errors: [...errors] };
  return {
    errors: errors.map((e) => {
      const message = messageIn(catalog, e, locale);
      return message === undefined || message === e.message ? e : remake(e, message);
    }),
    locale,
  };
}

/** An error of a Yoga result: a GraphQLError, whose toJSON is what Yoga sends. */
type YogaError = FormattedLike & { toJSON?: () => unknown };

/** What the Yoga plugin reads of a result: its errors. */
interface ResultLike {
  readonly errors?: readonly YogaError[];
}

/**
 * A GraphQL Yoga plugin: `createYoga({ maskedErrors: errataYogaErrors(o), plugins: [errataYogaLanguage(o)] })`.
 * The errors of a result, once masked, in the request's language; the response's Content-Language says which.
 */
export function errataYogaLanguage(options: { readonly catalog?: Catalog }) {
  const chosen = new WeakMap<Request, string>();
  return {
    onResultProcess({
      request,
      result,
      setResult,
    }: {
      request: Request;
      result: unknown;
      setResult(r: unknown): void;
    }) {
      const errors = (result as ResultLike | undefined)?.errors;
      if (Array.isArray(result) || !errors || errors.length === 0) return;
      const remake = (e: YogaError, message: string): YogaError => ({ ...((e.toJSON?.() as object) ?? e), message });
      const out = inLanguage(errors, options.catalog, request.headers.get("accept-language"), remake);
      if (!out.locale) return;
      chosen.set(request, out.locale);
      setResult({ ...(result as object), errors: out.errors });
    },
    onResponse({ request, response }: { request: Request; response: Response }) {
      const locale = chosen.get(request);
      if (locale) response.headers.set("Content-Language", locale);
    },
  };
}

/** What the Apollo plugin reads and sets of Apollo Server's response. */
interface ApolloResponseLike {
  readonly body: { readonly kind: string; readonly singleResult?: { errors?: readonly FormattedLike[] } };
  readonly http: { readonly headers: Map<string, string> };
}

/**
 * An Apollo Server plugin: `new ApolloServer({ formatError: errataFormatError(o), plugins: [errataApolloLanguage(o)] })`.
 * The formatted errors of a response in the request's language, and its Content-Language.
 */
export function errataApolloLanguage(options: { readonly catalog?: Catalog }) {
  return {
    async requestDidStart({ request }: { request: { http?: { headers: Map<string, string> } } }) {
      const acceptLanguage = read(request.http?.headers, "get")
        ? request.http?.headers.get("accept-language")
        : undefined;
      return {
        async willSendResponse({ response }: { response: ApolloResponseLike }) {
          const single = response.body.kind === "single" ? response.body.singleResult : undefined;
          if (!single?.errors?.length) return;
          const out = inLanguage(single.errors, options.catalog, acceptLanguage, (e, message) => ({ ...e, message }));
          if (!out.locale) return;
          single.errors = out.errors;
          response.http.headers.set("content-language", out.locale);
        },
      };
    },
  };
}
