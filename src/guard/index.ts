/**
 * errata/guard: server-side state for the errors that need it. Idempotency keys,
 * rate limits and replay protection, framework-neutral, on a memory store (here),
 * SQLite (errata/guard/sqlite) or Redis (errata/guard/redis).
 */
export { fastifyGuard } from "./adapters/fastify.js";
export { guardFetch, honoGuard } from "./adapters/fetch.js";
export { nodeGuard } from "./adapters/node.js";
export { runGuards } from "./chain.js";
export { type IdempotencyOptions, idempotency } from "./idempotency.js";
export { type RateLimitOptions, rateLimit } from "./rateLimit.js";
export { type ReplayGuardOptions, replayGuard } from "./replayGuard.js";
export type { BeginResult, GuardStore, LimitPolicy, LimitResult, StoredResponse } from "./stores/contract.js";
export { MemoryStore, type MemoryStoreOptions } from "./stores/memory.js";
export type { Guard, GuardOptions, GuardRequest, GuardResponse, Next } from "./types.js";
