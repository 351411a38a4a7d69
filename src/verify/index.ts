/**
 * `errata verify <traffic...>`: recorded traffic against the catalogs. HAR files and
 * NDJSON logs are read as streams, each error response is checked (verify/checks.ts),
 * and the run ends with coverage: for each operation, the declared errors the traffic
 * showed and those it never did (a note each, a warning with `coverage`).
 */
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import type { Catalog } from "../catalog/model.js";
import { operationErrors, routeOf } from "../catalog/operations.js";
import type { Problem } from "../catalog/problem.js";
import { ownErrors } from "../own/catalog.js";
import { FindingList, type FindingsReport, finding } from "../own/finding.js";
import { isErrataError } from "../runtime/ErrataError.js";
import { checkExchange, isErrorResponse, type Verifier } from "./checks.js";
import type { Exchange } from "./exchange.js";
import { harExchanges } from "./har.js";
import { type LogTally, logExchanges } from "./logs.js";
import { routesOf } from "./routes.js";

export interface VerifyOptions {
  /** Declared errors never seen are warnings, not notes. */
  readonly coverage?: boolean;
}

/** Whether a file is a HAR (by its name, else by a first line that is not a whole JSON record). */
function isHar(file: string): boolean {
  if (/\.har$/i.test(file)) return true;
  if (/\.(ndjson|jsonl|log)$/i.test(file)) return false;
  const fd = openSync(file, "r");
  try {
    const head = Buffer.alloc(64 * 1024);
    const text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString("utf8");
    const first = text.split("\n", 1)[0] ?? "";
    JSON.parse(first);
    return false;
  } catch {
    return true;
  } finally {
    closeSync(fd);
  }
}

function exchangesOf(file: string, tally: LogTally): AsyncGenerator<Exchange> {
  let har: boolean;
  try {
    har = isHar(file);
  } catch (error) {
    throw ownErrors.TRAFFIC_UNREADABLE({ file, reason: (error as NodeJS.ErrnoException).code ?? "cannot open it" });
  }
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
  return har ? harExchanges(stream, file) : logExchanges(stream, file, tally);
}

/** Coverage: each operation's declared errors, seen and never seen; a finding for each never seen. */
function coverage(v: Verifier, options: VerifyOptions) {
  const findings: Problem[] = [];
  const operations = v.catalogs.flatMap((catalog) =>
    catalog.operations.map((o) => {
      const declared = operationErrors(o);
      const seen = declared.filter((e) => v.seen.get(o.id)?.has(e));
      const never = declared.filter((e) => !seen.includes(e));
      const place = { file: catalog.source ?? catalog.name, path: ["operations", o.id] };
      for (const error of never)
        findings.push(
          finding("NEVER_SEEN", { error, operation: o.id }, place, options.coverage ? "warning" : undefined),
        );
      return { id: o.id, route: routeOf(o), seen, never };
    }),
  );
  return { findings, operations };
}

/** Verify traffic files against catalogs. Unreadable input is TRAFFIC_UNREADABLE (the CLI's exit 2). */
export async function verifyTraffic(
  files: readonly string[],
  catalogs: readonly Catalog[],
  options: VerifyOptions = {},
): Promise<FindingsReport> {
  const v: Verifier = { catalogs, routes: routesOf(catalogs), seen: new Map() };
  const findings = new FindingList();
  const tally: LogTally = { unreadable: 0, other: 0 };
  let exchanges = 0;
  let errors = 0;
  for (const file of files) {
    try {
      for await (const exchange of exchangesOf(file, tally)) {
        exchanges++;
        if (!isErrorResponse(exchange)) continue;
        errors++;
        findings.push(...checkExchange(v, exchange));
      }
    } catch (error) {
      // A file that cannot be opened or read (missing, a folder, no permission) is unusable input.
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      if (isErrataError(error) || typeof code !== "string") throw error;
      throw ownErrors.TRAFFIC_UNREADABLE({ file, reason: code });
    }
  }
  const cover = coverage(v, options);
  const pairs = cover.operations.reduce((n, o) => n + o.seen.length + o.never.length, 0);
  const seenPairs = cover.operations.reduce((n, o) => n + o.seen.length, 0);
  const summary = [
    ...findings.summary(),
    `Read ${exchanges} exchange(s), ${errors} error response(s), from ${files.length} file(s)${tally.unreadable > 0 ? `; ${tally.unreadable} line(s) unreadable` : ""}`,
    `Coverage: ${seenPairs} of ${pairs} declared (operation, error) pair(s) seen`,
  ];
  const verbose = cover.operations.map(
    (o) => `  ${o.id} (${o.route}): seen ${o.seen.join(", ") || "none"}; never seen ${o.never.join(", ") || "none"}`,
  );
  return {
    tool: "verify",
    // Coverage is bounded by the catalogs: always kept.
    findings: [...findings.kept, ...cover.findings],
    unkeptErrors: findings.unkeptErrors,
    summary,
    verbose,
    json: {
      unkept: Object.fromEntries(findings.unkept),
      exchanges,
      errorResponses: errors,
      unreadableLines: tally.unreadable,
      coverage: cover.operations,
    },
  };
}
