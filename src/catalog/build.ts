/**
 * Build the Catalog model from validated input: resolve every default
 * (error ← category ← kind), parse templates, merge included catalogs, and
 * report what makes a catalog unusable (unknown category, bad code, duplicates).
 */
import {
  codeStyleProblem,
  hierarchicalCategory,
  normalizeCode,
  resolveCodeStyle,
  subcodeProblem,
} from "./codeStyle.js";
import { grpcForStatus } from "./grpc.js";
import { isIcu, parseIcu } from "./icu.js";
import { isKind, KINDS, type Kind } from "./kinds.js";
import { rateLimitsOf } from "./limits.js";
import type {
  Catalog,
  Category,
  CodeStyle,
  DetailField,
  ErrorDefinition,
  Example,
  ExtensionField,
  Group,
  IdempotencyPolicy,
  Link,
  Reason,
  Recovery,
  ResponseHeader,
  RetryAdvice,
  Severity,
  Solution,
  StatusSummary,
  Subcode,
  Template,
  Translation,
} from "./model.js";
import { canonicalLocale, slug, titleCase } from "./names.js";
import { nearest } from "./nearest.js";
import type { Problem, ProblemPath } from "./problem.js";
import { isRetryable } from "./retry.js";
import type { CatalogInput, ErrorInput } from "./schema.js";
import { parseTemplate } from "./template.js";

/** A link as the model keeps it: a link without a title shows its URL. */
function linkOf(link: { readonly title?: string | undefined; readonly url: string }): Link {
  return { title: link.title ?? link.url, url: link.url };
}

/** Headers a catalog error may not set: the body's own and the connection's. */
const RESERVED_HEADERS = new Set([
  "content-type",
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "set-cookie",
  "x-request-id",
  "x-trace-id",
]);

type RetryInput = NonNullable<ErrorInput["retry"]>;
type RecoveryInput = NonNullable<ErrorInput["recovery"]>;
type SolutionInput = NonNullable<ErrorInput["solutions"]>[number];
type CategoryInput = NonNullable<CatalogInput["categories"]>[string];

export interface BuildResult {
  readonly catalog: Catalog;
  readonly problems: readonly Problem[];
}

function resolveRetry(input: RetryInput): RetryAdvice {
  if (typeof input === "string") return { policy: input };
  const { when, ...rest } = input;
  if (!when) return rest;
  const lists: Record<string, readonly (string | number | boolean)[]> = {};
  for (const [field, value] of Object.entries(when)) lists[field] = Array.isArray(value) ? [...value] : [value];
  return { ...rest, when: lists };
}

function resolveRecovery(input: RecoveryInput, retry: RetryAdvice): Recovery {
  const spec = typeof input === "string" ? { action: input } : input;
  const fallback =
    retry.policy === "transport"
      ? "auto"
      : spec.action === "none" || spec.action === "upgrade" || spec.action === "report_bug"
        ? "no"
        : "yes";
  const recovery: { -readonly [K in keyof Recovery]: Recovery[K] } = {
    action: spec.action,
    recoverable: ("recoverable" in spec && spec.recoverable) || fallback,
  };
  if ("summary" in spec && spec.summary) recovery.summary = spec.summary;
  return recovery;
}

function resolveSolutions(input: readonly SolutionInput[] | undefined): Solution[] {
  return (input ?? []).map((s) => (typeof s === "string" ? { text: s } : { ...s }));
}

function defaultSeverity(status: number | undefined, notAnError: boolean): Severity {
  if (notAnError) return "info";
  return status === undefined || status >= 500 ? "error" : "warning";
}

/** The first line of prose that reads as a sentence (not a heading, fence or list marker), for a table. */
export function summaryLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t === "" || /^(#|```|~~~|\||[-*+] |\d+\. )/.test(t)) continue;
    return t;
  }
  return undefined;
}

/** A message: ICU when it uses plural, select, number, date or time arguments, else errata's plain template. */
function parseMessage(source: string, locale: string): Template | { readonly problem: string } {
  return isIcu(source) ? parseIcu(source, locale) : parseTemplate(source);
}

/** Prose as the model keeps it: an empty or blank string is absent. */
function present(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === "" ? undefined : text;
}

function joinUrl(base: string, path: string): string {
  return base.endsWith("/") ? base + path : `${base}/${path}`;
}

