/**
 * A NestJS app on 127.0.0.1, on the Express or the Fastify platform, with errata's
 * module: each route a plain function (the decorators applied as functions, so no
 * decorator syntax or emitted metadata is needed), served until `close`.
 */
import "reflect-metadata";
import { Controller, Get, Module, Param, Post } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { ExpressAdapter } from "@nestjs/platform-express";
import { FastifyAdapter } from "@nestjs/platform-fastify";
import { ErrataModule } from "../../src/frameworks/nest/index.js";
import type { ErrorHandlerOptions } from "../../src/server/respond.js";

export type Platform = "express" | "fastify";

/** A route: GET or POST, its path (`:n` is a parameter), and what it does with that parameter. */
export interface NestRoute {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly handle: (param: string) => unknown;
}

/** The Nest application, so that a test can reach its platform (app.use, the Fastify instance). */
export interface NestServer {
  readonly url: string;
  readonly app: Awaited<ReturnType<typeof NestFactory.create>>;
  close(): Promise<void>;
}

function controllerOf(routes: readonly NestRoute[]) {
  class Routes {}
  routes.forEach((route, i) => {
    const name = `route${i}`;
    Object.defineProperty(Routes.prototype, name, { value: (param: string) => route.handle(param), writable: true });
    const descriptor = Object.getOwnPropertyDescriptor(Routes.prototype, name) as PropertyDescriptor;
    (route.method === "GET" ? Get : Post)(route.path)(Routes.prototype, name, descriptor);
    if (route.path.includes(":n")) Param("n")(Routes.prototype, name, 0);
  });
  Controller()(Routes);
  return Routes;
}

/** Start the app with `routes` and errata's module; `setup` runs before it listens (guards). */
export async function nestServer(
  platform: Platform,
  routes: readonly NestRoute[],
  options: ErrorHandlerOptions,
  setup: (app: NestServer["app"]) => Promise<void> | void = () => {},
): Promise<NestServer> {
  class AppModule {}
  Module({ imports: [ErrataModule.forRoot(options)], controllers: [controllerOf(routes)] })(AppModule);
  const adapter = platform === "express" ? new ExpressAdapter() : new FastifyAdapter();
  const app = await NestFactory.create(AppModule, adapter, { logger: false });
  await setup(app);
  await app.listen(0, "127.0.0.1");
  const url = (await app.getUrl()).replace("[::1]", "127.0.0.1").replace("localhost", "127.0.0.1");
  return { url, app, close: () => app.close() };
}
