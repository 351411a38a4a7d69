/**
 * Preloaded into every test file StrykerJS runs (`npm run mutation`): once the file's
 * tests are done, the process ends, as `node --test --test-force-exit` would make it,
 * so that a server or a timer a test leaves open cannot hold a mutant's run until it
 * times out. The exit lets Stryker's own hook write the run's coverage.
 */
import { after } from "node:test";

after(() => {
  setTimeout(() => process.exit(), 100).unref();
});
