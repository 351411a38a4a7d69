/**
 * The shape of a catalog file (YAML, JSON, or the object given to `defineCatalog`).
 * One zod schema is the single source of validation, of the published JSON Schema
 * (schema/catalog.schema.json, for editor autocompletion) and of `CatalogInput`.
 */
import { z } from "zod";
import { GRPC_CODES } from "./grpc.js";
import { KIND_NAMES } from "./kinds.js";

const text = z.string().min(1);
/** Prose a real catalog may leave empty: an empty string is treated as absent. */
const prose = z.string();
const NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
const ID = /^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

const status = z
  .union([z.int().min(100).max(599), z.literal("none")])
  .describe("HTTP status code, or none for an error that never travels over HTTP (a CLI's, an SDK's).");
const exitCode = z.int().min(0).max(255).describe("The process exit code a command-line tool ends with on this error.");
const grpc = z.enum(GRPC_CODES).describe("gRPC status code name that goes with the error.");
/** A catalog is untrusted: its URLs reach docs pages and wire `type` members, so only http(s) ones. */
const url = z.url({ protocol: /^https?$/ }).describe("An absolute http(s) URL.");

/** A link: an http(s) URL or a relative reference (`../guide.md`), never `javascript:` or another scheme. */
const linkUrl = z
  .string()
  .min(1)
  .refine((u) => !/^[a-z][a-z0-9+.-]*:/i.test(u) || /^https?:\/\//i.test(u), "an http(s) URL or a relative reference");

const retryPolicy = z
  .enum(["never", "backoff", "retry_after", "transport", "maybe"])
  .describe(
    "never; backoff (exponential with jitter); retry_after (after the Retry-After header); transport (retried automatically by the transport); maybe (see condition).",
  );
const retryValue = z.union([z.string(), z.number(), z.boolean()]);
const retry = z
  .union([
    retryPolicy,
    z.strictObject({
      policy: retryPolicy,
      condition: text.optional().describe("For `maybe`: when a retry can succeed."),
      when: z
        .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.union([retryValue, z.array(retryValue).min(1)]))
        .optional()
        .describe(
          "For `maybe`: the condition in a form a client can check. Details fields and the values (one, or a list of any) under which the error is retried automatically.",
        ),
      delaySeconds: z.number().positive().optional().describe("Default delay before a retry."),
      maxAttempts: z.int().positive().optional(),
    }),
  ])
  .describe("Retry semantics: a policy name, or an object with the policy and its condition.");

const recoveryAction = z.enum([
  "retry",
  "reconnect",
  "fix_request",
  "fix_configuration",
  "reduce_load",
  "upgrade",
  "report_bug",
  "none",
]);
const recovery = z
  .union([
    recoveryAction,
    z.strictObject({
      action: recoveryAction,
      recoverable: z.enum(["yes", "no", "auto", "partial"]).optional(),
      summary: text.optional().describe('Short words for the summary table, such as "fix seed".'),
    }),
  ])
  .describe("What recovers from the error.");

const actor = z
  .enum(["caller", "operator", "nobody", "maintainer"])
  .describe(
    "Who must act: caller (fix the request), operator (configuration), nobody (transient), maintainer (a bug to report).",
  );
const severity = z.enum(["debug", "info", "warning", "error", "critical"]);

const solution = z
  .union([
    text,
    z.strictObject({
      title: text.optional(),
      text: text.optional(),
      code: text.optional().describe("A code snippet."),
      language: text.optional().describe("Language of the snippet: python, bash, typescript…"),
    }),
  ])
  .describe("A solution: prose, or an object with prose and/or a code snippet.");
const solutions = z.array(solution);

const detailType = z.enum(["string", "integer", "number", "boolean", "object", "array"]);
const detailField = z
  .union([
    detailType,
    z.strictObject({
      type: detailType,
      items: detailType.optional().describe("Element type, for arrays."),
      nullable: z.boolean().optional(),
      required: z.boolean().optional().describe("Defaults to true for message parameters, false otherwise."),
      enum: z.array(z.union([z.string(), z.number()])).optional(),
      description: prose.optional(),
      example: z.unknown().optional(),
    }),
  ])
  .describe("A typed details field: a type name, or an object.");

