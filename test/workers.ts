/**
 * Worker processes for the multi-process tests (the guards' and errata/mcp's): a
 * worker says `{ type: "ready", port }` once it listens, answers `{ type: "report" }`
 * with `{ type: "runs", runs }`, and stops on `{ type: "stop" }` (both sides here).
 */
import { type ChildProcess, fork } from "node:child_process";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { GuardStore } from "../src/guard/stores/contract.js";
import { RedisStore } from "../src/guard/stores/redis.js";
import { SqliteStore } from "../src/guard/stores/sqlite.js";

/** Fork a TypeScript worker; resolves with it and the port it listens on. */
export function startWorker(file: string, args: readonly string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(file, [...args], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("worker did not start in 20 s")), 20_000);
    child.on("message", (m: { type: string; port?: number }) => {
      if (m.type !== "ready") return;
      clearTimeout(timer);
      resolve({ child, port: m.port ?? 0 });
    });
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

/** How many times a worker's handler ran. */
export function runsOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const on = (m: { type: string; runs?: number }) => {
      if (m.type !== "runs") return;
      child.off("message", on);
      resolve(m.runs ?? 0);
    };
    child.on("message", on);
    child.send({ type: "report" });
  });
}

/** In a worker that listens: tell the parent the port, answer its reports, and stop when told or left. */
export function answerParent(server: Server, runs: () => number, store: { close(): Promise<void> }): void {
  const ready = () => process.send?.({ type: "ready", port: (server.address() as AddressInfo).port });
  if (server.listening) ready();
  else server.once("listening", ready);
  process.on("message", (message: { type?: string }) => {
    if (message.type === "report") process.send?.({ type: "runs", runs: runs() });
    if (message.type === "stop") {
      server.close();
      void store.close().finally(() => process.exit(0));
    }
  });
  process.on("disconnect", () => process.exit(0));
}

/** In a worker: the shared store its arguments name, `<redis|redis-cluster|sqlite> <url|urls,…|file> <key prefix>`. */
export function workerStore(args: readonly string[], defaultPrefix: string): GuardStore {
  const [kind, target, prefix = defaultPrefix] = args;
  if (!target || !["redis", "redis-cluster", "sqlite"].includes(kind ?? ""))
    throw new Error("usage: worker.ts <redis|redis-cluster|sqlite> <url|urls,…|file> <key prefix>");
  return kind === "sqlite"
    ? new SqliteStore(target)
    : new RedisStore(kind === "redis" ? target : target.split(","), { prefix });
}
