/** Every lint rule of `errata lint`, with its severity and what it checks. */

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
  "error-unreturned": {
    severity: "warning",
    summary: "an error that no operation returns (only in a catalog that declares operations)",
  },
  "own-unknown": {
    severity: "error",
    summary: "an `own:` entry that names no error errata sends on an API's behalf",
  },
  "own-details": {
    severity: "error",
    summary: "an `own:` target that lacks a detail errata fills, or declares it with another type",
  },
  "own-unmapped": {
    severity: "info",
    summary: "in a catalog with codes of its own: errata's errors that would still go out under errata's names",
  },
  "map-message": {
    severity: "warning",
    summary: "an error map whose target's message has a parameter the rule does not copy: it shows a placeholder",
  },
  "operation-without-errors": {
    severity: "info",
    summary: "an operation that declares no errors, and gets no common ones",
  },
  "example-missing": {
    severity: "warning",
    summary: "a field of the message with no example: the docs show a placeholder",
  },
  "cut-sentence": {
    severity: "warning",
    summary: "a list item that reads as the rest of the one before it (a comma inside a flow list [A, or B])",
  },
  "missing-solutions": { severity: "warning", summary: "an error without solutions" },
  "grpc-status": {
    severity: "warning",
    summary: "a gRPC code that does not go with the HTTP status",
  },
  "maybe-condition": {
    severity: "warning",
    summary: "a `maybe` retry policy with neither `condition` nor `when`",
  },
  "google-domain": {
    severity: "warning",
    summary: "a Google-format catalog without a globally unique `domain` for ErrorInfo",
  },
  "meta-undeclared": {
    severity: "error",
    summary: "a `meta` field the catalog's `extensions` do not declare",
  },
  "meta-type": {
    severity: "error",
    summary: "a `meta` value that does not fit its declared type or values",
  },
  "meta-required": {
    severity: "error",
    summary: "an error without an extension field declared required",
  },
  "code-pattern": {
    severity: "warning",
    summary: "free-form codes that share one shape, which `codes:` could declare and check",
  },
  "translation-params": {
    severity: "error",
    summary: "a translated message whose {parameters} differ from the source message's",
  },
  "translation-items": {
    severity: "warning",
    summary:
      "translated causes or solutions whose count differs from the source's (each translates the one at its place)",
  },
  "translation-missing": {
    severity: "warning",
    summary: "errors without a translated message in a declared locale, counted per locale",
  },
  "unknown-rule": {
    severity: "error",
    summary: "a `lint:` setting that names no rule",
  },
} as const;

export type LintRule = keyof typeof LINT_RULES;
