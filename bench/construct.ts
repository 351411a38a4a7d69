/**
 * Creating and serializing an error: errata (with and without stack capture) vs
 * `new Error()` + JSON.stringify, @hapi/boom, http-errors and modern-errors, in one run.
 * Goal: errata with stacks within 1.5× of new Error() + JSON.stringify; faster than it without.
 */
import Boom from "@hapi/boom";
import createHttpError from "http-errors";
import ModernError from "modern-errors";
import { defineCatalog } from "../src/index.js";
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
  if (sink.length === 0) throw new Error("benchmark produced nothing");
}
