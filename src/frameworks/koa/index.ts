/** errata/koa: Koa 3's error middleware and the guards as Koa middleware. */
export { type ErrorHandlerOptions, setDefaultLogger } from "../../server/respond.js";
export { errataKoa, type KoaContextLike } from "./errors.js";
export { type KoaGuardContext, koaGuard } from "./guard.js";
