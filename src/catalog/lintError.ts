/**
 * The lint checks of one error a catalog declares: its extension fields, its
 * translations, its status (against its kind, its retry advice and gRPC), and the
 * content that holds whatever its status (message parameters, examples, flow lists
 * cut in two, guidance, `maybe` retry advice without a condition).
 */
import { fitsField, jsonType } from "./fits.js";
import { grpcAgreesWithStatus } from "./grpc.js";
import { kindAccepts, kindStatuses } from "./kinds.js";
import { LINT_RULES, type LintRule, NEVER_RETRYABLE_STATUSES } from "./lintRules.js";
import type { Catalog, DetailField, ErrorDefinition, ExtensionField, MetaValue, RetryAdvice } from "./model.js";
import { nearest } from "./nearest.js";
import type { Problem } from "./problem.js";

/** How a check reports: `add` a problem of a rule at a path made by `at` (under the error). */
interface Check {
  readonly add: (rule: LintRule, path: (string | number)[], message: string, suggestion?: string) => void;
  readonly at: (...rest: (string | number)[]) => (string | number)[];
}

function retryables(def: ErrorDefinition): { where: (string | number)[]; retry: RetryAdvice }[] {
  return [
    { where: ["retry"], retry: def.retry },
    ...def.subcodes.flatMap((s) => (s.retry ? [{ where: ["subcodes", s.name, "retry"], retry: s.retry }] : [])),
    ...def.reasons.flatMap((r) => (r.retry ? [{ where: ["reasons", r.name, "retry"], retry: r.retry }] : [])),
  ];
}

function fitsExtension(field: ExtensionField, value: MetaValue): boolean {
  if (field.type === "array") {
    if (!Array.isArray(value)) return false;
    const items = field.items;
    return items === undefined || value.every((v) => fitsScalar(items, field.enum, v));
  }
  return !Array.isArray(value) && fitsScalar(field.type, field.enum, value as string | number | boolean | null);
}

function fitsScalar(
  type: ExtensionField["type"],
  values: ExtensionField["enum"],
  value: string | number | boolean | null,
): boolean {
  if (values && !values.includes(value as string | number)) return false;
  const actual = jsonType(value);
  return type === "number" ? actual === "number" || actual === "integer" : actual === type;
}

/** Extension fields: each declared, of its declared type, and the required ones present. */
function metaChecks(def: ErrorDefinition, catalog: Catalog, { add, at }: Check): void {
  const extensions = new Map(catalog.extensions.map((f) => [f.name, f]));
  for (const [key, value] of Object.entries(def.meta)) {
    const field = extensions.get(key);
    if (!field) {
      if (extensions.size === 0) continue;
      const suggestion = nearest(key, extensions.keys())[0];
      const hint = suggestion ? `; did you mean "${suggestion}"?` : "";
      add(
        "meta-undeclared",
        at("meta", key),
        `meta field "${key}" is not declared in the catalog's extensions${hint}`,
        suggestion,
      );
    } else if (!fitsExtension(field, value)) {
      const declared = `${field.type}${field.items ? ` of ${field.items}` : ""}${field.enum ? ` in ${field.enum.join(", ")}` : ""}`;
      add(
        "meta-type",
        at("meta", key),
        `meta field "${key}" is ${jsonType(value)}, but the extension is declared ${declared}`,
      );
    }
  }
  for (const field of catalog.extensions) {
    if (field.required && !(field.name in def.meta)) {
      add("meta-required", at("meta"), `${def.name} lacks the required extension field "${field.name}"`);
    }
  }
}