/** The extension fields of an error that its catalog sends on the wire; undefined when none. */
function wireMetaOf(
  meta: ErrorInput["meta"],
  onWire: ReadonlySet<string>,
): Record<string, NonNullable<ErrorInput["meta"]>[string]> | undefined {
  if (!meta || onWire.size === 0) return undefined;
  const out: Record<string, NonNullable<ErrorInput["meta"]>[string]> = {};
  for (const [key, value] of Object.entries(meta)) if (onWire.has(key)) out[key] = value;
  return Object.keys(out).length > 0 ? out : undefined;
}

type ExtensionInput = NonNullable<CatalogInput["extensions"]>[string];

/** The extension fields a catalog declares, then those of included catalogs it does not redeclare. */
function extensionsOf(input: CatalogInput, included: readonly Catalog[]): ExtensionField[] {
  const fields = new Map<string, ExtensionField>();
  for (const [name, spec] of Object.entries(input.extensions ?? {}) as [string, ExtensionInput][]) {
    const s = typeof spec === "string" ? { type: spec } : spec;
    const field: ExtensionField = {
      name,
      type: s.type,
      required: ("required" in s && s.required) || false,
      wire: ("wire" in s && s.wire) || false,
    };
    if ("items" in s && s.items) Object.assign(field, { items: s.items });
    if ("enum" in s && s.enum) Object.assign(field, { enum: [...s.enum] });
    if ("description" in s && present(s.description)) Object.assign(field, { description: s.description });
    fields.set(name, field);
  }
  for (const inc of included) for (const f of inc.extensions) if (!fields.has(f.name)) fields.set(f.name, f);
  return [...fields.values()];
}

/**
 * Build a catalog from validated input. `included` are the already built
 * catalogs named by `include`; their errors come first and must not clash.
 */
