/** `npm run bench`: run every benchmark in this folder (or those named as arguments), one after another. */
import { readdirSync } from "node:fs";

const names = process.argv.slice(2);
const files = readdirSync(new URL(".", import.meta.url))
  .filter((f) => f.endsWith(".ts") && !["run.ts", "compare.ts"].includes(f))
  .filter((f) => names.length === 0 || names.includes(f.replace(/\.ts$/, "")))
  .sort();

console.log(`# errata benchmarks — node ${process.version}, ${new Date().toISOString()}`);
for (const file of files) {
  const mod = (await import(new URL(file, import.meta.url).href)) as { run: () => Promise<void> };
  await mod.run();
}