const jsonrpc = z
  .strictObject({
    code: z.int().describe("JSON-RPC error code."),
    message: text.optional().describe('JSON-RPC message, such as "Internal error".'),
  })
  .describe("How the error travels in JSON-RPC.");

const link = z.strictObject({
  title: text.optional().describe("Shown for the link (default: its URL)."),
  url: linkUrl,
});

/** An HTTP field name (RFC 9110 token). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

const refinement = {
  description: prose.optional(),
  retry: retry.optional(),
  recovery: recovery.optional(),
  solutions: solutions.optional(),
};

const subcode = z.strictObject({
  code: z.union([text, z.int()]).describe("The sub-code, such as 0x0405_01."),
  ...refinement,
});

const reason = z.union([text, z.strictObject(refinement)]).describe("A reason code: a description, or an object.");

const example = z.strictObject({
  title: text.optional(),
  message: text.optional().describe("The message, when it differs from the rendered template."),
  details: z.record(z.string(), z.unknown()).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  requestId: text.optional(),
  subcode: text.optional(),
  reason: text.optional(),
});

const DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const deprecated = z.union([
  z.boolean(),
  z.strictObject({
    since: z
      .string()
      .regex(DATE)
      .optional()
      .describe("When it was deprecated, an ISO 8601 date (2026-01-15): sent as the Deprecation header (RFC 9745)."),
    sunset: z
      .string()
      .regex(DATE)
      .optional()
      .describe("When it stops being sent, an ISO 8601 date: the Sunset header (RFC 8594); errata diff reads it."),
    replacedBy: text.optional().describe("Name of the error that replaces this one."),
    reason: text.optional(),
    link: url
      .optional()
      .describe('Where the deprecation is explained: Link rel="deprecation" (default: the docs URL).'),
  }),
]);

/** A BCP 47 language tag as written (fr, fr-CA, zh-Hant-TW); build checks and canonicalizes it. */
const localeTag = z
  .string()
  .regex(/^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/, "a BCP 47 language tag such as fr or fr-CA");

/** An error's text in one language: what a translation team owns. */
const translation = z.strictObject({
  title: text.optional(),
  message: text.optional().describe("The message template, with the same {parameters} as the source message."),
  description: prose.optional(),
  causes: z.array(text).optional(),
  solutions: z.array(text).optional(),
});

/** An extension field's name: owner, sdk_class, x-level. */
const META_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const metaScalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const metaValue = z.union([metaScalar, z.array(metaScalar)]).describe("A scalar, or a list of scalars.");

const extensionType = z.enum(["string", "integer", "number", "boolean", "array"]);
const extension = z
  .union([
    extensionType,
    z.strictObject({
      type: extensionType,
      items: z.enum(["string", "integer", "number", "boolean"]).optional().describe("Element type, for arrays."),
      enum: z
        .array(z.union([z.string(), z.number()]))
        .min(1)
        .optional(),
      required: z.boolean().optional().describe("Every error of the catalog must set it (default false)."),
      wire: z
        .boolean()
        .optional()
        .describe(
          "Send it in error bodies, where the format has room (default false: extension fields stay in docs and code).",
        ),
      description: prose.optional(),
    }),
  ])
  .describe("An extension field errors may carry in `meta`: a type name, or an object.");

const ruleSeverity = z.enum(["off", "info", "warning", "error"]);
const lintOverrides = z.record(z.string().regex(ID), ruleSeverity);

/** Defaults a category passes to its errors. */
const inherited = {
  status: status.optional(),
  grpc: grpc.optional(),
  retry: retry.optional(),
  recovery: recovery.optional(),
  actor: actor.optional(),
  severity: severity.optional(),
  jsonrpc: jsonrpc.optional(),
  exitCode: exitCode.optional(),
};

