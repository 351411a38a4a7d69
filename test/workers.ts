/**
 * Worker processes for the multi-process tests (the guards' and errata/mcp's): a
 * worker says `{ type: "ready", port }` once it listens, and answers `{ type:
 * "report" }` with `{ type: "runs", runs }`.
 */
import { type ChildProcess, fork } from "node:child_process";

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
