/**
 * The time a reproduction has left: each remaining run costs the mean time of its method's finished
 * runs (of this invocation and earlier ones; of every method's while its own has none), spread over
 * the workers. Counting runs alike misled: a training and a UMAP on its saved weights differ a
 * hundredfold, and a plan puts the quick runs last.
 */
import type { RunRecord, RunSpec } from './results-store.js';

interface Spent {
  seconds: number;
  runs: number;
}

export class TimeLeft {
  private readonly remaining = new Map<string, number>();
  private readonly spent = new Map<string, Spent>();
  private readonly total: Spent = { seconds: 0, runs: 0 };

  constructor(
    remaining: readonly RunSpec[],
    finished: readonly RunRecord[],
    private readonly workers: number,
  ) {
    for (const spec of remaining) this.remaining.set(spec.method, (this.remaining.get(spec.method) ?? 0) + 1);
    for (const record of finished) this.count(record.method, record.seconds);
  }

  /** A run of `method` is over: finished in `seconds`, or failed (no time to learn from). */
  settle(method: string, seconds?: number): void {
    const left = this.remaining.get(method) ?? 0;
    if (left <= 1) this.remaining.delete(method);
    else this.remaining.set(method, left - 1);
    if (seconds !== undefined) this.count(method, seconds);
  }

  /** Estimated seconds until the remaining runs are done; undefined while no run has a time. */
  seconds(): number | undefined {
    if (this.total.runs === 0) return undefined;
    let sum = 0;
    for (const [method, runs] of this.remaining) {
      const own = this.spent.get(method) ?? this.total;
      sum += (runs * own.seconds) / own.runs;
    }
    return sum / Math.max(1, Math.min(this.workers, [...this.remaining.values()].reduce((a, b) => a + b, 0)));
  }

  private count(method: string, seconds: number): void {
    const own = this.spent.get(method) ?? { seconds: 0, runs: 0 };
    own.seconds += seconds;
    own.runs++;
    this.spent.set(method, own);
    this.total.seconds += seconds;
    this.total.runs++;
  }
}
