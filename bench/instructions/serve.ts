/**
 * One limiter of bench/guard.ts on Express, for bench/instructions.ts to count under
 * valgrind: `serve <case name>` prints "PORT <n>" once it listens on 127.0.0.1 and
 * serves until SIGTERM.
 */
import type { AddressInfo } from "node:net";
import { limitedApp, peerCases } from "../guard.js";

const name = process.argv[2];
const limiter = peerCases(undefined).find((c) => c.name === name);
if (!limiter) throw new Error(`bench/instructions/serve: no memory case named ${name}`);
const server = limitedApp(limiter.build()).listen(0, "127.0.0.1", () => {
  console.log(`PORT ${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => process.exit(0));
