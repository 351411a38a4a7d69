/**
 * Lint rules over the Catalog model: the design mistakes that load fine but
 * break the contract (a retryable 404, a 500 in a validation category, a message
 * parameter no details field declares, an "outcome" with a 5xx status…).
 */
import { grpcAgreesWithStatus } from "./grpc.js";
import { kindAccepts, kindStatuses } from "./kinds.js";
import type {
  Catalog,
  DetailField,
  ErrorDefinition,
  ExtensionField,
  MetaValue,
  RetryAdvice,
  RuleSeverity,
} from "./model.js";
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
  const actual = typeOf(value);
  return type === "number" ? actual === "number" || actual === "integer" : actual === type;
}

/**
 * The shape free-form codes share, as a pattern for `codes:` (`SHOP-0001`, `SHOP-0042` →
 * `SHOP-\d{4}`; `CART-01`, `SHOP-02` → `[A-Z]{4}-\d{2}`), or undefined when they differ.
 */
export function sharedCodeShape(codes: readonly string[]): string | undefined {
  if (codes.length < 2) return undefined;
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const digits = (code: string) =>
    code
      .split(/(\d+)/)
      .map((part, i) => (i % 2 === 1 ? `\\d{${part.length}}` : literal(part)))
      .join("");
  const letters = (code: string) =>
    code
      .split(/(\d+|[A-Z]+|[a-z]+)/)
      .map((part) =>
        /^\d+$/.test(part)
          ? `\\d{${part.length}}`
          : /^[A-Z]+$/.test(part)
            ? `[A-Z]{${part.length}}`
            : /^[a-z]+$/.test(part)
              ? `[a-z]{${part.length}}`
              : literal(part),
      )
      .join("");
  for (const shape of [digits, letters]) {
    const first = shape(codes[0] as string);
    if (/\\d|\[A-Z\]|\[a-z\]/.test(first) && codes.every((c) => shape(c) === first)) return first;
  }
  return undefined;
}

/** Apply a catalog's `lint:` settings and each error's own: rules turned off or changed in severity. */
function configured(catalog: Catalog, problems: Problem[]): Problem[] {
  const byError = new Map<string, Readonly<Record<string, RuleSeverity>>>();
  for (const def of catalog.errors) if (def.lint && def.catalog === catalog.name) byError.set(def.name, def.lint);
  const out: Problem[] = [];
  for (const p of problems) {
    const own = p.path[0] === "errors" ? byError.get(String(p.path[1])) : undefined;
    const setting = own?.[p.rule] ?? catalog.lint.rules[p.rule];
    if (setting === "off") continue;
    out.push(setting === undefined || setting === p.severity ? p : { ...p, severity: setting });
  }
  return out;
}

