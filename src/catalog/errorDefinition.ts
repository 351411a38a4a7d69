/**
 * One error of the catalog, built from its input against the catalog-wide sections:
 * its category (and the defaults inherited from it and its kind), its code in the
 * catalog's style, message, details, sub-codes, reasons, examples, translations and
 * headers, each a stage of its own that reports its problems.
 */
import { codeStyleProblem, hierarchicalCategory, normalizeCode, subcodeProblem } from "./codeStyle.js";
import { grpcForStatus } from "./grpc.js";
import { isKind, KINDS } from "./kinds.js";
import type {
  CodeStyle,
  DetailField,
  ErrorDefinition,
  Example,
  Group,
  Reason,
  ResponseHeader,
  RetryAdvice,
  Subcode,
  Template,
  Translation,
} from "./model.js";
import { canonicalLocale, slug, titleCase } from "./names.js";
import { nearest } from "./nearest.js";
import type { ProblemPath } from "./problem.js";
import {
  defaultSeverity,
  joinUrl,
  linkOf,
  parseMessage,
  present,
  RESERVED_HEADERS,
  resolveRecovery,
  resolveRetry,
  resolveSolutions,
  summaryLine,
  wireMetaOf,
} from "./resolve.js";
import { isRetryable } from "./retry.js";
import type { CatalogInput, ErrorInput } from "./schema.js";
import type { BuiltCategory, Registry, Report } from "./sections.js";
import { parseTemplate } from "./template.js";

/** What every error is built against. */
export interface ErrorContext {
  readonly input: CatalogInput;
  readonly report: Report;
  readonly codeStyle: CodeStyle;
  readonly categories: Map<string, BuiltCategory>;
  readonly groups: ReadonlyMap<string, Group>;
  readonly locales: readonly string[];
  readonly defaultLocale: string;
  readonly onWire: ReadonlySet<string>;
  readonly registry: Registry;
}

type At = (...rest: (string | number)[]) => ProblemPath;

/** The error's category: declared, a built-in kind used as one, or (reported) an unknown one. */
function categoryOf(ctx: ErrorContext, e: ErrorInput, at: At): BuiltCategory {
  const found = ctx.categories.get(e.category);
  if (found) return found;
  if (isKind(e.category)) {
    const kind = e.category;
    const category = { id: kind, kind, title: KINDS[kind].title, label: KINDS[kind].title };
    ctx.categories.set(kind, category);
    return category;
  }
  const known = [...ctx.categories.keys(), ...Object.keys(KINDS)];
  ctx.report(at("category"), "unknown-category", `unknown category "${e.category}"`, nearest(e.category, known)[0]);
  return { id: e.category, kind: "server", title: titleCase(e.category), label: titleCase(e.category) };
}

/** The error's code, in the catalog's code style (the name itself in the "name" style). */
function codeOf(ctx: ErrorContext, name: string, e: ErrorInput, category: BuiltCategory, at: At): string {
  const { codeStyle, report } = ctx;
  if (codeStyle.style === "name") {
    if (e.code !== undefined && normalizeCode(e.code) !== name) {
      const got = `the catalog's code style is "name": the code is the name, so omit \`code\` (got "${e.code}")`;
      report(at("code"), "code-style", got);
    }
    return name;
  }
  if (codeStyle.style === "free") return e.code !== undefined ? normalizeCode(e.code) : name;
  if (e.code === undefined) {
    report(at(), "code-style", `error has no code, but the catalog's code style is "${codeStyle.style}"`);
    return name;
  }
  const code = normalizeCode(e.code);
  const styleProblem = codeStyleProblem(codeStyle, code);
  if (styleProblem) report(at("code"), "code-style", styleProblem);
  else if (codeStyle.style === "hierarchical" && category.code && hierarchicalCategory(code) !== category.code) {
    const range = `code ${code} is not in its category's range ${category.code}XX (category "${category.id}")`;
    report(at("code"), "code-style", range);
  }
  return code;
}

/** The message: the error's own, else its description's first line, else its title. */
function messageOf(ctx: ErrorContext, e: ErrorInput, title: string, description: string | undefined, at: At): Template {
  const parsed = parseMessage(e.message ?? summaryLine(description) ?? title, ctx.defaultLocale);
  if (!("problem" in parsed)) return parsed;
  ctx.report(at("message"), "template", parsed.problem);
  return { source: e.message ?? "", parts: [e.message ?? ""], params: [] };
}

