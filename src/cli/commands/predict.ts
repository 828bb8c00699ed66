/**
 * `tempora predict --model DIR DATA`: the clusters or classes a saved model assigns to series, one
 * line per row in the input's order, with the distance to the cluster's centre or the class's
 * probability where the method has one; CSV, or JSON Lines for `.jsonl` / `--json`. DATA is one
 * file in any format `cluster FILE` reads (same --labels, --header, --impute, --resample), or a
 * dataset name or folder (then its --split).
 */
import type { Command } from 'commander';
import { OptionError } from '../../core/errors.js';
import { savedModelKind } from '../../core/model-files.js';
import { loadDataset } from '../../data/dataset.js';
import { rowPlace } from '../../data/prepare-series.js';
import type { LabelledSplit } from '../../data/types.js';
import type { FittedShape } from '../../models/base/estimator.js';
import { Clusterer } from '../../models/base/estimator.js';
import { loadModel, methodOfKind } from '../../models/registry.js';
import type { SeriesInput } from '../../nn/input.js';
import { writeAssignments, type AssignmentColumns } from '../assignment-lines.js';
import { addBackendOption, startBackend } from '../backend-option.js';
import { addSeriesFileOptions, isSeriesFile, readSeriesArgument, type SeriesFileFlags } from '../series-file-options.js';

interface PredictOptions extends SeriesFileFlags {
  model: string;
  split: string;
  out?: string;
  json?: boolean;
  backend: string;
}

export function register(program: Command): void {
  const command = program
    .command('predict')
    .description('assign clusters (or classes) to series with a model saved by `cluster --save` or `classify --save`: one line per row, in order')
    .argument('<data>', 'a file of series in any supported format, or a dataset name or folder (then its --split)')
    .requiredOption('--model <dir>', 'folder of a saved model')
    .option('--split <which>', "when DATA is a dataset: 'test' or 'train'", 'test')
    .option('--out <file>', 'write the lines here, atomically: JSON Lines for .jsonl, else CSV (default: stdout)')
    .option('--json', 'JSON Lines on stdout instead of CSV');
  addSeriesFileOptions(command);
  addBackendOption(command);
  command.action(async (data: string, opts: PredictOptions) => {
    const method = methodOfKind(savedModelKind(opts.model), opts.model);
    if (method.usesTensors) await startBackend(opts.backend);
    const { split, input } = readInput(data, opts, `the saved ${method.name} model`);
    const model = await loadModel(opts.model);
    try {
      checkShape(split, model.fittedShape, opts.model, isSeriesFile(data));
      let columns: AssignmentColumns;
      if (model instanceof Clusterer) {
        const assigned = await model.assignments(input);
        columns = { column: 'cluster', values: assigned.clusters, ...(assigned.score ? { score: assigned.score } : {}) };
      } else {
        const probabilities = await model.predictProba(input);
        const classes = Int32Array.from(probabilities, (p) => p.indexOf(Math.max(...p)));
        columns = { column: 'class', values: classes, score: { name: 'probability', values: probabilities.map((p, i) => p[classes[i]!]!) } };
      }
      const lines = writeAssignments(columns, opts.out, opts.json === true);
      if (lines !== null) process.stdout.write(lines);
      else process.stderr.write(`tempora: ${split.series.length} rows written to ${opts.out}\n`);
    } finally {
      model.dispose();
    }
  });
}

function readInput(data: string, opts: PredictOptions, needs: string): { split: LabelledSplit; input: SeriesInput } {
  if (isSeriesFile(data)) return readSeriesArgument(data, opts, needs, { quiet: true });
  if (opts.split !== 'test' && opts.split !== 'train') throw new OptionError(`--split must be 'test' or 'train', got '${opts.split}'`);
  const split = loadDataset(data)[opts.split];
  return { split, input: split };
}

/** The series must have the length and channels the model was fitted on; the error names the first row and the remedy. */
function checkShape(split: LabelledSplit, fitted: FittedShape, dir: string, fromFile: boolean): void {
  if (split.channels !== fitted.channels) {
    throw new OptionError(`${rowPlace(split, 0)} has ${split.channels} channel(s); the model in ${dir} was fitted on ${fitted.channels}`);
  }
  if (split.length !== fitted.length) {
    throw new OptionError(`${rowPlace(split, 0)} has ${split.length} values per series; the model in ${dir} was fitted on length ${fitted.length}${fromFile ? `: pass --resample ${fitted.length}` : ''}`);
  }
}
