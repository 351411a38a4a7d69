/**
 * Shared bench harness. Cases run with tinybench in one process, interleaved in
 * rounds (every case once per round), and each case's time is reported relative
 * to the baseline of the same round; the median over rounds cancels the drift of
 * a shared machine that a single sequential pass would fold into the ratios.
 * Each sample times a batch of calls, so that the harness's own per-call cost,
 * paid equally by every case, does not pull the ratios toward 1.
 */
import { Bench } from "tinybench";

export interface Case {
  readonly name: string;
  readonly fn: () => unknown;
}

export interface Row {
  readonly name: string;
  /** Median operations per second over the rounds. */
  readonly opsPerSecond: number;
  /** Median over rounds of time per operation relative to the baseline (2.00 = twice as slow). */
  readonly relativeTime: number;
  /** Smallest and largest per-round ratio. */
  readonly range: readonly [number, number];
}

/** The middle value (the mean of the two middle ones for an even count): every benchmark's median. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Run every case for `rounds` rounds of `timeMs` each and print a ratio table against `baseline`. */
export async function compare(
  title: string,
  baseline: string,
  cases: readonly Case[],
  { rounds = 7, timeMs = 300, batch = 100 }: { rounds?: number; timeMs?: number; batch?: number } = {},
): Promise<Row[]> {
  const ops = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  const ratios = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time: timeMs, warmupTime: round === 0 ? 300 : 50 });
    const order = round % 2 === 0 ? cases : [...cases].reverse();
    for (const c of order) {
      const fn = c.fn;
      bench.add(c.name, () => {
        for (let i = 0; i < batch; i++) fn();
      });
    }
    await bench.run();
    const perRound = new Map(
      bench.tasks.map((t) => [
        t.name,
        ((t.result as { throughput?: { mean: number } } | undefined)?.throughput?.mean ?? Number.NaN) * batch,
      ]),
    );
    const base = perRound.get(baseline) ?? Number.NaN;
    for (const c of cases) {
      const value = perRound.get(c.name) ?? Number.NaN;
      ops.get(c.name)?.push(value);
      ratios.get(c.name)?.push(base / value);
    }
  }
  const rows = cases.map((c) => {
    const r = ratios.get(c.name) ?? [];
    return {
      name: c.name,
      opsPerSecond: median(ops.get(c.name) ?? []),
      relativeTime: median(r),
      range: [Math.min(...r), Math.max(...r)] as const,
    };
  });
  console.log(`\n## ${title}\n`);
  console.log(`| case | ops/s (median) | time vs baseline (median of ${rounds} rounds) | range |`);
  console.log("|---|---:|---:|---:|");
  for (const r of rows) {
    const range = `${r.range[0].toFixed(2)}–${r.range[1].toFixed(2)}`;
    console.log(
      `| ${r.name} | ${Math.round(r.opsPerSecond).toLocaleString("en-US")} | ${r.relativeTime.toFixed(2)}× | ${range} |`,
    );
  }
  return rows;
}
