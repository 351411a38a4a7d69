/**
 * The Catalog model: the normalized, validated, read-only form of a catalog that
 * every surface of errata reads (runtime, wire, server, client, guards, docs,
 * codegen). Defaults are already resolved here: nothing downstream re-derives them.
 */
import type { GRPC_CODES } from "./grpc.js";
import type { Kind } from "./kinds.js";

/** A gRPC status code name, such as `RESOURCE_EXHAUSTED`. */
export type GrpcCode = (typeof GRPC_CODES)[number];

/**
 * When a caller may retry:
 * - `never`: retrying the same request cannot succeed;
 * - `backoff`: retry with exponential backoff and jitter;
 * - `retry_after`: retry after the server's Retry-After (backoff when absent);
 * - `transport`: the transport already retries automatically (retransmission);
 * - `maybe`: depends on `condition`.
 */
export type RetryPolicy = "never" | "backoff" | "retry_after" | "transport" | "maybe";

/** What recovers from the error. */
export type RecoveryAction =
  | "retry"
  | "reconnect"
  | "fix_request"
  | "fix_configuration"
  | "reduce_load"
  | "upgrade"
  | "report_bug"
  | "none";

/** How a reference summarizes recoverability: yes, no, automatic, partial. */
export type Recoverable = "yes" | "no" | "auto" | "partial";

/** Who must act: the caller (fix the request), the operator (configuration), nobody (transient), the maintainer (a bug). */
export type Actor = "caller" | "operator" | "nobody" | "maintainer";

export type Severity = "debug" | "info" | "warning" | "error" | "critical";

/** The wire formats an API can promise. */
export type WireFormat = "problem" | "jsonapi" | "google" | "envelope" | "flat" | "jsonrpc" | "binary";

/** Rate-limit header style: IETF draft `RateLimit`/`RateLimit-Policy`, legacy `X-RateLimit-*`, or none. */
export type RateLimitHeaderStyle = "ietf" | "legacy" | "none";

export type DetailType = "string" | "integer" | "number" | "boolean" | "object" | "array";

/** Retry advice, resolved from the error, its category and its kind. */
export interface RetryAdvice {
  readonly policy: RetryPolicy;
  /** For `maybe`: the condition under which a retry can succeed. */
  readonly condition?: string;
  /**
   * For `maybe`: the condition as a client can check it. Every listed details field
   * must hold one of its values for the error to be retried automatically.
   */
  readonly when?: Readonly<Record<string, readonly (string | number | boolean)[]>>;
  /** A default delay in seconds, when the reference gives one. */
  readonly delaySeconds?: number;
  readonly maxAttempts?: number;
}

export interface Recovery {
  readonly action: RecoveryAction;
  readonly recoverable: Recoverable;
  /** The reference's short words for it, such as "fix seed". */
  readonly summary?: string;
}

/** A solution: prose, a code snippet with its language, or both. */
export interface Solution {
  readonly title?: string;
  readonly text?: string;
  readonly code?: string;
  readonly language?: string;
}

/** One typed field an error carries in its details. */
export interface DetailField {
  readonly name: string;
  readonly type: DetailType;
  /** Element type, for arrays. */
  readonly items?: DetailType;
  readonly nullable: boolean;
  readonly required: boolean;
  readonly enum?: readonly (string | number)[];
  readonly description?: string;
  readonly example?: unknown;
}

/** A sub-code refining an error (`0x0405_01` NONCE_REUSE under HANDSHAKE_FAILURE). */
export interface Subcode {
  readonly name: string;
  readonly code: string;
  readonly description?: string;
  readonly retry?: RetryAdvice;
  readonly recovery?: Recovery;
  readonly solutions: readonly Solution[];
}

/** A reason code embedded in an error (SESSION_CLOSED's `graceful`, `timeout`…). */
export interface Reason {
  readonly name: string;
  readonly description?: string;
  readonly retry?: RetryAdvice;
  readonly recovery?: Recovery;
  readonly solutions: readonly Solution[];
}

