/**
 * A gRPC service config (gRPC's A6 retries) from the catalog. gRPC libraries retry
 * a call by its status code alone, writes included. So a code is retried only when
 * every error that travels with it says the same request may be retried (a code
 * shared with one error that must not be would retry that one too), and never a
 * code that leaves the outcome unknown (INTERNAL, UNKNOWN, DEADLINE_EXCEEDED,
 * DATA_LOSS, CANCELLED: the call may have done its work, and a retry could run a
 * write twice) unless the method is read-only. Each gRPC operation of the catalog
 * gets a method config of its own, from the errors it declares; every other method
 * gets the catalog-wide one (`name: [{}]`). Backoff as errata's client: from 0.2 s,
 * doubling, at most 20 s, three attempts. With no code safe to retry there is no
 * retryPolicy.
 */
import { findError } from "../catalog/lookup.js";
import type { Catalog, ErrorDefinition, GrpcCode, Operation } from "../catalog/model.js";
import { operationErrors } from "../catalog/operations.js";
import type { Schema } from "./jsonSchema.js";

/** Codes after which a call may have done its work. */
const OUTCOME_UNKNOWN: ReadonlySet<GrpcCode> = new Set([
  "INTERNAL",
  "UNKNOWN",
  "DEADLINE_EXCEEDED",
  "DATA_LOSS",
  "CANCELLED",
]);

/**
 * The codes every one of `defs` with that code is retryable for (a `maybe` retry is
 * not: its condition is the caller's); outcome-unknown codes only for a read-only call.
 */
export function retryableCodes(defs: readonly ErrorDefinition[], readOnly = false): GrpcCode[] {
  const verdict = new Map<GrpcCode, boolean>();
  for (const def of defs) {
    const safe = def.retryable && def.retry.policy !== "maybe";
    verdict.set(def.grpc, (verdict.get(def.grpc) ?? true) && safe);
  }
  return [...verdict]
    .filter(([code, safe]) => safe && code !== "OK" && (readOnly || !OUTCOME_UNKNOWN.has(code)))
    .map(([code]) => code)
    .sort();
}

/** A method config's retryPolicy for these codes; none when there are none. */
function retryPolicy(codes: readonly GrpcCode[]): Schema {
  if (codes.length === 0) return {};
  return {
    retryPolicy: {
      maxAttempts: 3,
      initialBackoff: "0.2s",
      maxBackoff: "20s",
      backoffMultiplier: 2,
      retryableStatusCodes: codes,
    },
  };
}

/** One gRPC operation's method config: `package.Service/Method` named as gRPC names it. */
function methodConfig(catalog: Catalog, operation: Operation): Schema {
  const full = operation.name ?? "";
  const slash = full.lastIndexOf("/");
  const defs = operationErrors(operation).flatMap((name) => findError(catalog, name) ?? []);
  return {
    name: [{ service: full.slice(0, slash), method: full.slice(slash + 1) }],
    ...retryPolicy(retryableCodes(defs, operation.readOnly === true)),
  };
}

/** The service config: a method config per gRPC operation, then one for every other method. */
export function grpcServiceConfig(catalog: Catalog): Schema {
  const methods = catalog.operations.filter((o) => o.kind === "grpc").map((o) => methodConfig(catalog, o));
  return { methodConfig: [...methods, { name: [{}], ...retryPolicy(retryableCodes(catalog.errors)) }] };
}
