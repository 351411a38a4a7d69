/**
 * A gRPC service config (gRPC's A6 retries) from the catalog. gRPC libraries retry
 * a call by its status code alone, for every method, writes included. So a code is
 * retried only when every error of the catalog that travels with it says the same
 * request may be retried (a code shared with one error that must not be would retry
 * that one too), and never a code that leaves the outcome unknown (INTERNAL,
 * UNKNOWN, DEADLINE_EXCEEDED, DATA_LOSS, CANCELLED: the call may have done its
 * work, and a retry could run a write twice; a service whose methods are all
 * idempotent may add them). Backoff as errata's client: from 0.2 s, doubling, at
 * most 20 s, three attempts. With no code safe to retry there is no retryPolicy.
 */
import type { Catalog, GrpcCode } from "../catalog/model.js";
import type { Schema } from "./jsonSchema.js";

/** Codes after which a call may have done its work. */
const OUTCOME_UNKNOWN: ReadonlySet<GrpcCode> = new Set([
  "INTERNAL",
  "UNKNOWN",
  "DEADLINE_EXCEEDED",
  "DATA_LOSS",
  "CANCELLED",
  "OK",
]);

/** The codes every error of which is retryable (a `maybe` retry is not: its condition is the caller's). */
export function retryableCodes(catalog: Catalog): GrpcCode[] {
  const verdict = new Map<GrpcCode, boolean>();
  for (const def of catalog.errors) {
    const safe = def.retryable && def.retry.policy !== "maybe";
    verdict.set(def.grpc, (verdict.get(def.grpc) ?? true) && safe);
  }
  return [...verdict]
    .filter(([code, safe]) => safe && !OUTCOME_UNKNOWN.has(code))
    .map(([code]) => code)
    .sort();
}

/** The service config: one method config for every method of every service (`name: [{}]`). */
export function grpcServiceConfig(catalog: Catalog): Schema {
  const codes = retryableCodes(catalog);
  const retryPolicy =
    codes.length === 0
      ? {}
      : {
          retryPolicy: {
            maxAttempts: 3,
            initialBackoff: "0.2s",
            maxBackoff: "20s",
            backoffMultiplier: 2,
            retryableStatusCodes: codes,
          },
        };
  return { methodConfig: [{ name: [{}], ...retryPolicy }] };
}