export const errorSchema = z.strictObject({
  code: z
    .union([text, z.int()])
    .optional()
    .describe("Code in the catalog's code style (E001, 0x0101, -32001). Omitted when the style is `name`."),
  category: z.string().regex(ID).describe("Category id: a built-in kind or a category declared in `categories`."),
  group: z.string().regex(ID).optional().describe("Documentation group declared in `groups`."),
  title: text.optional().describe("Title; defaults to the name in title case."),
  description: prose.optional().describe("Markdown; an empty description is treated as absent."),
  message: text.optional().describe("Message template with {named} parameters."),
  ...inherited,
  notAnError: z.boolean().optional().describe("An outcome reported as an error code that is not a failure."),
  symptoms: z.array(text).optional().describe("Example messages as a user sees them."),
  causes: z.array(text).optional(),
  solutions: solutions.optional(),
  details: z.record(z.string().regex(FIELD), detailField).optional(),
  subcodes: z.record(z.string().regex(NAME), subcode).optional(),
  reasons: z.record(z.string().regex(ID), reason).optional(),
  examples: z.array(example).optional(),
  deprecated: deprecated.optional(),
  since: z.string().regex(SEMVER).optional(),
  docs: url.optional().describe("Documentation URL; defaults to docsBaseUrl + the error's slug."),
  links: z.array(link).optional(),
  headers: z
    .record(z.string().regex(HEADER_NAME), text)
    .optional()
    .describe(
      'Response headers sent with the error, with {field} values from its details: Allow: "{allowed}" for a 405.',
    ),
  meta: z
    .record(z.string().regex(META_KEY), metaValue)
    .optional()
    .describe(
      "Extension fields, kept verbatim: a classification, an owner team, an SDK class name. Declared in the catalog's `extensions`.",
    ),
  lint: lintOverrides.optional().describe("Lint rules turned off or changed for this error only."),
  translations: z
    .record(localeTag, translation)
    .optional()
    .describe("The error's text in other languages, by BCP 47 tag: title, message, description, causes, solutions."),
});

const category = z.strictObject({
  kind: z
    .enum(KIND_NAMES as [string, ...string[]])
    .optional()
    .describe("Built-in kind; defaults to the id when it names one."),
  title: text.optional(),
  label: text.optional(),
  description: prose.optional(),
  code: z
    .string()
    .regex(/^0x[0-9A-Fa-f]{2}$/)
    .optional()
    .describe("Category part of hierarchical codes (0x01)."),
  ...inherited,
});

const group = z.strictObject({
  title: text,
  description: prose.optional(),
  parent: z.string().regex(ID).optional(),
});

const statusSummary = z.strictObject({
  meaning: text.optional(),
  usedFor: text.optional(),
  category: text.optional(),
  retryable: z.enum(["yes", "no", "maybe"]).optional(),
  note: text.optional(),
});

const codeStyleName = z.enum(["name", "free", "pattern", "hierarchical", "numeric"]);
const codes = z
  .union([
    codeStyleName,
    z.strictObject({
      style: codeStyleName,
      pattern: text.optional().describe("For `pattern`: a regular expression every code matches."),
      min: z.int().optional(),
      max: z.int().optional(),
    }),
  ])
  .describe(
    "Code style: name (the code is the name), free (codes as written; the default when errors carry codes), pattern, hierarchical (0xXXYY, sub-codes 0xXXYY_ZZ), numeric.",
  );

const idempotency = z
  .strictObject({
    header: z
      .string()
      .regex(HEADER_NAME)
      .optional()
      .describe("The request header of the key (default Idempotency-Key)."),
    lifetime: z.int().positive().optional().describe("Seconds a key and its response are kept (default 86400)."),
    methods: z
      .array(z.enum(["POST", "PATCH", "PUT", "DELETE"]))
      .min(1)
      .optional()
      .describe("Methods that take a key (default POST and PATCH)."),
  })
  .describe(
    "The API honours idempotency keys: a repeated request with the same key gets the first one's response. Clients then retry writes under a key; errata/guard enforces it.",
  );

const rateLimitDeclaration = z
  .strictObject({
    protective: z
      .boolean()
      .optional()
      .describe(
        "The limit protects money or a paid upstream: a guard enforcing it must say what it does when its store is down (onStoreError), and should refuse.",
      ),
    description: prose.optional(),
  })
  .describe("A rate-limit policy of the API, by the name the guard's policy has (the IETF RateLimit-Policy name).");

const className = z.string().regex(/^[A-Z][A-Za-z0-9]{0,63}$/, "a class name such as GitClawError");

