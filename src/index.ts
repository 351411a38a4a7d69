/**
 * errata: declare an API's errors once, in a catalog, and raise them as typed errors.
 * This entry point holds the catalog model, its compiler and lint, and the runtime,
 * and runs on every runtime (browsers and workers too): it imports no `node:`
 * module. Loading catalog files from disk is `errata/load`'s, on Node, Bun and Deno.
 */

export { type CompileResult, compileCatalog } from "./catalog/compile.js";
export { grpcForStatus, statusForGrpc } from "./catalog/grpc.js";
export { KINDS, type Kind } from "./catalog/kinds.js";
export { LINT_RULES, type LintRule } from "./catalog/lint.js";
export { findError, suggestErrors } from "./catalog/lookup.js";
export type {
  Actor,
  Catalog,
  Category,
  CodeStyle,
  Deprecation,
  DetailField,
  DetailType,
  ErrorDefinition,
  Example,
  Group,
  GrpcCode,
  Guide,
  JsonRpcMapping,
  Link,
  RateLimitHeaderStyle,
  Reason,
  Recoverable,
  Recovery,
  RecoveryAction,
  RetryAdvice,
  RetryPolicy,
  Severity,
  Solution,
  SourcePosition,
  StatusSummary,
  Subcode,
  Template,
  WireFormat,
} from "./catalog/model.js";
export type { Problem, ProblemPath } from "./catalog/problem.js";
export type { CatalogInput, ErrorInput } from "./catalog/schema.js";
export { catalogJsonSchema } from "./catalog/schema.js";
export { renderTemplate } from "./catalog/template.js";
export { errataCatalog } from "./own/documented.js";
export { lintCatalog } from "./own/lint.js";
export {
  AuthenticationError,
  AuthorizationError,
  ClientError,
  ConflictError,
  ConnectionError,
  GatewayError,
  NotFoundError,
  PaymentRequiredError,
  ProtocolError,
  RateLimitedError,
  ServerError,
  SessionError,
  StreamError,
  TimeoutError,
  TransportError,
  UnavailableError,
  ValidationError,
} from "./runtime/classes.js";
export { type CreateErrorsOptions, createErrors } from "./runtime/createErrors.js";
export {
  ErrataError,
  type ErrataErrorInit,
  type ErrataErrorJSON,
  isErrataError,
} from "./runtime/ErrataError.js";
export type {
  CatalogDefinition,
  DefinedCatalog,
  DetailsOf,
  ErrorFactory,
  Factories,
  RaiseOptions,
  TemplateParams,
  UntypedFactories,
} from "./runtime/types.js";
export { type DefineCatalogOptions, defineCatalog } from "./sources/defineCatalog.js";