export function buildCatalog(input: CatalogInput, included: readonly Catalog[] = [], source?: string): BuildResult {
  const problems: Problem[] = [];
  const report = (path: ProblemPath, rule: string, message: string, suggestion?: string) => {
    problems.push({
      severity: "error",
      rule,
      message,
      path,
      ...(suggestion ? { suggestion } : {}),
    });
  };

  const styleResult = resolveCodeStyle(input.codes, input.errors);
  let codeStyle: CodeStyle = { style: "name" };
  if ("problem" in styleResult) report(["codes"], "code-style", styleResult.problem);
  else codeStyle = styleResult;

  // Categories: declared ones, then those of included catalogs not redeclared.
  const categories = new Map<string, Category & { readonly defaults?: CategoryInput }>();
  for (const [id, cat] of Object.entries(input.categories ?? {})) {
    let kind: Kind | undefined = cat.kind as Kind | undefined;
    if (!kind) {
      if (isKind(id)) kind = id;
      else {
        report(["categories", id], "unknown-kind", `category "${id}" is not a built-in kind: give it a \`kind\``);
        kind = "server";
      }
    }
    const title = cat.title ?? (id === kind ? KINDS[kind].title : titleCase(id));
    const category: Category & { defaults?: CategoryInput } = {
      id,
      kind,
      title,
      label: cat.label ?? title,
      defaults: cat,
    };
    if (present(cat.description)) Object.assign(category, { description: cat.description });
    if (cat.code) Object.assign(category, { code: cat.code.toLowerCase() });
    categories.set(id, category);
  }

  const groups = new Map<string, Group>();
  for (const [id, { description, ...g }] of Object.entries(input.groups ?? {})) {
    groups.set(id, { id, ...g, ...(present(description) ? { description } : {}) });
  }
  for (const g of groups.values()) {
    if (g.parent && !groups.has(g.parent)) {
      report(
        ["groups", g.id, "parent"],
        "unknown-group",
        `unknown parent group "${g.parent}"`,
        nearest(g.parent, groups.keys())[0],
      );
    }
  }

  // Languages: each declared tag checked and canonicalized (fr-ca → fr-CA); the first is the default.
  const locales: string[] = [];
  for (const [i, tag] of (input.locales ?? []).entries()) {
    const canonical = canonicalLocale(tag);
    if (canonical === undefined)
      report(["locales", i], "locale-tag", `"${tag}" is not a well-formed BCP 47 language tag`);
    else if (locales.includes(canonical)) report(["locales", i], "locale-tag", `locale ${canonical} is declared twice`);
    else locales.push(canonical);
  }
  const defaultLocale = locales[0] ?? "en";

  const extensions = extensionsOf(input, included);
  const onWire = new Set(extensions.filter((f) => f.wire).map((f) => f.name));

  const errors: ErrorDefinition[] = [];
  const byName = new Map<string, ErrorDefinition>();
  const byCode = new Map<string, ErrorDefinition>();
  for (const inc of included) {
    for (const def of inc.errors) {
      const known = byName.get(def.name);
      // The same catalog reached by two includes (a diamond) brings the same definitions: once.
      if (known === def) continue;
      if (known) {
        report(
          ["include"],
          "duplicate-name",
          `error name ${def.name} is declared by both included catalogs "${known.catalog}" and "${def.catalog}"`,
        );
        continue;
      }
      byName.set(def.name, def);
      byCode.set(def.code, def);
      errors.push(def);
    }
    for (const cat of inc.categories) if (!categories.has(cat.id)) categories.set(cat.id, cat);
    for (const g of inc.groups) if (!groups.has(g.id)) groups.set(g.id, g);
  }

  for (const [name, e] of Object.entries(input.errors)) {
    const at = (...rest: (string | number)[]): ProblemPath => ["errors", name, ...rest];

    let category = categories.get(e.category);
    if (!category) {
      if (isKind(e.category)) {
        const kind = e.category;
        category = { id: kind, kind, title: KINDS[kind].title, label: KINDS[kind].title };
        categories.set(kind, category);
      } else {
        const known = [...categories.keys(), ...Object.keys(KINDS)];
        report(at("category"), "unknown-category", `unknown category "${e.category}"`, nearest(e.category, known)[0]);
        category = {
          id: e.category,
          kind: "server",
          title: titleCase(e.category),
          label: titleCase(e.category),
        };
      }
    }
    const kind = KINDS[category.kind];
    const defaults = category.defaults ?? {};

    // Identity
    let code = name;
    if (codeStyle.style === "name") {
      if (e.code !== undefined && normalizeCode(e.code) !== name) {
        report(
          at("code"),
          "code-style",
          `the catalog's code style is "name": the code is the name, so omit \`code\` (got "${e.code}")`,
        );
      }
    } else if (codeStyle.style === "free") {
      if (e.code !== undefined) code = normalizeCode(e.code);
    } else if (e.code === undefined) {
      report(at(), "code-style", `error has no code, but the catalog's code style is "${codeStyle.style}"`);
    } else {
      code = normalizeCode(e.code);
      const styleProblem = codeStyleProblem(codeStyle, code);
      if (styleProblem) report(at("code"), "code-style", styleProblem);
      else if (codeStyle.style === "hierarchical" && category.code && hierarchicalCategory(code) !== category.code) {
        report(
          at("code"),
          "code-style",
          `code ${code} is not in its category's range ${category.code}XX (category "${category.id}")`,
        );
      }
    }
    if (byName.has(name)) {
      report(
        at(),
        "duplicate-name",
        `error name ${name} is already declared by catalog "${byName.get(name)?.catalog}"`,
      );
      continue;
    }
    const clash = byCode.get(code);
    if (clash) {
      report(at("code"), "duplicate-code", `code ${code} is already used by ${clash.name}`);
    }

    // HTTP, gRPC, retry, recovery. `status: none` is an error that never travels over HTTP.
    const declared = e.status ?? defaults.status ?? kind.status;
    const status = declared === "none" ? undefined : declared;
    const grpc =
      e.grpc ??
      (typeof e.status === "number"
        ? grpcForStatus(e.status)
        : (defaults.grpc ?? (typeof defaults.status === "number" ? grpcForStatus(defaults.status) : kind.grpc)));
    const retry = resolveRetry(e.retry ?? defaults.retry ?? kind.retry);
    const recovery = resolveRecovery(e.recovery ?? defaults.recovery ?? kind.recovery, retry);
    const notAnError = e.notAnError ?? category.kind === "outcome";
    const title = e.title ?? titleCase(name);

    const description = present(e.description);
    // Without a message, the description's first sentence line (a Markdown description has headings, tables…).
    const parsed = parseMessage(e.message ?? summaryLine(description) ?? title, defaultLocale);
    let message: Template;
    if ("problem" in parsed) {
      report(at("message"), "template", parsed.problem);
      message = { source: e.message ?? "", parts: [e.message ?? ""], params: [] };
    } else message = parsed;

    const details: DetailField[] = Object.entries(e.details ?? {}).map(([field, spec]) => {
      const s = typeof spec === "string" ? { type: spec } : spec;
      const out: { -readonly [K in keyof DetailField]: DetailField[K] } = {
        name: field,
        type: s.type,
        nullable: ("nullable" in s && s.nullable) || false,
        required: ("required" in s ? s.required : undefined) ?? message.params.includes(field),
      };
      if ("items" in s && s.items) out.items = s.items;
      if ("enum" in s && s.enum) out.enum = [...s.enum];
      if ("description" in s && present(s.description)) out.description = s.description as string;
      if ("example" in s && s.example !== undefined) out.example = s.example;
      return out;
    });

    if (retry.when) {
      if (retry.policy !== "maybe") {
        report(at("retry", "when"), "retry-when", `retry.when applies to the maybe policy, not ${retry.policy}`);
      }
      for (const field of Object.keys(retry.when)) {
        if (!details.some((d) => d.name === field)) {
          report(
            at("retry", "when", field),
            "retry-when",
            `retry.when names ${field}, which is not a details field of ${name}`,
            details.length > 0
              ? `declare it under details (fields: ${details.map((d) => d.name).join(", ")})`
              : "declare it under details",
          );
        }
      }
    }

    const subcodes: Subcode[] = Object.entries(e.subcodes ?? {}).map(([subName, s]) => {
      const subCode = normalizeCode(s.code);
      const problem = subcodeProblem(codeStyle, code, subCode);
      if (problem) report(at("subcodes", subName, "code"), "code-style", problem);
      if (byCode.has(subCode))
        report(at("subcodes", subName, "code"), "duplicate-code", `sub-code ${subCode} is already used`);
      const sub: Subcode = {
        name: subName,
        code: subCode,
        solutions: resolveSolutions(s.solutions),
      };
      if (present(s.description)) Object.assign(sub, { description: s.description });
      const subRetry = s.retry ? resolveRetry(s.retry) : undefined;
      if (subRetry) Object.assign(sub, { retry: subRetry });
      if (s.recovery) Object.assign(sub, { recovery: resolveRecovery(s.recovery, subRetry ?? retry) });
      return sub;
    });

    const reasons: Reason[] = Object.entries(e.reasons ?? {}).map(([reasonName, r]) => {
      const spec = typeof r === "string" ? { description: r } : r;
      const reason: Reason = { name: reasonName, solutions: resolveSolutions(spec.solutions) };
      if (present(spec.description)) Object.assign(reason, { description: spec.description });
      const reasonRetry = spec.retry ? resolveRetry(spec.retry) : undefined;
      if (reasonRetry) Object.assign(reason, { retry: reasonRetry });
      if (spec.recovery) Object.assign(reason, { recovery: resolveRecovery(spec.recovery, reasonRetry ?? retry) });
      return reason;
    });

    const examples: Example[] = (e.examples ?? []).map((x, i) => {
      const example: Example = {
        details: { ...(x.details ?? {}) },
        headers: { ...(x.headers ?? {}) },
      };
      for (const key of ["title", "message", "requestId", "subcode", "reason"] as const) {
        if (x[key] !== undefined) Object.assign(example, { [key]: x[key] });
      }
      if (x.subcode && !subcodes.some((s) => s.name === x.subcode)) {
        report(
          at("examples", i, "subcode"),
          "unknown-subcode",
          `unknown sub-code "${x.subcode}"`,
          nearest(
            x.subcode,
            subcodes.map((s) => s.name),
          )[0],
        );
      }
      if (x.reason && !reasons.some((r) => r.name === x.reason)) {
        report(
          at("examples", i, "reason"),
          "unknown-reason",
          `unknown reason "${x.reason}"`,
          nearest(
            x.reason,
            reasons.map((r) => r.name),
          )[0],
        );
      }
      return example;
    });

    if (e.group && !groups.has(e.group)) {
      report(at("group"), "unknown-group", `unknown group "${e.group}"`, nearest(e.group, groups.keys())[0]);
    }

    const def: ErrorDefinition = {
      name,
      code,
      catalog: input.name,
      category: category.id,
      kind: category.kind,
      title,
      message,
      status,
      grpc,
      retry,
      retryable: isRetryable(retry),
      recovery,
      actor: e.actor ?? defaults.actor ?? kind.actor,
      severity: e.severity ?? defaults.severity ?? defaultSeverity(status, notAnError),
      notAnError,
      symptoms: [...(e.symptoms ?? [])],
      causes: [...(e.causes ?? [])],
      solutions: resolveSolutions(e.solutions),
      details,
      subcodes,
      reasons,
      examples,
      links: (e.links ?? []).map(linkOf),
      meta: { ...(e.meta ?? {}) },
      translations: {},
    };
    for (const [tag, t] of Object.entries(e.translations ?? {})) {
      const where = at("translations", tag);
      const locale = canonicalLocale(tag);
      if (locale === undefined) {
        report(where, "locale-tag", `"${tag}" is not a well-formed BCP 47 language tag`);
        continue;
      }
      if (!locales.includes(locale) || locale === defaultLocale) {
        report(
          where,
          "unknown-locale",
          locale === defaultLocale
            ? `${locale} is the catalog's default language: its text is the error's own`
            : `locale ${locale} is not declared in the catalog's locales (${locales.join(", ") || "none"})`,
          // The same language declared with a region (fr → fr-CA), else the nearest tag.
          locales.find((l) => l.split("-")[0] === locale.split("-")[0]) ?? nearest(locale, locales)[0],
        );
        continue;
      }
      const translated: { -readonly [K in keyof Translation]: Translation[K] } = {};
      if (t.message !== undefined) {
        const parsedMessage = parseMessage(t.message, locale);
        if ("problem" in parsedMessage) report([...where, "message"], "template", parsedMessage.problem);
        else translated.message = parsedMessage;
      }
      if (t.title !== undefined) translated.title = t.title;
      if (present(t.description)) translated.description = t.description;
      if (t.causes) translated.causes = [...t.causes];
      if (t.solutions) translated.solutions = [...t.solutions];
      (def.translations as Record<string, Translation>)[locale] = translated;
    }
    const headers: ResponseHeader[] = [];
    for (const [header, source] of Object.entries(e.headers ?? {})) {
      if (RESERVED_HEADERS.has(header.toLowerCase())) {
        report(at("headers", header), "reserved-header", `${header} is set by errata and the server, not by an error`);
        continue;
      }
      const value = parseTemplate(source);
      if ("problem" in value) report(at("headers", header), "template", value.problem);
      else headers.push({ name: header, value });
    }
    const optional: Partial<Record<keyof ErrorDefinition, unknown>> = {
      headers: headers.length > 0 ? headers : undefined,
      group: e.group,
      description,
      exitCode: e.exitCode ?? defaults.exitCode,
      lint: e.lint,
      jsonrpc: e.jsonrpc ?? defaults.jsonrpc,
      deprecated: e.deprecated === true ? {} : e.deprecated || undefined,
      wireMeta: wireMetaOf(e.meta, onWire),
      since: e.since,
      docsUrl: e.docs ?? (input.docsBaseUrl ? joinUrl(input.docsBaseUrl, slug(name)) : undefined),
    };
    for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(def, { [key]: value });

    byName.set(name, def);
    if (!clash) byCode.set(code, def);
    errors.push(def);
  }

  // References between errors, once all are known.
  for (const [name, e] of Object.entries(input.errors)) {
    const replacedBy = typeof e.deprecated === "object" ? e.deprecated.replacedBy : undefined;
    if (replacedBy && !byName.has(replacedBy)) {
      report(
        ["errors", name, "deprecated", "replacedBy"],
        "unknown-error",
        `replacedBy names an unknown error "${replacedBy}"`,
        nearest(replacedBy, byName.keys())[0],
      );
    }
  }

  const statuses: StatusSummary[] = Object.entries(input.statuses ?? {}).map(([s, row]) => ({
    status: Number(s),
    ...row,
  }));

  const catalog: Catalog = {
    name: input.name,
    version: input.version,
    title: input.title ?? titleCase(input.name),
    format: input.format ?? "problem",
    codeStyle,
    rateLimitHeaders: input.rateLimitHeaders ?? "ietf",
    rateLimits: rateLimitsOf(input, included),
    includes: [...new Set(included.flatMap((c) => [c.name, ...c.includes]))],
    categories: [...categories.values()].map(({ defaults: _defaults, ...c }) => c as Category),
    groups: [...groups.values()],
    statuses,
    errors,
    guides: (input.guides ?? []).map((g) => ({ ...g })),
    links: (input.links ?? []).map(linkOf),
    locales: locales.length > 0 ? locales : [defaultLocale],
    defaultLocale,
    organize: input.organize ?? "category",
    extensions,
    lint: {
      rules: { ...(input.lint?.rules ?? {}) },
      allowStatuses: [...(input.lint?.allowStatuses ?? [])],
    },
  };
  const idempotency: IdempotencyPolicy | undefined = input.idempotency
    ? {
        header: input.idempotency.header ?? "Idempotency-Key",
        lifetimeSeconds: input.idempotency.lifetime ?? 86_400,
        methods: [...(input.idempotency.methods ?? ["POST", "PATCH"])],
      }
    : included.find((c) => c.idempotency)?.idempotency;
  for (const [key, value] of Object.entries({
    description: present(input.description),
    docsBaseUrl: input.docsBaseUrl,
    challenge: input.challenge,
    domain: input.domain,
    sdk: input.sdk,
    idempotency,
    source,
  })) {
    if (value !== undefined) Object.assign(catalog, { [key]: value });
  }
  return { catalog, problems };
}