/** Translations: as many causes and solutions as the source, and the message's parameters the same. */
function translationChecks(def: ErrorDefinition, { add, at }: Check): void {
  for (const [locale, t] of Object.entries(def.translations)) {
    for (const field of ["causes", "solutions"] as const) {
      const translated = t[field];
      if (translated === undefined || translated.length === def[field].length) continue;
      const message = `the ${locale} ${field} are ${translated.length}, the source's ${def[field].length}: each translates the one at its place`;
      add("translation-items", at("translations", locale, field), message);
    }
    if (!t.message) continue;
    const source = new Set(def.message.params);
    const translated = new Set(t.message.params);
    const missing = [...source].filter((p) => !translated.has(p));
    const extra = [...translated].filter((p) => !source.has(p));
    if (missing.length === 0 && extra.length === 0) continue;
    const lacks = missing.length > 0 ? `lacks {${missing.join("}, {")}}` : "";
    const has = extra.length > 0 ? `has {${extra.join("}, {")}}, which the source message does not` : "";
    add(
      "translation-params",
      at("translations", locale, "message"),
      `the ${locale} message ${[lacks, has].filter(Boolean).join(" and ")}`,
    );
  }
}

/**
 * An error status against the category's kind. A status under 400 is not an error
 * status at all, which not-an-error-status says once: this rule keeps to 4xx and 5xx.
 */
function kindCheck(def: ErrorDefinition, status: number, catalog: Catalog, { add, at }: Check): void {
  if (def.notAnError || status < 400 || catalog.lint.allowStatuses.includes(status) || kindAccepts(def.kind, status))
    return;
  const message = `status ${status} is inconsistent with category "${def.category}" (kind ${def.kind} expects ${kindStatuses(def.kind)})`;
  const suggestion =
    status < 500
      ? "use the generic kind client (any 4xx), or list the status in lint.allowStatuses"
      : "list the status in lint.allowStatuses, or use the generic kind server (any 5xx)";
  add("status-category", at("status"), message, suggestion);
}

/** The HTTP checks: the status against the kind, retry advice, notAnError, and the gRPC code. */
function statusChecks(def: ErrorDefinition, status: number, catalog: Catalog, check: Check): void {
  const { add, at } = check;
  kindCheck(def, status, catalog, check);
  if (NEVER_RETRYABLE_STATUSES.includes(status)) {
    for (const { where, retry } of retryables(def)) {
      if (retry.policy !== "backoff" && retry.policy !== "retry_after") continue;
      add(
        "retry-status",
        at(...where),
        `status ${status} is never retryable, but the retry policy is "${retry.policy}"`,
      );
    }
  }
  if (def.notAnError && status >= 400) {
    add("not-an-error-status", at("status"), `${def.name} is marked notAnError but has the error status ${status}`);
  } else if (!def.notAnError && status < 400) {
    const suggestion =
      "give it a 4xx/5xx status; status: none if it never travels over HTTP (a CLI's or an SDK's error); notAnError: true only for an outcome that is not a failure";
    add("not-an-error-status", at("status"), `status ${status} is not an error status`, suggestion);
  }
  if (!grpcAgreesWithStatus(status, def.grpc)) {
    add("grpc-status", at("grpc"), `gRPC code ${def.grpc} does not go with HTTP status ${status}`);
  }
}

/** Each message parameter a declared details field, and a required one. */
function templateChecks(def: ErrorDefinition, fields: ReadonlyMap<string, DetailField>, { add, at }: Check): void {
  for (const param of def.message.params) {
    const field = fields.get(param);
    if (!field) {
      const suggestion = nearest(param, fields.keys())[0];
      add(
        "template-details",
        at("message"),
        `message parameter {${param}} is not a declared details field`,
        suggestion,
      );
    } else if (!field.required) {
      add(
        "template-optional",
        at("details", param),
        `details field "${param}" is used in the message but declared optional`,
      );
    }
  }
}

