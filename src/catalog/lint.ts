/**
 * Lint rules over the Catalog model: the design mistakes that load fine but
 * break the contract (a retryable 404, a 500 in a validation category, a message
 * parameter no details field declares, an "outcome" with a 5xx status…).
 */
import { grpcAgreesWithStatus } from "./grpc.js";
import { KINDS } from "./kinds.js";
import type { Catalog, DetailField, ErrorDefinition, RetryAdvice } from "./model.js";
import { nearest } from "./nearest.js";
import type { Problem } from "./problem.js";

/** Statuses at which retrying the same request can never succeed. */
export const NEVER_RETRYABLE_STATUSES: readonly number[] = [400, 401, 403, 404];

/** Every rule, with its severity and what it checks: the reference for `errata lint`. */
export const LINT_RULES = {
  "status-category": {
    severity: "error",
    summary: "status is inconsistent with the category's kind",
  },
  "retry-status": {
    severity: "error",
    summary: "a retry policy on a status that is never retryable (400/401/403/404)",
  },
  "not-an-error-status": {
    severity: "error",
    summary: "an outcome marked notAnError with a 4xx/5xx status, or an error with a 2xx/3xx status",
  },
  "template-details": {
    severity: "error",
    summary: "a message parameter that is not a declared details field",
  },
  "template-optional": {
    severity: "warning",
    summary: "a message parameter whose details field is declared optional",
  },
  "example-details": {
    severity: "error",
    summary: "an example whose details do not fit the declared fields",
  },
  "missing-causes": { severity: "warning", summary: "an error without causes" },
  "missing-solutions": { severity: "warning", summary: "an error without solutions" },
  "grpc-status": {
    severity: "warning",
    summary: "a gRPC code that does not go with the HTTP status",
  },
  "maybe-condition": {
    severity: "warning",
    summary: "a `maybe` retry policy that does not say when",
  },
  "google-domain": {
    severity: "warning",
    summary: "a Google-format catalog without a globally unique `domain` for ErrorInfo",
  },
} as const;

export type LintRule = keyof typeof LINT_RULES;

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function fits(field: DetailField, value: unknown): boolean {
  if (value === null) return field.nullable;
  if (field.enum && !field.enum.includes(value as string | number)) return false;
  const actual = typeOf(value);
  if (field.type === "number") return actual === "number" || actual === "integer";
  if (actual !== field.type) return false;
  if (field.type === "array" && field.items) {
    return (value as unknown[]).every((v) =>
      fits({ ...field, type: field.items as DetailField["type"], nullable: false }, v),
    );
  }
  return true;
}

function retryables(def: ErrorDefinition): { where: (string | number)[]; retry: RetryAdvice }[] {
  return [
    { where: ["retry"], retry: def.retry },
    ...def.subcodes.flatMap((s) => (s.retry ? [{ where: ["subcodes", s.name, "retry"], retry: s.retry }] : [])),
    ...def.reasons.flatMap((r) => (r.retry ? [{ where: ["reasons", r.name, "retry"], retry: r.retry }] : [])),
  ];
}

/** Lint the errors a catalog declares itself (included catalogs are linted in their own files). */
export function lintCatalog(catalog: Catalog): Problem[] {
  const problems: Problem[] = [];
  if (catalog.format === "google" && catalog.domain === undefined) {
    problems.push({
      severity: LINT_RULES["google-domain"].severity,
      rule: "google-domain",
      message: `ErrorInfo.domain would be "${catalog.name}", which another service may use too (AIP-193 wants it globally unique)`,
      path: ["domain"],
      suggestion: "set domain: to the service's DNS name, such as api.example.com",
    });
  }
  for (const def of catalog.errors) {
    if (def.catalog !== catalog.name) continue;
    const at = (...rest: (string | number)[]) => ["errors", def.name, ...rest];
    const add = (rule: LintRule, path: (string | number)[], message: string, suggestion?: string) => {
      problems.push({
        severity: LINT_RULES[rule].severity,
        rule,
        message,
        path,
        ...(suggestion ? { suggestion } : {}),
      });
    };

    const allowed = (KINDS[def.kind] as { statuses?: readonly number[] }).statuses;
    if (!def.notAnError && allowed && !allowed.includes(def.status)) {
      add(
        "status-category",
        at("status"),
        `status ${def.status} is inconsistent with category "${def.category}" (kind ${def.kind} expects ${allowed.join(", ")})`,
      );
    }
    if (NEVER_RETRYABLE_STATUSES.includes(def.status)) {
      for (const { where, retry } of retryables(def)) {
        if (retry.policy === "backoff" || retry.policy === "retry_after") {
          add(
            "retry-status",
            at(...where),
            `status ${def.status} is never retryable, but the retry policy is "${retry.policy}"`,
          );
        }
      }
    }
    if (def.notAnError && def.status >= 400) {
      add(
        "not-an-error-status",
        at("status"),
        `${def.name} is marked notAnError but has the error status ${def.status}`,
      );
    } else if (!def.notAnError && def.status < 400) {
      add(
        "not-an-error-status",
        at("status"),
        `status ${def.status} is not an error status: mark the entry notAnError: true, or give it a 4xx/5xx status`,
      );
    }

    const fields = new Map(def.details.map((f) => [f.name, f]));
    for (const param of def.message.params) {
      const field = fields.get(param);
      if (!field) {
        add(
          "template-details",
          at("message"),
          `message parameter {${param}} is not a declared details field`,
          nearest(param, fields.keys())[0],
        );
      } else if (!field.required) {
        add(
          "template-optional",
          at("details", param),
          `details field "${param}" is used in the message but declared optional`,
        );
      }
    }
    def.examples.forEach((example, i) => {
      if (fields.size === 0) return;
      for (const [key, value] of Object.entries(example.details)) {
        const field = fields.get(key);
        if (!field) {
          const suggestion = nearest(key, fields.keys())[0];
          add(
            "example-details",
            at("examples", i, "details", key),
            `example details field "${key}" is not declared${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
            suggestion,
          );
        } else if (!fits(field, value)) {
          add(
            "example-details",
            at("examples", i, "details", key),
            `example value of "${key}" is ${typeOf(value)}, but the field is declared ${field.type}${field.nullable ? " (nullable)" : ""}${field.enum ? ` in ${field.enum.join(", ")}` : ""}`,
          );
        }
      }
      for (const field of def.details) {
        if (field.required && !(field.name in example.details) && example.message === undefined) {
          add(
            "example-details",
            at("examples", i, "details"),
            `example lacks the required details field "${field.name}"`,
          );
        }
      }
    });

    if (!def.notAnError) {
      if (def.causes.length === 0) add("missing-causes", at(), `${def.name} has no causes`);
      if (def.solutions.length === 0) add("missing-solutions", at(), `${def.name} has no solutions`);
    }
    if (!grpcAgreesWithStatus(def.status, def.grpc)) {
      add("grpc-status", at("grpc"), `gRPC code ${def.grpc} does not go with HTTP status ${def.status}`);
    }
    for (const { where, retry } of retryables(def)) {
      if (retry.policy === "maybe" && !retry.condition) {
        add("maybe-condition", at(...where), `retry policy "maybe" without a condition: say when a retry can succeed`);
      }
    }
  }
  return problems;
}
