/**
 * `tempora predict --model DIR DATA`: the clusters or classes a saved model assigns to series, one
 * line per row in the input's order, with the distance to the cluster's centre or the class's
 * probability where the method has one; CSV, or JSON Lines for `.jsonl` / `--json`.
 */
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../core/atomic.js';
import { OptionError } from '../../core/errors.js';
import { savedModelKind } from '../../core/model-files.js';
import { loadDataset } from '../../data/dataset.js';
import { readSplit } from '../../data/read-split.js';
import type { LabelledSplit } from '../../data/types.js';
import { Clusterer } from '../../models/base/estimator.js';
import { loadModel, methodOfKind } from '../../models/registry.js';
import { addBackendOption, startBackend } from '../backend-option.js';

interface PredictOptions {
  model: string;
  split: string;
  out?: string;
  json?: boolean;
  backend: string;
}

/** One output line: the row (1-based), its cluster or class, and the method's score of it. */
interface Assignment {
  row: number;
  label: number;
  score?: number;
}

export function register(program: Command): void {
  const command = program
    .command('predict')
    .description('assign clusters (or classes) to series with a model saved by `cluster --save` or `classify --save`: one line per row, in order')
    .argument('<data>', "a file of series in any supported format, or a dataset name or folder (then its --split)")
    .requiredOption('--model <dir>', 'folder of a saved model')
    .option('--split <which>', "when DATA is a dataset: 'test' or 'train'", 'test')
    .option('--out <file>', 'write the lines here, atomically: JSON Lines for .jsonl, else CSV (default: stdout)')
    .option('--json', 'JSON Lines on stdout instead of CSV');
  addBackendOption(command);
  command.action(async (data: string, opts: PredictOptions) => {
    const method = methodOfKind(savedModelKind(opts.model), opts.model);
    if (method.usesTensors) await startBackend(opts.backend);
    const split = readInput(data, opts.split);
    const model = await loadModel(opts.model);
    try {
      let column: string;
      let scoreName: string | null = null;
      let rows: Assignment[];
      if (model instanceof Clusterer) {
        const assigned = await model.assignments(split);
        column = 'cluster';
        scoreName = assigned.score?.name ?? null;
        rows = Array.from(assigned.clusters, (label, i) => ({ row: i + 1, label, ...(assigned.score ? { score: assigned.score.values[i]! } : {}) }));
      } else {
        const probabilities = await model.predictProba(split);
        column = 'class';
        scoreName = 'probability';
        rows = probabilities.map((p, i) => {
          let best = 0;
          for (let j = 1; j < p.length; j++) if (p[j]! > p[best]!) best = j;
          return { row: i + 1, label: best, score: p[best]! };
        });
      }
      const jsonLines = opts.json === true || (opts.out ?? '').endsWith('.jsonl');
      const text = jsonLines ? toJsonLines(rows, column, scoreName) : toCsv(rows, column, scoreName);
      if (opts.out !== undefined) {
        writeFileAtomic(opts.out, text);
        process.stderr.write(`tempora: ${rows.length} rows written to ${opts.out}\n`);
      } else process.stdout.write(text);
    } finally {
      model.dispose();
    }
  });
}

function readInput(data: string, split: string): LabelledSplit {
  if (existsSync(data) && statSync(data).isFile()) return readSplit(data);
  if (split !== 'test' && split !== 'train') throw new OptionError(`--split must be 'test' or 'train', got '${split}'`);
  return loadDataset(data)[split];
}

function toCsv(rows: readonly Assignment[], column: string, scoreName: string | null): string {
  const header = ['row', column, ...(scoreName ? [scoreName] : [])].join(',');
  return [header, ...rows.map((r) => [r.row, r.label, ...(r.score !== undefined ? [r.score] : [])].join(','))].join('\n') + '\n';
}

function toJsonLines(rows: readonly Assignment[], column: string, scoreName: string | null): string {
  return rows.map((r) => JSON.stringify({ row: r.row, [column]: r.label, ...(scoreName && r.score !== undefined ? { [scoreName]: r.score } : {}) }) + '\n').join('');
}
