/**
 * errata/guard: server-side state for the errors that need it. Idempotency keys,
 * rate limits and replay protection, framework-neutral, on a memory store (here),
 * SQLite (errata/guard/sqlite) or Redis (errata/guard/redis).
 */

export { fastifyGuard } from "../frameworks/fastify/guard.js";
export { type GuardFetchOptions, guardFetch } from "../frameworks/fetch/guard.js";
export { honoGuard } from "../frameworks/hono/guard.js";
export { nodeGuard } from "../frameworks/node/guard.js";
export { setDefaultLogger } from "../server/respond.js";
export { runGuards } from "./chain.js";
export { type IdempotencyOptions, idempotency } from "./idempotency.js";
export {
  type CallerList,
  type RateLimitGuard,
  type RateLimitOptions,
  type RateLimitPolicy,
  rateLimit,
} from "./rateLimit.js";
export { type ReplayGuardOptions, replayGuard } from "./replayGuard.js";
export type {
  BeginResult,
  GuardStore,
  LimitPolicy,
  LimitResult,
  Limits,
  NonceClaim,
  NonceQuota,
  StoredResponse,
  TakeResult,
} from "./stores/contract.js";
export { MemoryStore, MemoryStoreFull, type MemoryStoreOptions } from "./stores/memory.js";
export type { Guard, GuardOptions, GuardRequest, GuardResponse, Next } from "./types.js";