/** An example occurrence: the details and headers it carries, and its message if it differs from the template. */
export interface Example {
  readonly title?: string;
  readonly message?: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId?: string;
  readonly subcode?: string;
  readonly reason?: string;
}

/** A parsed message template: literal text and `{param}` placeholders, or an ICU message. */
export interface Template {
  readonly source: string;
  /** Literal strings at even indexes, parameter names at odd indexes (an ICU message: its source alone). */
  readonly parts: readonly string[];
  readonly params: readonly string[];
  /** For an ICU message: the language it is written in. */
  readonly locale?: string;
  /** For an ICU message: its renderer, compiled once when the catalog was built. */
  readonly format?: (values: Readonly<Record<string, unknown>>) => string;
}

export interface Link {
  readonly title: string;
  readonly url: string;
}

export interface Deprecation {
  /** When it was deprecated: an ISO 8601 date. */
  readonly since?: string;
  /** When it stops being sent: an ISO 8601 date. */
  readonly sunset?: string;
  readonly replacedBy?: string;
  readonly reason?: string;
  /** Where the deprecation is explained. */
  readonly link?: string;
}

/** A JSON-RPC mapping of an error: the number and message it travels with. */
export interface JsonRpcMapping {
  readonly code: number;
  readonly message?: string;
}

/** Where a definition came from, for messages that point at it. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One error of a catalog, with every default resolved. */
export interface ErrorDefinition {
  readonly name: string;
  /** The code in the catalog's code style; equals `name` when the style is `name`. */
  readonly code: string;
  /** Name of the catalog that declares it (an included catalog's name for included errors). */
  readonly catalog: string;
  readonly category: string;
  readonly kind: Kind;
  readonly group?: string;
  readonly title: string;
  readonly description?: string;
  readonly message: Template;
  /** The HTTP status; undefined for an error that never travels over HTTP (`status: none`: a CLI's, an SDK's). */
  readonly status?: number;
  /** The exit code of a command-line tool that ends on this error. */
  readonly exitCode?: number;
  readonly grpc: GrpcCode;
  readonly retry: RetryAdvice;
  /** True when a caller may retry the same request without changing it. */
  readonly retryable: boolean;
  readonly recovery: Recovery;
  readonly actor: Actor;
  readonly severity: Severity;
  /** An outcome reported through the error vocabulary that is not a failure (NO_CONSENSUS). */
  readonly notAnError: boolean;
  readonly symptoms: readonly string[];
  readonly causes: readonly string[];
  readonly solutions: readonly Solution[];
  readonly details: readonly DetailField[];
  readonly subcodes: readonly Subcode[];
  readonly reasons: readonly Reason[];
  readonly examples: readonly Example[];
  readonly jsonrpc?: JsonRpcMapping;
  /**
   * The HTTP status the error keeps over JSON-RPC: its own, where the catalog's
   * `statuses` table declares it (TraceMem's 401, 403 and 429). Otherwise a JSON-RPC
   * error travels with 200, as JSON-RPC over HTTP clients expect.
   */
  readonly jsonrpcStatus?: number;
  readonly deprecated?: Deprecation;
  readonly since?: string;
  readonly docsUrl?: string;
  readonly links: readonly Link[];
  /** Response headers the error is sent with, their values rendered from its details (Allow for a 405). */
  readonly headers?: readonly ResponseHeader[];
  /** Extension fields, verbatim from the catalog (`meta:`). */
  readonly meta: Readonly<Record<string, MetaValue>>;
  /** The extension fields the catalog declares `wire: true`: sent in error bodies where a format has room. */
  readonly wireMeta?: Readonly<Record<string, MetaValue>>;
  /** Lint rules this error turns off or changes. */
  readonly lint?: Readonly<Record<string, RuleSeverity>>;
  /** Its text in other languages, by canonical BCP 47 tag. */
  readonly translations: Readonly<Record<string, Translation>>;
  readonly source?: SourcePosition;
}

/** An error's text in one language; what is absent falls back to the parent locale, then the default. */
export interface Translation {
  readonly title?: string;
  readonly message?: Template;
  readonly description?: string;
  readonly causes?: readonly string[];
  readonly solutions?: readonly string[];
}