/** `lint:` settings naming rules that do not exist. */
function unknownRules(catalog: Catalog): Problem[] {
  const known = Object.keys(LINT_RULES);
  const check = (settings: Readonly<Record<string, RuleSeverity>>, at: (string | number)[]) =>
    Object.keys(settings)
      .filter((rule) => !Object.hasOwn(LINT_RULES, rule))
      .map((rule): Problem => {
        const suggestion = nearest(rule, known)[0];
        return {
          severity: "error",
          rule: "unknown-rule",
          message: `no lint rule is called "${rule}"${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
          path: [...at, rule],
          ...(suggestion ? { suggestion } : {}),
        };
      });
  return [
    ...check(catalog.lint.rules, ["lint", "rules"]),
    ...catalog.errors.flatMap((d) =>
      d.lint && d.catalog === catalog.name ? check(d.lint, ["errors", d.name, "lint"]) : [],
    ),
  ];
}

/**
 * Lint the errors a catalog declares itself (included catalogs are linted in their
 * own files), then apply its `lint:` settings: catalog-wide, then per error.
 */
export function lintCatalog(catalog: Catalog): Problem[] {
  return [...configured(catalog, rawProblems(catalog)), ...unknownRules(catalog)];
}

/** Per declared locale other than the default: how many of the catalog's own errors lack a translated message. */
function missingTranslations(catalog: Catalog): Problem[] {
  const own = catalog.errors.filter((d) => d.catalog === catalog.name && !d.notAnError);
  const out: Problem[] = [];
  for (const [i, locale] of catalog.locales.entries()) {
    if (locale === catalog.defaultLocale) continue;
    const missing = own.filter((d) => d.translations[locale]?.message === undefined).map((d) => d.name);
    if (missing.length === 0) continue;
    const shown = missing.slice(0, 5).join(", ");
    out.push({
      severity: LINT_RULES["translation-missing"].severity,
      rule: "translation-missing",
      message: `${locale}: ${missing.length} of ${own.length} errors have no translated message (${shown}${missing.length > 5 ? ", …" : ""}); they fall back to ${catalog.defaultLocale}`,
      path: ["locales", i],
    });
  }
  return out;
}

function rawProblems(catalog: Catalog): Problem[] {
  const problems: Problem[] = missingTranslations(catalog);
  const extensions = new Map(catalog.extensions.map((f) => [f.name, f]));
  const allowedStatuses = new Set(catalog.lint.allowStatuses);
  if (catalog.codeStyle.style === "free") {
    const own = catalog.errors.filter((d) => d.catalog === catalog.name && d.code !== d.name).map((d) => d.code);
    const shape = sharedCodeShape(own);
    if (shape) {
      problems.push({
        severity: LINT_RULES["code-pattern"].severity,
        rule: "code-pattern",
        message: `every code has the shape ${shape}: declare it, and lint checks each new code against it`,
        path: ["codes"],
        suggestion: `codes: { style: pattern, pattern: '${shape}' }`,
      });
    }
  }
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

    for (const [key, value] of Object.entries(def.meta)) {
      const field = extensions.get(key);
      if (!field) {
        if (extensions.size > 0) {
          const suggestion = nearest(key, extensions.keys())[0];
          add(
            "meta-undeclared",
            at("meta", key),
            `meta field "${key}" is not declared in the catalog's extensions${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
            suggestion,
          );
        }
      } else if (!fitsExtension(field, value)) {
        add(
          "meta-type",
          at("meta", key),
          `meta field "${key}" is ${typeOf(value)}, but the extension is declared ${field.type}${field.items ? ` of ${field.items}` : ""}${field.enum ? ` in ${field.enum.join(", ")}` : ""}`,
        );
      }
    }
    for (const field of catalog.extensions) {
      if (field.required && !(field.name in def.meta)) {
        add("meta-required", at("meta"), `${def.name} lacks the required extension field "${field.name}"`);
      }
    }

    for (const [locale, t] of Object.entries(def.translations)) {
      for (const field of ["causes", "solutions"] as const) {
        const translated = t[field];
        if (translated !== undefined && translated.length !== def[field].length) {
          add(
            "translation-items",
            at("translations", locale, field),
            `the ${locale} ${field} are ${translated.length}, the source's ${def[field].length}: each translates the one at its place`,
          );
        }
      }
      if (!t.message) continue;
      const source = new Set(def.message.params);
      const translated = new Set(t.message.params);
      const missing = [...source].filter((p) => !translated.has(p));
      const extra = [...translated].filter((p) => !source.has(p));
      if (missing.length > 0 || extra.length > 0) {
        add(
          "translation-params",
          at("translations", locale, "message"),
          `the ${locale} message ${[missing.length > 0 ? `lacks {${missing.join("}, {")}}` : "", extra.length > 0 ? `has {${extra.join("}, {")}}, which the source message does not` : ""].filter(Boolean).join(" and ")}`,
        );
      }
    }

    // Statuses: none for an error that never travels over HTTP; the checks below are about HTTP.
    const status = def.status;
    if (status === undefined) {
      checkContent(def, add, at);
      continue;
    }
    if (!def.notAnError && !allowedStatuses.has(status) && !kindAccepts(def.kind, status)) {
      add(
        "status-category",
        at("status"),
        `status ${status} is inconsistent with category "${def.category}" (kind ${def.kind} expects ${kindStatuses(def.kind)})`,
        status >= 400 && status < 500
          ? "use the generic kind client (any 4xx), or list the status in lint.allowStatuses"
          : "list the status in lint.allowStatuses, or use the generic kind server (any 5xx)",
      );
    }
    if (NEVER_RETRYABLE_STATUSES.includes(status)) {
      for (const { where, retry } of retryables(def)) {
        if (retry.policy === "backoff" || retry.policy === "retry_after") {
          add(
            "retry-status",
            at(...where),
            `status ${status} is never retryable, but the retry policy is "${retry.policy}"`,
          );
        }
      }
    }
    if (def.notAnError && status >= 400) {
      add("not-an-error-status", at("status"), `${def.name} is marked notAnError but has the error status ${status}`);
    } else if (!def.notAnError && status < 400) {
      add(
        "not-an-error-status",
        at("status"),
        `status ${status} is not an error status`,
        "give it a 4xx/5xx status; status: none if it never travels over HTTP (a CLI's or an SDK's error); notAnError: true only for an outcome that is not a failure",
      );
    }
    if (!grpcAgreesWithStatus(status, def.grpc)) {
      add("grpc-status", at("grpc"), `gRPC code ${def.grpc} does not go with HTTP status ${status}`);
    }
    checkContent(def, add, at);
  }
  return problems;
}

type Add = (rule: LintRule, path: (string | number)[], message: string, suggestion?: string) => void;

/** The checks of an error's message, examples, guidance and retry advice: they hold whatever its status. */
/** A word that begins the rest of a sentence, not a sentence: where a flow list's comma cut one in two. */
const CONTINUATION = /^(?:or|and|but|nor|so|then|which|that|because|unless|until|while|when|if)\b/;

/**
 * Symptoms, causes and solutions whose item starts as the rest of the one before it:
 * in YAML's flow style, `causes: [A, or B]` is two items, "A" and "or B".
 */
function cutSentences(def: ErrorDefinition, add: Add, at: (...rest: (string | number)[]) => (string | number)[]): void {
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

function checkContent(def: ErrorDefinition, add: Add, at: (...rest: (string | number)[]) => (string | number)[]): void {
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

  cutSentences(def, add, at);
  if (def.examples.length === 0) {
    for (const field of def.details) {
      if (field.example === undefined && def.message.params.includes(field.name))
        add(
          "example-missing",
          at("details", field.name),
          `details field "${field.name}" is in the message but has no example: the docs show a placeholder (add example: to the field, or an examples: entry)`,
        );
    }
  }
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