/** Each example's details: declared, of the declared type, and the required ones present. */
function exampleChecks(def: ErrorDefinition, fields: ReadonlyMap<string, DetailField>, { add, at }: Check): void {
  if (fields.size === 0) return;
  def.examples.forEach((example, i) => {
    for (const [key, value] of Object.entries(example.details)) {
      const field = fields.get(key);
      const where = at("examples", i, "details", key);
      if (!field) {
        const suggestion = nearest(key, fields.keys())[0];
        const hint = suggestion ? `; did you mean "${suggestion}"?` : "";
        add("example-details", where, `example details field "${key}" is not declared${hint}`, suggestion);
      } else if (!fitsField(field, value)) {
        const declared = `${field.type}${field.nullable ? " (nullable)" : ""}${field.enum ? ` in ${field.enum.join(", ")}` : ""}`;
        add(
          "example-details",
          where,
          `example value of "${key}" is ${jsonType(value)}, but the field is declared ${declared}`,
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
}

/** A word that begins the rest of a sentence, not a sentence: where a flow list's comma cut one in two. */
const CONTINUATION = /^(?:or|and|but|nor|so|then|which|that|because|unless|until|while|when|if)\b/;

/**
 * Symptoms, causes and solutions whose item starts as the rest of the one before it:
 * in YAML's flow style, `causes: [A, or B]` is two items, "A" and "or B".
 */
function cutSentences(def: ErrorDefinition, { add, at }: Check): void {
  const lists: [string, readonly (string | undefined)[]][] = [
    ["symptoms", def.symptoms],
    ["causes", def.causes],
    ["solutions", def.solutions.map((s) => s.text ?? s.title)],
  ];
  for (const [field, items] of lists) {
    items.forEach((item, i) => {
      if (i === 0 || item === undefined || !CONTINUATION.test(item)) return;
      add(
        "cut-sentence",
        at(field, i),
        `${field} item ${i + 1} ("${item.slice(0, 40)}") reads as the rest of item ${i}: a comma in a flow list [A, or B] splits one sentence; quote the item or write the list as a block (- A, or B)`,
      );
    });
  }
}

/** Message fields with no example anywhere: the docs would show a placeholder. */
function exampleMissing(def: ErrorDefinition, { add, at }: Check): void {
  if (def.examples.length > 0) return;
  for (const field of def.details) {
    if (field.example !== undefined || !def.message.params.includes(field.name)) continue;
    add(
      "example-missing",
      at("details", field.name),
      `details field "${field.name}" is in the message but has no example: the docs show a placeholder (add example: to the field, or an examples: entry)`,
    );
  }
}

/** Causes and solutions for a failure, and a condition for each `maybe` retry advice. */
function guidanceChecks(def: ErrorDefinition, { add, at }: Check): void {
  if (!def.notAnError) {
    if (def.causes.length === 0) add("missing-causes", at(), `${def.name} has no causes`);
    if (def.solutions.length === 0) add("missing-solutions", at(), `${def.name} has no solutions`);
  }
  for (const { where, retry } of retryables(def)) {
    // A machine-readable `when:` says it already (the docs and explain put it in words).
    if (retry.policy === "maybe" && !retry.condition && !retry.when) {
      add(
        "maybe-condition",
        at(...where),
        `retry policy "maybe" without retry.condition: add condition: "<when a retry can succeed>", or when: {<detail field>: [values]} for errata's client`,
      );
    }
  }
}

/** Every lint problem of one error the catalog declares, before the catalog's `lint:` settings. */
export function errorProblems(def: ErrorDefinition, catalog: Catalog): Problem[] {
  const problems: Problem[] = [];
  const check: Check = {
    add: (rule, path, message, suggestion) =>
      problems.push({
        severity: LINT_RULES[rule].severity,
        rule,
        message,
        path,
        ...(suggestion ? { suggestion } : {}),
      }),
    at: (...rest) => ["errors", def.name, ...rest],
  };
  metaChecks(def, catalog, check);
  translationChecks(def, check);
  // Statuses: none for an error that never travels over HTTP; those checks are about HTTP.
  if (def.status !== undefined) statusChecks(def, def.status, catalog, check);
  const fields = new Map(def.details.map((f) => [f.name, f]));
  templateChecks(def, fields, check);
  exampleChecks(def, fields, check);
  cutSentences(def, check);
  exampleMissing(def, check);
  guidanceChecks(def, check);
  return problems;
}