/** The fields a translation may give, in the order tools show them. */
export const TRANSLATION_FIELDS = [
  "title",
  "message",
  "description",
  "causes",
  "solutions",
] as const satisfies readonly (keyof Translation)[];

/** The value of an extension field: a scalar, or a list of scalars. */
export type MetaScalar = string | number | boolean | null;
export type MetaValue = MetaScalar | readonly MetaScalar[];

/** An extension field a catalog declares for its errors' `meta`. */
export interface ExtensionField {
  readonly name: string;
  readonly type: "string" | "integer" | "number" | "boolean" | "array";
  readonly items?: "string" | "integer" | "number" | "boolean";
  readonly enum?: readonly (string | number)[];
  /** Every error must set it. */
  readonly required: boolean;
  /** Sent in error bodies where the format has room. */
  readonly wire: boolean;
  readonly description?: string;
}

/** What a lint rule is set to: off, or the severity it reports with. */
export type RuleSeverity = "off" | "info" | "warning" | "error";

/** A catalog's lint configuration. */
export interface LintConfig {
  readonly rules: Readonly<Record<string, RuleSeverity>>;
  readonly allowStatuses: readonly number[];
}

/** A response header of an error: its name and its value's template. */
export interface ResponseHeader {
  readonly name: string;
  readonly value: Template;
}

export interface Category {
  readonly id: string;
  readonly kind: Kind;
  /** Heading text, such as "Connection Errors". */
  readonly title: string;
  /** Short label, such as "Connection". */
  readonly label: string;
  readonly description?: string;
  /** Category part of hierarchical codes, such as `0x01`. */
  readonly code?: string;
}

export interface Group {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly parent?: string;
}

/** One row of the HTTP status summary. */
export interface StatusSummary {
  readonly status: number;
  readonly meaning?: string;
  readonly usedFor?: string;
  readonly category?: string;
  readonly retryable?: "yes" | "no" | "maybe";
  readonly note?: string;
}

export interface Guide {
  readonly title: string;
  readonly body: string;
}

/** How codes are written in a catalog. */
export type CodeStyle =
  | { readonly style: "name" }
  /** Codes as each error writes them (unique, any shape); an error without one is known by its name. */
  | { readonly style: "free" }
  | { readonly style: "pattern"; readonly pattern: string }
  | { readonly style: "hierarchical" }
  | { readonly style: "numeric"; readonly min?: number; readonly max?: number };

/**
 * The API honours idempotency keys (draft-ietf-httpapi-idempotency-key-header): a
 * request repeated with the same key is answered with the first one's response.
 * Declaring it lets errata/client retry writes, and configures errata/guard.
 */
export interface IdempotencyPolicy {
  /** The request header of the key, such as Idempotency-Key. */
  readonly header: string;
  /** How long a key and its response are kept, in seconds. */
  readonly lifetimeSeconds: number;
  /** The methods that take a key, upper case. */
  readonly methods: readonly string[];
}

/** A rate-limit policy the catalog declares, by the name the guard's policy has. */
export interface RateLimitDeclaration {
  /** It protects money or a paid upstream: a guard enforcing it must choose its store-failure mode. */
  readonly protective: boolean;
  readonly description?: string;
}

/** The names an API's SDK gives its errors, declared so that generated code matches it. */
export interface SdkNames {
  /** The base class of every error (default: the catalog's name + Error). */
  readonly errorClass?: string;
  /** Class names of kinds, where the SDK names them otherwise. */
  readonly classes?: Readonly<Partial<Record<string, string>>>;
  /** The Python attribute holding the request id (default request_id). */
  readonly requestIdAttribute?: string;
}

/** What an operation is: an HTTP endpoint, a JSON-RPC method, an MCP tool or a gRPC method. */
export type OperationKind = "http" | "jsonrpc" | "mcp" | "grpc";

/** One path parameter of an HTTP operation. */
export interface OperationParameter {
  readonly name: string;
  readonly description?: string;
}