const sdk = z
  .strictObject({
    errorClass: className.optional().describe("The base class of every error (default: the catalog's name + Error)."),
    classes: z
      .partialRecord(z.enum(KIND_NAMES as [string, ...string[]]), className)
      .optional()
      .describe("Class names of kinds, where the API's SDK names them otherwise (rate_limit: RateLimitError)."),
    requestIdAttribute: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,63}$/)
      .optional()
      .describe("The Python attribute that holds the request id (default request_id; Aragora's is trace_id)."),
  })
  .describe("The names the API's SDK uses, for generated code: errata codegen then gives the same classes.");

const errorSelector = z
  .union([
    z.string().regex(NAME),
    z.strictObject({ category: z.string().regex(ID) }),
    z.strictObject({ group: z.string().regex(ID) }),
  ])
  .describe("An error by name, every error of a category (category: x), or of a group and its subgroups (group: y).");

const errorSelectors = z.array(errorSelector);

const operation = z
  .strictObject({
    http: text.optional().describe('An HTTP operation: "METHOD /path/{param}", such as "POST /repos/{repoId}/stars".'),
    jsonrpc: text.optional().describe("A JSON-RPC method, by name."),
    mcp: text.optional().describe("An MCP tool, by name."),
    grpc: text.optional().describe('A gRPC method, by its full name: "package.Service/Method".'),
    summary: text.optional(),
    description: prose.optional(),
    parameters: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/), z.strictObject({ description: text.optional() }))
      .optional()
      .describe("The path parameters of an HTTP operation, each named in its path template."),
    errors: errorSelectors.optional().describe("The errors the operation may return, besides the common ones."),
    commonErrors: z
      .union([z.boolean(), errorSelectors])
      .optional()
      .describe("false: none of the catalog's common errors; a list: these instead of them."),
    readOnly: z
      .boolean()
      .optional()
      .describe("It changes nothing: safe to repeat (an MCP tool's readOnlyHint; errata's MCP caller retries it)."),
    destructive: z.boolean().optional().describe("It may destroy or overwrite data (an MCP tool's destructiveHint)."),
  })
  .describe(
    "An endpoint, a JSON-RPC method, an MCP tool or a gRPC method, and the errors it may return: exactly one of http, jsonrpc, mcp, grpc.",
  );

const errorMap = z
  .strictObject({
    match: z
      .strictObject({
        name: text
          .optional()
          .describe("The thrown value's constructor name or `name`: PrismaClientKnownRequestError, TimeoutError."),
        code: z
          .union([text, z.int()])
          .optional()
          .describe("Its `code`, compared as text: P2002, 23505 (a Postgres unique violation), ECONNRESET."),
        status: z.int().min(100).max(599).optional().describe("Its `status` (or `statusCode`)."),
      })
      .describe("What a thrown value must have, every field given: at least one of name, code, status."),
    to: z.string().regex(NAME).describe("The catalog's error it becomes."),
    details: z
      .record(z.string().regex(FIELD), z.string().regex(/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/))
      .optional()
      .describe(
        "The target's detail fields, each copied from a dotted path in the thrown value (meta.target). Its message is copied only where a path names it.",
      ),
  })
  .describe("A rule that turns a foreign error (a library's, a database's) into one of the catalog's.");

