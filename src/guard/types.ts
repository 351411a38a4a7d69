/**
 * What every guard shares: a framework-neutral request and response, the Guard
 * shape the adapters run, and the options of rejections and store failures.
 */
import type { Catalog, WireFormat } from "../catalog/model.js";
import type { HeaderSource, Logger } from "../server/respond.js";
import type { GuardStore } from "./stores/contract.js";

/** A request as a guard sees it. */
export interface GuardRequest {
  readonly method: string;
  /** The path, without the query string. */
  readonly path: string;
  /** The query string, without its "?" (empty when there is none). */
  readonly query?: string;
  readonly headers: HeaderSource;
  /** The raw body, when the request has one. */
  readonly body?: Uint8Array;
  /** Why the adapter could not give the body's bytes of a request that has one (a setup problem). */
  readonly bodyUnseen?: string;
  /** The address of the connection's peer (the client, or the proxy before it), when the adapter knows it. */
  readonly ip?: string;
}

/** A response as a guard sees, stores and replays it. */
export interface GuardResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** Runs the rest of the chain (the next guard, then the handler). */
export type Next = () => Promise<GuardResponse>;

/** A gate's decision: refuse the request, or let it through with headers for its response. */
export type Admission =
  | { readonly refusal: GuardResponse }
  | { readonly headers: Readonly<Record<string, string>> | undefined };

/** A guard: it answers a request itself (a refusal, a replay) or passes it on. */
export interface Guard {
  readonly name: string;
  handle(request: GuardRequest, next: Next): Promise<GuardResponse>;
  /**
   * Present on a gate, a guard that decides before the handler and then only adds
   * headers (rateLimit, replayGuard): adapters that run only gates let the response
   * stream through instead of holding it back. A gate that needs no I/O (a rate
   * limit on the memory store) decides at once, without a promise.
   */
  readonly admit?: (request: GuardRequest) => Admission | Promise<Admission>;
}

/** Options every guard takes. */
export interface GuardOptions {
  /** Where the guard keeps its state (default: a memory store of its own). */
  readonly store?: GuardStore;
  /** The API's catalog: its format, rate-limit header style, and errors of the same names as errata's. */
  readonly catalog?: Catalog;
  /** The wire format of refusals; default the catalog's, then problem. */
  readonly format?: WireFormat;
  readonly hints?: boolean;
  readonly logger?: Logger;
  /** Longest wait for the store, in ms (default 2 s); then it counts as unavailable. */
  readonly storeTimeoutMs?: number;
}

/** The keys every guard's options share, for the unknown-key check (own/options.ts). */
export const GUARD_OPTIONS = {
  store: true,
  catalog: true,
  format: true,
  hints: true,
  logger: true,
  storeTimeoutMs: true,
} as const satisfies { readonly [K in keyof Required<GuardOptions>]: true };
