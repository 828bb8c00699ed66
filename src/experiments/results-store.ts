/**
 * DIR/results.jsonl: one finished run per line, appended in a single write, so a run killed at
 * any moment loses only the runs in flight; a rerun reads the file and skips what is done.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { appendLineAtomic } from '../core/atomic.js';
import { DataFormatError } from '../core/errors.js';

/** What identifies a run: the same spec twice is the same run. */
export interface RunSpec {
  readonly dataset: string;
  readonly method: string;
  readonly seed: number;
  /** Every other setting that changes the result (budget, epochs, labelled fraction...). */
  readonly settings: Readonly<Record<string, string | number | boolean>>;
}

export interface RunRecord extends RunSpec {
  readonly key: string;
  readonly metrics: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly versions: Readonly<Record<string, string>>;
  readonly finishedAt: string;
}

/** A stable key: settings sorted by name, so the order they were given in does not matter. */
export function runKey(spec: RunSpec): string {
  const settings = Object.keys(spec.settings)
    .sort()
    .map((k) => `${k}=${spec.settings[k]}`)
    .join(',');
  return `${spec.dataset}|${spec.method}|seed=${spec.seed}|${settings}`;
}

/** A short hash of a key, for file and folder names that must be safe and short. */
export function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export class ResultsStore {
  private readonly records = new Map<string, RunRecord>();
  /** Lines that could not be read (a torn last line after a power loss), reported, not fatal. */
  readonly skippedLines: number[] = [];

  constructor(readonly path: string) {
    if (!existsSync(path)) return;
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let record: RunRecord;
      try {
        record = JSON.parse(line) as RunRecord;
      } catch {
        if (i >= lines.length - 2) {
          this.skippedLines.push(i + 1);
          return;
        }
        throw new DataFormatError('not a JSON run record', path, i + 1);
      }
      if (typeof record.key !== 'string' || typeof record.metrics !== 'object') throw new DataFormatError('run record lacks key or metrics', path, i + 1);
      this.records.set(record.key, record);
    });
  }

  has(spec: RunSpec): boolean {
    return this.records.has(runKey(spec));
  }

  all(): RunRecord[] {
    return [...this.records.values()];
  }

  append(record: Omit<RunRecord, 'key'>): RunRecord {
    const full: RunRecord = { key: runKey(record), ...record };
    appendLineAtomic(this.path, JSON.stringify(full));
    this.records.set(full.key, full);
    return full;
  }
}
