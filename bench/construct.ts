/**
 * Creating and serializing an error: errata (with and without stack capture) vs
 * `new Error()` + JSON.stringify, @hapi/boom, http-errors and modern-errors, in one run.
 * Goal: errata with stacks within 1.5× of new Error() + JSON.stringify; faster than it without.
 * Then the same error raised and encoded for a language (fr-CA, through fr) against
 * the default, with a plain and an ICU plural message, and a server's whole answer
 * with Accept-Language negotiated against one without. Goal: localized ≤ 1.15×.
 */
import Boom from "@hapi/boom";
import createHttpError from "http-errors";
import ModernError from "modern-errors";
import { defineCatalog } from "../src/index.js";
import { errorResponse } from "../src/server/respond.js";
import { encode } from "../src/wire/index.js";
import { compare } from "./compare.js";

const { errors } = defineCatalog({
  name: "bench",
  version: "1.0.0",
  errors: {
    RATE_LIMITED: {
      category: "rate_limit",
      message: "Rate limit exceeded ({limit})",
      details: { limit: "string" },
    },
  },
});

/** The same error with a French translation, and one with an ICU plural, in a catalog of two languages. */
const languages = defineCatalog({
  name: "bench",
  version: "1.0.0",
  docsBaseUrl: "https://docs.bench.example/errors/",
  locales: ["en", "fr", "fr-CA"],
  errors: {
    RATE_LIMITED: {
      category: "rate_limit",
      title: "Rate limited",
      message: "Rate limit exceeded ({limit})",
      details: { limit: "string" },
      solutions: ["Wait for the time in Retry-After"],
      translations: {
        fr: { title: "Limite atteinte", message: "Limite de débit dépassée ({limit})", solutions: ["Attendez"] },
      },
    },
    KEYS_LEFT: {
      category: "conflict",
      message: "{count, plural, one {# key} other {# keys}} left",
      details: { count: "integer" },
      translations: { fr: { message: "{count, plural, one {# clé restante} other {# clés restantes}}" } },
    },
  },
});
const local = languages.errors;

const BaseError = ModernError.subclass("BaseError");
const RateLimitedError = BaseError.subclass("RateLimitedError");

let sink = "";
const keep = (s: string) => {
  sink = s;
};

