/**
 * One finding of `errata scan` or `errata verify`: a Problem whose rule is one of
 * errata's own errors (own/findingRules.ts), its message that error's message and its
 * level that error's severity (or the one --coverage gives).
 */
import type { Problem, ProblemPath } from "../catalog/problem.js";
import { ownErrors } from "./catalog.js";
import { errataCatalog } from "./documented.js";
import { type findingErrors, ruleId } from "./findingRules.js";

type RuleName = keyof typeof findingErrors;
type DetailsOf<N extends RuleName> = Parameters<(typeof ownErrors)[N]>[0];

/** Where a finding is: a file, maybe a line and column, and a logical place in it (entries[12], a handler). */
export interface Place {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly path?: ProblemPath;
}

/** A finding of one rule: its message is the rule's own error's; `severity` overrides the rule's (--coverage). */
export function finding<N extends RuleName>(
  name: N,
  details: DetailsOf<N>,
  place: Place,
  severity?: Problem["severity"],
): Problem {
  const factory = ownErrors[name] as (d: DetailsOf<N>, o: { stack: false }) => { message: string };
  const def = errataCatalog.errors.find((e) => e.name === name);
  const level = def?.severity === "error" ? "error" : def?.severity === "warning" ? "warning" : "info";
  return {
    severity: severity ?? level,
    rule: ruleId(name),
    message: factory(details, { stack: false }).message,
    path: place.path ?? [],
    file: place.file,
    ...(place.line !== undefined ? { line: place.line } : {}),
    ...(place.column !== undefined ? { column: place.column } : {}),
  };
}

/** What a run found, and what it adds to its report (coverage, what it could not follow). */
export interface FindingsReport {
  readonly tool: "scan" | "verify";
  readonly findings: readonly Problem[];
  /** Lines printed after the findings in the human format. */
  readonly summary: readonly string[];
  /** More lines, printed with --verbose. */
  readonly verbose: readonly string[];
  /** Findings at error level past the number kept (a run keeps the first 10,000 findings, and counts the rest). */
  readonly unkeptErrors: number;
  /** Members added to the JSON report. */
  readonly json: Readonly<Record<string, unknown>>;
}

/** How many findings a run keeps; past that it counts them by rule. */
export const MAX_KEPT_FINDINGS = 10_000;

/** Findings kept up to MAX_KEPT_FINDINGS, the rest counted by rule: memory stays bounded on traffic of any size. */
export class FindingList {
  readonly kept: Problem[] = [];
  readonly unkept = new Map<string, number>();
  unkeptErrors = 0;

  push(...findings: readonly Problem[]): void {
    for (const f of findings) {
      if (this.kept.length < MAX_KEPT_FINDINGS) this.kept.push(f);
      else {
        this.unkept.set(f.rule, (this.unkept.get(f.rule) ?? 0) + 1);
        if (f.severity === "error") this.unkeptErrors++;
      }
    }
  }

  /** The summary line of what was not kept; none when all were. */
  summary(): string[] {
    if (this.unkept.size === 0) return [];
    const counts = [...this.unkept].map(([rule, n]) => `${rule} ${n}`).join(", ");
    return [`Kept the first ${MAX_KEPT_FINDINGS} findings; counted the rest: ${counts}`];
  }
}