/** The details fields; a field the message names is required unless it says otherwise. */
function detailsOf(e: ErrorInput, message: Template): DetailField[] {
  return Object.entries(e.details ?? {}).map(([field, spec]) => {
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
}

/** retry.when belongs to the maybe policy and names details fields. */
function checkWhen(ctx: ErrorContext, name: string, retry: RetryAdvice, details: readonly DetailField[], at: At): void {
  if (!retry.when) return;
  if (retry.policy !== "maybe")
    ctx.report(at("retry", "when"), "retry-when", `retry.when applies to the maybe policy, not ${retry.policy}`);
  for (const field of Object.keys(retry.when)) {
    if (details.some((d) => d.name === field)) continue;
    ctx.report(
      at("retry", "when", field),
      "retry-when",
      `retry.when names ${field}, which is not a details field of ${name}`,
      details.length > 0
        ? `declare it under details (fields: ${details.map((d) => d.name).join(", ")})`
        : "declare it under details",
    );
  }
}

function subcodesOf(ctx: ErrorContext, e: ErrorInput, code: string, retry: RetryAdvice, at: At): Subcode[] {
  return Object.entries(e.subcodes ?? {}).map(([subName, s]) => {
    const subCode = normalizeCode(s.code);
    const problem = subcodeProblem(ctx.codeStyle, code, subCode);
    if (problem) ctx.report(at("subcodes", subName, "code"), "code-style", problem);
    if (ctx.registry.byCode.has(subCode))
      ctx.report(at("subcodes", subName, "code"), "duplicate-code", `sub-code ${subCode} is already used`);
    const sub: Subcode = { name: subName, code: subCode, solutions: resolveSolutions(s.solutions) };
    if (present(s.description)) Object.assign(sub, { description: s.description });
    const subRetry = s.retry ? resolveRetry(s.retry) : undefined;
    if (subRetry) Object.assign(sub, { retry: subRetry });
    if (s.recovery) Object.assign(sub, { recovery: resolveRecovery(s.recovery, subRetry ?? retry) });
    return sub;
  });
}

function reasonsOf(e: ErrorInput, retry: RetryAdvice): Reason[] {
  return Object.entries(e.reasons ?? {}).map(([reasonName, r]) => {
    const spec = typeof r === "string" ? { description: r } : r;
    const reason: Reason = { name: reasonName, solutions: resolveSolutions(spec.solutions) };
    if (present(spec.description)) Object.assign(reason, { description: spec.description });
    const reasonRetry = spec.retry ? resolveRetry(spec.retry) : undefined;
    if (reasonRetry) Object.assign(reason, { retry: reasonRetry });
    if (spec.recovery) Object.assign(reason, { recovery: resolveRecovery(spec.recovery, reasonRetry ?? retry) });
    return reason;
  });
}

/** The examples; a sub-code or reason they name must be the error's own. */
function examplesOf(
  ctx: ErrorContext,
  e: ErrorInput,
  subcodes: readonly Subcode[],
  reasons: readonly Reason[],
  at: At,
): Example[] {
  return (e.examples ?? []).map((x, i) => {
    const example: Example = { details: { ...(x.details ?? {}) }, headers: { ...(x.headers ?? {}) } };
    for (const key of ["title", "message", "requestId", "subcode", "reason"] as const) {
      if (x[key] !== undefined) Object.assign(example, { [key]: x[key] });
    }
    if (x.subcode && !subcodes.some((s) => s.name === x.subcode)) {
      const suggestion = nearest(
        x.subcode,
        subcodes.map((s) => s.name),
      )[0];
      ctx.report(at("examples", i, "subcode"), "unknown-subcode", `unknown sub-code "${x.subcode}"`, suggestion);
    }
    if (x.reason && !reasons.some((r) => r.name === x.reason)) {
      const suggestion = nearest(
        x.reason,
        reasons.map((r) => r.name),
      )[0];
      ctx.report(at("examples", i, "reason"), "unknown-reason", `unknown reason "${x.reason}"`, suggestion);
    }
    return example;
  });
}

/** The error's text in the catalog's other languages; a locale must be declared, and not the default. */
function translationsOf(ctx: ErrorContext, e: ErrorInput, at: At): Record<string, Translation> {
  const { locales, defaultLocale, report } = ctx;
  const out: Record<string, Translation> = {};
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
    out[locale] = translated;
  }
  return out;
}

/** Response headers the error sends; those errata and the server set are refused. */
function headersOf(ctx: ErrorContext, e: ErrorInput, at: At): ResponseHeader[] {
  const headers: ResponseHeader[] = [];
  for (const [header, source] of Object.entries(e.headers ?? {})) {
    if (RESERVED_HEADERS.has(header.toLowerCase())) {
      ctx.report(
        at("headers", header),
        "reserved-header",
        `${header} is set by errata and the server, not by an error`,
      );
      continue;
    }
    const value = parseTemplate(source);
    if ("problem" in value) ctx.report(at("headers", header), "template", value.problem);
    else headers.push({ name: header, value });
  }
  return headers;
}

/** The fields a definition has only when the input gives them. */
function optionalFields(
  ctx: ErrorContext,
  name: string,
  e: ErrorInput,
  category: BuiltCategory,
  description: string | undefined,
  at: At,
  status: number | undefined,
) {
  const defaults = category.defaults ?? {};
  const headers = headersOf(ctx, e, at);
  const docsBase = ctx.input.docsBaseUrl;
  return {
    headers: headers.length > 0 ? headers : undefined,
    group: e.group,
    description,
    exitCode: e.exitCode ?? defaults.exitCode,
    lint: e.lint,
    jsonrpc: e.jsonrpc ?? defaults.jsonrpc,
    // The statuses table is where a JSON-RPC API says which HTTP statuses it sends beside 200.
    jsonrpcStatus: status !== undefined && status >= 400 && ctx.input.statuses?.[status] ? status : undefined,
    deprecated: e.deprecated === true ? {} : e.deprecated || undefined,
    wireMeta: wireMetaOf(e.meta, ctx.onWire),
    since: e.since,
    docsUrl: e.docs ?? (docsBase ? joinUrl(docsBase, slug(name)) : undefined),
  };
}

/** HTTP status, gRPC code, retry and recovery: the error's, else its category's, else its kind's. */
function transportOf(e: ErrorInput, category: BuiltCategory) {
  const kind = KINDS[category.kind];
  const defaults = category.defaults ?? {};
  // `status: none` is an error that never travels over HTTP.
  const declared = e.status ?? defaults.status ?? kind.status;
  const grpc =
    e.grpc ??
    (typeof e.status === "number"
      ? grpcForStatus(e.status)
      : (defaults.grpc ?? (typeof defaults.status === "number" ? grpcForStatus(defaults.status) : kind.grpc)));
  const retry = resolveRetry(e.retry ?? defaults.retry ?? kind.retry);
  const recovery = resolveRecovery(e.recovery ?? defaults.recovery ?? kind.recovery, retry);
  return { status: declared === "none" ? undefined : declared, grpc, retry, recovery };
}

/** Build one error and register it; undefined (reported) when its name is taken. */
export function buildError(ctx: ErrorContext, name: string, e: ErrorInput): ErrorDefinition | undefined {
  const at: At = (...rest) => ["errors", name, ...rest];
  const { report, registry } = ctx;
  const category = categoryOf(ctx, e, at);
  const code = codeOf(ctx, name, e, category, at);
  if (registry.byName.has(name)) {
    report(
      at(),
      "duplicate-name",
      `error name ${name} is already declared by catalog "${registry.byName.get(name)?.catalog}"`,
    );
    return undefined;
  }
  const clash = registry.byCode.get(code);
  if (clash) report(at("code"), "duplicate-code", `code ${code} is already used by ${clash.name}`);
  const { status, grpc, retry, recovery } = transportOf(e, category);
  const notAnError = e.notAnError ?? category.kind === "outcome";
  const title = e.title ?? titleCase(name);
  const description = present(e.description);
  const message = messageOf(ctx, e, title, description, at);
  const details = detailsOf(e, message);
  checkWhen(ctx, name, retry, details, at);
  const subcodes = subcodesOf(ctx, e, code, retry, at);
  const reasons = reasonsOf(e, retry);
  const examples = examplesOf(ctx, e, subcodes, reasons, at);
  if (e.group && !ctx.groups.has(e.group))
    report(at("group"), "unknown-group", `unknown group "${e.group}"`, nearest(e.group, ctx.groups.keys())[0]);
  const defaults = category.defaults ?? {};
  const def: ErrorDefinition = {
    name,
    code,
    catalog: ctx.input.name,
    category: category.id,
    kind: category.kind,
    title,
    message,
    status,
    grpc,
    retry,
    retryable: isRetryable(retry),
    recovery,
    actor: e.actor ?? defaults.actor ?? KINDS[category.kind].actor,
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
    translations: translationsOf(ctx, e, at),
  };
  const optional = optionalFields(ctx, name, e, category, description, at, status);
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(def, { [key]: value });
  registry.byName.set(name, def);
  if (!clash) registry.byCode.set(code, def);
  registry.errors.push(def);
  return def;
}