export async function run() {
  const baseline = "new Error() + JSON.stringify";
  const rows = await compare("construct + serialize one error", baseline, [
    {
      name: baseline,
      fn: () => {
        const e = new Error("Rate limit exceeded (100/hour)");
        keep(
          JSON.stringify({
            name: e.name,
            code: "RATE_LIMITED",
            message: e.message,
            status: 429,
            details: { limit: "100/hour" },
          }),
        );
      },
    },
    {
      name: "errata (stack on) + toJSON",
      fn: () => keep(JSON.stringify(errors.RATE_LIMITED({ limit: "100/hour" }))),
    },
    {
      name: "errata (stack off) + toJSON",
      fn: () => keep(JSON.stringify(errors.RATE_LIMITED({ limit: "100/hour" }, { stack: false }))),
    },
    {
      name: "@hapi/boom",
      fn: () => {
        const e = Boom.tooManyRequests("Rate limit exceeded (100/hour)", { limit: "100/hour" });
        keep(JSON.stringify({ ...e.output.payload, data: e.data }));
      },
    },
    {
      name: "http-errors",
      fn: () => {
        const e = createHttpError(429, "Rate limit exceeded (100/hour)", {
          code: "RATE_LIMITED",
          details: { limit: "100/hour" },
        });
        keep(JSON.stringify({ name: e.name, code: e.code, message: e.message, status: e.status, details: e.details }));
      },
    },
    {
      name: "modern-errors",
      fn: () => {
        const e = new RateLimitedError("Rate limit exceeded (100/hour)", {
          props: { code: "RATE_LIMITED", status: 429, details: { limit: "100/hour" } },
        });
        const p = e as unknown as { code: string; status: number; details: unknown };
        keep(JSON.stringify({ name: e.name, code: p.code, message: e.message, status: p.status, details: p.details }));
      },
    },
  ]);
  const on = rows.find((r) => r.name.startsWith("errata (stack on)"))?.relativeTime ?? Number.NaN;
  const off = rows.find((r) => r.name.startsWith("errata (stack off)"))?.relativeTime ?? Number.NaN;
  console.log(`\ngoal: stack on ≤ 1.50× → ${on.toFixed(2)}× ${on <= 1.5 ? "met" : "MISSED"}`);
  console.log(`goal: stack off < 1.00× → ${off.toFixed(2)}× ${off < 1 ? "met" : "MISSED"}`);

  // Localized against default: stack off (as servers raise), encoded as problem+json.
  const format = "problem" as const;
  const defaultCase = "default locale: raise + encode";
  const localized = await compare("raise + encode one error in a language (problem+json)", defaultCase, [
    {
      name: defaultCase,
      fn: () => keep(encode(local.RATE_LIMITED({ limit: "100/hour" }, { stack: false }), format).body as string),
    },
    {
      name: "fr-CA → fr: raise + encode",
      fn: () =>
        keep(
          encode(local.RATE_LIMITED({ limit: "100/hour" }, { stack: false, locale: "fr-CA" }), format).body as string,
        ),
    },
    {
      name: "ICU plural, default locale",
      fn: () => keep(encode(local.KEYS_LEFT({ count: 3 }, { stack: false }), format).body as string),
    },
    {
      name: "ICU plural, fr-CA → fr",
      fn: () => keep(encode(local.KEYS_LEFT({ count: 3 }, { stack: false, locale: "fr-CA" }), format).body as string),
    },
    {
      name: "ICU plural, fr-CA → fr, localizeMessage",
      fn: () =>
        keep(
          encode(local.KEYS_LEFT({ count: 3 }, { stack: false, locale: "fr-CA", localizeMessage: true }), format)
            .body as string,
        ),
    },
  ]);
  const noHeader = "server answer, no Accept-Language";
  const negotiated = await compare("a server's whole error answer, Accept-Language negotiated", noHeader, [
    {
      name: noHeader,
      fn: () =>
        keep(
          errorResponse(local.RATE_LIMITED({ limit: "100/hour" }, { stack: false }), {}, { catalog: languages.catalog })
            .body as string,
        ),
    },
    {
      name: "Accept-Language: fr-CA, fr;q=0.9, en;q=0.5",
      fn: () =>
        keep(
          errorResponse(
            local.RATE_LIMITED({ limit: "100/hour" }, { stack: false }),
            { "accept-language": "fr-CA, fr;q=0.9, en;q=0.5" },
            { catalog: languages.catalog },
          ).body as string,
        ),
    },
  ]);
  const plain = localized.find((r) => r.name.startsWith("fr-CA"))?.relativeTime ?? Number.NaN;
  const icuDefault = localized.find((r) => r.name === "ICU plural, default locale")?.relativeTime ?? Number.NaN;
  const icuLocal = localized.find((r) => r.name === "ICU plural, fr-CA → fr")?.relativeTime ?? Number.NaN;
  const icuOnce =
    localized.find((r) => r.name === "ICU plural, fr-CA → fr, localizeMessage")?.relativeTime ?? Number.NaN;
  const server = negotiated.find((r) => r.name.startsWith("Accept-Language"))?.relativeTime ?? Number.NaN;
  console.log(`\ngoal: localized ≤ 1.15× the default → ${plain.toFixed(2)}× ${plain <= 1.15 ? "met" : "MISSED"}`);
  // An ICU message raised for a language is rendered twice (the default for `message`, the language for
  // `localized`) unless `message` is asked in the language too.
  console.log(
    `ICU: localized ${(icuLocal / icuDefault).toFixed(2)}× its default; with localizeMessage ${(icuOnce / icuDefault).toFixed(2)}×`,
  );
  console.log(`server answer with Accept-Language negotiated: ${server.toFixed(2)}× the same without the header`);
  if (sink.length === 0) throw new Error("benchmark produced nothing");
}
