/**
 * errata/nest: NestJS's exception filter (ErrataExceptionFilter) and a module that
 * installs it for the whole app (`ErrataModule.forRoot({ catalog })`), on the Express
 * or the Fastify platform. The guards run as the platform's own middleware:
 * `app.use(nodeGuard(...))` on Express, `fastify.register(fastifyGuard(...))` on Fastify.
 */
import { Module } from "@nestjs/common";
import { APP_FILTER } from "@nestjs/core";
import type { ErrorHandlerOptions } from "../../server/respond.js";
import { ErrataExceptionFilter } from "./filter.js";

export { type ErrorHandlerOptions, setDefaultLogger } from "../../server/respond.js";
export { type ArgumentsHostLike, ErrataExceptionFilter } from "./filter.js";

/** A global module whose exception filter is errata's. */
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest module is a class, configured by a static forRoot
export class ErrataModule {
  /** The module, with errata's filter for every route: `imports: [ErrataModule.forRoot({ catalog })]`. */
  static forRoot(options: ErrorHandlerOptions = {}) {
    return {
      module: ErrataModule,
      global: true,
      providers: [{ provide: APP_FILTER, useValue: new ErrataExceptionFilter(options) }],
    };
  }
}
Module({})(ErrataModule);
