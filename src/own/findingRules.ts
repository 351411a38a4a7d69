/**
 * The rules of `errata scan` (the catalog against the code) and `errata verify`
 * (the catalog against recorded traffic). Each rule is an error of errata's own
 * catalog, so `errata explain <rule>` explains it and the docs list it; a finding's
 * rule id is its error's name in kebab case (RAISED_UNDECLARED → raised-undeclared)
 * and its level is the error's severity. The prose is here, beside the rules, and
 * joins the rest of errata's guidance in own/documented.ts.
 */
import type { ErrorInput } from "../catalog/schema.js";

// A finding is the team's to fix, in its code or its catalog: the maintainer acts.
const finding = { status: "none", retry: "never", recovery: "report_bug" } as const;

export const findingCategories = {
  scan: { kind: "validation", title: "Scan Findings (errata scan)", label: "Scan", ...finding },
  verify: { kind: "validation", title: "Traffic Findings (errata verify)", label: "Verify", ...finding },
} as const;

export const findingErrors = {
  RAISED_UNDECLARED: {
    category: "scan",
    actor: "maintainer",
    severity: "error",
    message: "{error} is raised here, but no catalog declares it",
    details: { error: "string" },
  },
  RAISED_OFF_OPERATION: {
    category: "scan",
    actor: "maintainer",
    severity: "warning",
    message: "{error} is raised in {operation}, which does not declare it",
    details: { error: "string", operation: "string" },
  },
  NEVER_RAISED: {
    category: "scan",
    actor: "maintainer",
    severity: "info",
    message: "{operation} declares {error}, but no path the scan sees raises it",
    details: { error: "string", operation: "string" },
  },
  PLAIN_THROW: {
    category: "scan",
    actor: "maintainer",
    severity: "warning",
    message: "{thrown} thrown in {operation} reaches callers as INTERNAL_ERROR",
    details: { thrown: "string", operation: "string" },
  },
  RESPONSE_UNDECODABLE: {
    category: "verify",
    actor: "maintainer",
    severity: "error",
    message: "The {status} response to {request} does not decode with the catalog: {reason}",
    details: { status: "integer", request: "string", reason: "string" },
  },
  RESPONSE_CODE_UNDECLARED: {
    category: "verify",
    actor: "maintainer",
    severity: "error",
    message: "The {status} response to {request} carries {code}, which no catalog declares",
    details: { status: "integer", request: "string", code: "string" },
  },
  RESPONSE_STATUS_MISMATCH: {
    category: "verify",
    actor: "maintainer",
    severity: "error",
    message: "{error} was sent to {request} with status {status}; the catalog says {expected}",
    details: { error: "string", request: "string", status: "integer", expected: "integer" },
  },
  RESPONSE_FORMAT_MISMATCH: {
    category: "verify",
    actor: "maintainer",
    severity: "error",
    message: "{error} was sent to {request} as {found}; the catalog says {expected}",
    details: { error: "string", request: "string", found: "string", expected: "string" },
  },
  RESPONSE_OFF_OPERATION: {
    category: "verify",
    actor: "maintainer",
    severity: "warning",
    message: "{error} was returned by {operation}, which does not declare it",
    details: { error: "string", operation: "string" },
  },
  RESPONSE_HEADER_MISSING: {
    category: "verify",
    actor: "maintainer",
    severity: "error",
    message: "{error} was sent to {request} without {header} ({why})",
    details: { error: "string", request: "string", header: "string", why: "string" },
  },
  RESPONSE_LEAK: {
    category: "verify",
    actor: "maintainer",
    severity: "error",
    message: "The {status} response to {request} leaks {leak} in {where}",
    details: { status: "integer", request: "string", leak: "string", where: "string" },
  },
  NEVER_SEEN: {
    category: "verify",
    actor: "maintainer",
    severity: "info",
    message: "{operation} declares {error}, but the traffic never shows it",
    details: { error: "string", operation: "string" },
  },
} as const;

type Prose = Pick<ErrorInput, "description" | "causes" | "solutions">;

export const findingGuidance: Readonly<Record<keyof typeof findingErrors, Prose>> = {
  RAISED_UNDECLARED: {
    causes: [
      "A new error written in code before the catalog",
      "A misspelt factory name",
      "A catalog not given to scan",
    ],
    solutions: ["Declare the error in the catalog", "Pass every catalog the code uses with --catalog"],
  },
  RAISED_OFF_OPERATION: {
    causes: ["The handler raises an error its operation's `errors` leave out"],
    solutions: ["Add the error to the operation's errors (a minor change for its clients)", "Stop raising it there"],
  },
  NEVER_RAISED: {
    description: "A note by default; --coverage makes it a warning.",
    causes: [
      "An error declared for an operation that no longer raises it",
      "It is raised where the scan cannot follow (a dynamic name, a factory passed as a value)",
    ],
    solutions: [
      "Remove it from the operation's errors (a compatible change)",
      "Run with --verbose to see what was not followed",
    ],
  },
  PLAIN_THROW: {
    causes: ["`throw new Error(...)` or a thrown string inside a request handler"],
    solutions: ["Throw the catalog's error (errors.NAME({...})) so that callers get a code they can act on"],
  },
  RESPONSE_UNDECODABLE: {
    causes: [
      "An error body written by hand, a proxy or a framework default",
      "A body in a format the catalog does not use",
    ],
    solutions: [
      "Send errors through errata's error handler",
      "Check what sits in front of the server (a gateway's error pages)",
    ],
  },
  RESPONSE_CODE_UNDECLARED: {
    causes: ["A code sent that the catalog does not declare", "A catalog missing from --catalog"],
    solutions: ["Declare the error", "Pass every catalog the API uses with --catalog"],
  },
  RESPONSE_STATUS_MISMATCH: {
    causes: ["The status set by hand, or by a framework, over the catalog's"],
    solutions: [
      "Let errata's handler choose the status",
      "Change the catalog if the status is the right one (a breaking change)",
    ],
  },
  RESPONSE_FORMAT_MISMATCH: {
    causes: ["A body or media type in another format than the catalog's, and not one the request asked for"],
    solutions: ["Send errors through errata's handler, which writes the catalog's format", "Set the catalog's format"],
  },
  RESPONSE_OFF_OPERATION: {
    causes: ["An operation returned an error its declaration leaves out"],
    solutions: ["Add the error to the operation's errors", "Stop the operation from returning it"],
  },
  RESPONSE_HEADER_MISSING: {
    causes: [
      "Retry-After missing on a retry_after error",
      "WWW-Authenticate missing on a 401",
      "The rate-limit headers the catalog promises missing on a 429",
      "A header the error declares (Allow on a 405) missing",
    ],
    solutions: ["Send errors through errata's handler and guards, which write these headers"],
  },
  RESPONSE_LEAK: {
    description: "The finding names what leaked and where, never the value.",
    causes: ["A stack trace, a file path, SQL or a secret-looking token in an error body or header"],
    solutions: [
      "Send errors through errata's handler, which never sends an internal message",
      "Rotate a leaked secret",
    ],
  },
  NEVER_SEEN: {
    description: "A note by default; --coverage makes it a warning.",
    causes: ["The recorded traffic never made the operation fail this way"],
    solutions: [
      "Record traffic that exercises the error (a test)",
      "Remove the error from the operation if it cannot happen",
    ],
  },
};

/** A finding's rule id: its error's name in kebab case. */
export const ruleId = (name: string) => name.toLowerCase().replace(/_/g, "-");