export const catalogSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().regex(ID).describe("Catalog name, lower-case: aragora, billing-api."),
  version: z.string().regex(SEMVER).describe("Semantic version of the catalog."),
  title: text.optional(),
  description: prose.optional(),
  docsBaseUrl: url.optional(),
  format: z
    .enum(["problem", "jsonapi", "google", "envelope", "flat", "jsonrpc", "binary"])
    .optional()
    .describe("Default wire format (problem when omitted)."),
  codes: codes.optional(),
  rateLimitHeaders: z.enum(["ietf", "legacy", "none"]).optional(),
  rateLimits: z
    .record(z.string().regex(/^[!#-~]{1,64}$/), rateLimitDeclaration)
    .optional()
    .describe("The API's rate-limit policies by name, and which of them are protective."),
  idempotency: idempotency.optional(),
  challenge: text
    .optional()
    .describe('The WWW-Authenticate challenge of every 401 (default Bearer), such as Bearer realm="api".'),
  sdk: sdk.optional(),
  domain: text
    .optional()
    .describe(
      "Google ErrorInfo.domain: a globally unique name of the service, such as api.example.com (default: the catalog's name).",
    ),
  include: z.array(text).optional().describe("Catalog files to include, relative to this file."),
  translationFiles: z
    .array(text)
    .optional()
    .describe(
      "Overlay files of translations, relative to this file (shop.fr.yaml): one locale each, owned by a translation team.",
    ),
  categories: z.record(z.string().regex(ID), category).optional(),
  groups: z.record(z.string().regex(ID), group).optional(),
  organize: z
    .enum(["category", "group"])
    .optional()
    .describe("How the docs organise the errors: by category (default) or by group, such as product areas."),
  statuses: z.record(z.string().regex(/^[1-5]\d\d$/), statusSummary).optional(),
  errors: z.record(z.string().regex(NAME), errorSchema),
  commonErrors: errorSelectors
    .optional()
    .describe("Errors every operation may return (authentication, rate limits, internal…), unless it opts out."),
  operations: z
    .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,127}$/), operation)
    .optional()
    .describe("The API's operations by id (its OpenAPI operationId): what each is, and the errors it may return."),
  own: z
    .record(z.string().regex(NAME), z.string().regex(NAME))
    .optional()
    .describe(
      "errata's errors the API sends (a guard's RATE_LIMITED, an adapter's VALIDATION_ERROR) and the catalog's own errors to send instead.",
    ),
  maps: z
    .array(errorMap)
    .optional()
    .describe("Foreign errors and the catalog's errors they become, first match wins: server adapters apply them."),
  guides: z.array(z.strictObject({ title: text, body: text })).optional(),
  links: z.array(link).optional(),
  locales: z
    .array(localeTag)
    .min(1)
    .optional()
    .describe(
      "The languages the catalog's text exists in, as BCP 47 tags; the first is the default (en when omitted).",
    ),
  extensions: z
    .record(z.string().regex(META_KEY), extension)
    .optional()
    .describe(
      "The extension fields errors may carry in `meta`, and their types: lint checks every error against them.",
    ),
  lint: z
    .strictObject({
      rules: lintOverrides.optional().describe("Rule id → off, warning or error, for the whole catalog."),
      allowStatuses: z
        .array(z.int().min(100).max(599))
        .optional()
        .describe("Statuses accepted in any category (405, 418, 451…): status-category never reports them."),
    })
    .optional()
    .describe("Lint configuration: rules turned off or changed in severity, statuses allowed."),
});

/**
 * An overlay file: one locale's translations of a catalog's errors, beside the catalog
 * (`shop.fr.yaml`). Each entry has the shape of an error's `translations` entry and is
 * checked as one, once merged.
 */
export const translationFileSchema = z.strictObject({
  locale: localeTag.describe("The locale of every translation in the file; the catalog must declare it."),
  errors: z
    .record(z.string().regex(NAME), z.record(z.string(), z.unknown()))
    .describe("Error name → its text in this locale: title, message, description, causes, solutions."),
});

/** The input form of a catalog, as written in a file or passed to `defineCatalog`. */
export type CatalogInput = z.input<typeof catalogSchema>;
/** The input form of one error entry. */
export type ErrorInput = z.input<typeof errorSchema>;

/** JSON Schema (2020-12) of an overlay file of translations, for editors. */
export function translationFileJsonSchema(): Record<string, unknown> {
  const { $schema: _nested, ...entry } = z.toJSONSchema(translation, { io: "input", target: "draft-2020-12" });
  const schema = z.toJSONSchema(translationFileSchema, { io: "input", target: "draft-2020-12" }) as unknown as {
    properties: { errors: { additionalProperties: unknown } };
  };
  schema.properties.errors.additionalProperties = entry;
  return {
    ...schema,
    $id: "https://errata.dev/schema/translations.schema.json",
    title: "errata translations",
    description: "One locale's translations of an errata catalog's errors.",
  };
}

/** JSON Schema (2020-12) of the catalog file, for editors. */
export function catalogJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(catalogSchema, { io: "input", target: "draft-2020-12" });
  return {
    ...schema,
    $id: "https://errata.dev/schema/catalog.schema.json",
    title: "errata catalog",
    description: "An API's errors, declared once: errata turns them into typed errors, wire formats, clients and docs.",
  };
}