/** An operation of the API and the errors it may return. */
export interface Operation {
  /** Its id: the OpenAPI operationId. */
  readonly id: string;
  /** The catalog that declares it (an included catalog's operations keep theirs). */
  readonly catalog: string;
  readonly kind: OperationKind;
  /** An HTTP operation's method, upper-case. */
  readonly method?: string;
  /** An HTTP operation's path template, `/repos/{repoId}/stars`. */
  readonly path?: string;
  /** A JSON-RPC method's or an MCP tool's name; a gRPC method's full name, `package.Service/Method`. */
  readonly name?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly parameters: readonly OperationParameter[];
  /** The errors declared for the operation itself, by name, in catalog order. */
  readonly errors: readonly string[];
  /** The catalog's common errors that apply to it, by name. */
  readonly commonErrors: readonly string[];
  /** It changes nothing: safe to repeat. */
  readonly readOnly?: boolean;
  /** It may destroy or overwrite data. */
  readonly destructive?: boolean;
}

/** A rule turning a foreign thrown value into one of the catalog's errors. */
export interface ErrorMap {
  /** What the thrown value must have: its constructor name or `name`, its `code` (as text), its `status`. */
  readonly match: { readonly name?: string; readonly code?: string; readonly status?: number };
  /** The catalog's error it becomes. */
  readonly to: string;
  /** Detail field → dotted path in the thrown value it is copied from. */
  readonly details: Readonly<Record<string, string>>;
  /** The catalog that declares the rule. */
  readonly catalog: string;
}

/** A validated catalog, with the catalogs it includes merged in. */
export interface Catalog {
  readonly name: string;
  readonly version: string;
  readonly title: string;
  readonly description?: string;
  readonly docsBaseUrl?: string;
  readonly format: WireFormat;
  readonly codeStyle: CodeStyle;
  readonly rateLimitHeaders: RateLimitHeaderStyle;
  /** The API's rate-limit policies by name (its own, then included catalogs'). */
  readonly rateLimits: Readonly<Record<string, RateLimitDeclaration>>;
  /** The WWW-Authenticate challenge of the API's 401 responses (errata sends `Bearer` when absent). */
  readonly challenge?: string;
  /** Google ErrorInfo.domain: the service's globally unique name (api.example.com); default the catalog's name. */
  readonly domain?: string;
  /** The names the API's SDK uses, for generated code. */
  readonly sdk?: SdkNames;
  /** Present when the API honours idempotency keys (its own declaration, else an included catalog's). */
  readonly idempotency?: IdempotencyPolicy;
  /** Names of the catalogs merged in, transitively. */
  readonly includes: readonly string[];
  readonly categories: readonly Category[];
  readonly groups: readonly Group[];
  readonly statuses: readonly StatusSummary[];
  /** Every error, own and included, in declaration order (included first). */
  readonly errors: readonly ErrorDefinition[];
  /** The errors every operation may return unless it opts out, by name. */
  readonly commonErrors: readonly string[];
  /** The API's operations, in declaration order (an included catalog's first). */
  readonly operations: readonly Operation[];
  /** errata's errors (a guard's, an adapter's) → the catalog's errors sent in their place (included catalogs' too). */
  readonly own: Readonly<Record<string, string>>;
  /** Foreign errors and the catalog's errors they become, first match wins (its own rules, then included ones'). */
  readonly maps: readonly ErrorMap[];
  readonly guides: readonly Guide[];
  readonly links: readonly Link[];
  /** The languages of the catalog's text, canonical BCP 47 tags; the first is the default. */
  readonly locales: readonly string[];
  /** The language the catalog's own text is in: the first of `locales`, en when none are declared. */
  readonly defaultLocale: string;
  /** How the references organise the errors: by category (default) or by group. */
  readonly organize: "category" | "group";
  /** Declared extension fields, in declaration order; empty when `meta` is free-form. */
  readonly extensions: readonly ExtensionField[];
  readonly lint: LintConfig;
  readonly source?: string;
}
