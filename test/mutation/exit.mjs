/**
 * Preloaded into every test file StrykerJS runs (`npm run mutation`): once the file's
 * tests are done, the process ends, as `node --test --test-force-exit` would make it,
 * so that a server or a timer a test leaves open cannot hold a mutant's run until it
 * times out. A file run without --test ends its root test at `beforeExit`, which an
 * open handle never lets come: it is emitted here, the TAP summary is written, and
 * the exit lets Stryker's own hook write the run's coverage.
 */
import { after } from "node:test";

after(() => {
  setTimeout(() => process.emit("beforeExit", 0), 20).unref();
  setTimeout(() => process.exit(), 1000).unref();
});
