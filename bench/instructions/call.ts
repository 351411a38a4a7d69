/**
 * One client of bench/client.ts, for bench/instructions.ts to count under valgrind:
 * `call <case name> <n>` makes n sequential calls against the benchmark's server (a
 * child process, which valgrind does not follow), then exits.
 */
import { clientCases, startServer } from "../client.js";

const [name, count] = [process.argv[2], Number(process.argv[3])];
const call = clientCases().find(([n]) => n === name)?.[1];
if (!call || !Number.isInteger(count)) throw new Error(`bench/instructions/call: usage: call <case name> <n>`);
const { url, stop } = await startServer();
for (let i = 0; i < count; i++) await call(url);
stop();
