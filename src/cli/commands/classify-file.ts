/**
 * `tempora classify FILE`: a classifier trained on every row of one file, some labelled and the
 * rest not (an empty label, '?', or -1), writing each row's predicted class and its probability
 * (--out or stdout); --test FILE scores a labelled file, --save keeps the model for `tempora predict`.
 */
import { DataFormatError, OptionError } from '../../core/errors.js';
import { canonicalLabel } from '../../data/labels.js';
import { requireUniformSeries, seriesInput } from '../../data/prepare-series.js';
import type { LabelledSplit } from '../../data/types.js';
import { accuracy } from '../../evaluation/metrics/accuracy.js';
import { macroPrecisionRecallF1 } from '../../evaluation/metrics/precision-recall-f1.js';
import { classifySeries } from '../../experiments/own-series.js';
import type { ClassificationMethod, MethodValues } from '../../models/base/method-spec.js';
import { startBackend } from '../backend-option.js';
import { fitProgress } from '../fit-progress.js';
import { writeAssignments } from '../assignment-lines.js';
import { readSeriesArgument, type SeriesFileFlags } from '../series-file-options.js';

/** The flags of `tempora classify` that a FILE run reads. */
export interface ClassifyFileFlags extends SeriesFileFlags {
  test?: string;
  out?: string;
  unlabelledMark: string;
  save?: string;
  json?: boolean;
  quiet?: boolean;
  backend: string;
}

export async function classifyFile(file: string, method: ClassificationMethod, values: MethodValues, seed: number, opts: ClassifyFileFlags): Promise<void> {
  const backend = await startBackend(opts.backend);
  const unlabelled = opts.unlabelledMark === 'none' ? [] : [opts.unlabelledMark];
  const started = Date.now();
  const needs = `the ${method.name} method`;
  const { split, input } = readSeriesArgument(file, opts, needs, { quiet: opts.quiet === true, unlabelled });
  const test = opts.test !== undefined ? withClassesOf(readSeriesArgument(opts.test, opts, needs, { quiet: true, unlabelled }).split, split) : null;
  const progress = fitProgress(opts.quiet === true);
  let trained;
  try {
    trained = await classifySeries(split, input, { method, values, seed, fit: progress.fit });
  } finally {
    progress.stop();
  }
  const { model } = trained;
  try {
    const probabilities = await model.predictProba(input);
    const predicted = Int32Array.from(probabilities, (p) => p.indexOf(Math.max(...p)));
    const labelledRows = split.labels.reduce((n, l) => n + (l >= 0 ? 1 : 0), 0);
    const lines = writeAssignments(
      {
        column: 'class',
        values: predicted,
        extra: { name: 'label', values: Array.from(predicted, (c) => split.classNames[c]!) },
        score: { name: 'probability', values: probabilities.map((p, i) => p[predicted[i]!]!) },
      },
      opts.out,
      false,
    );
    let scores: { file: string; rows: number; accuracy: number; precision: number; recall: number } | null = null;
    if (test !== null) {
      requireUniformSeries(test, needs);
      const scored = [...test.labels.keys()].filter((i) => test.labels[i]! >= 0);
      if (scored.length === 0) throw new DataFormatError('--test needs labelled rows; this file has none', opts.test);
      const guess = await model.predict(seriesInput(test));
      const truth = scored.map((i) => test.labels[i]!);
      const found = scored.map((i) => guess[i]!);
      const pr = macroPrecisionRecallF1(truth, found);
      scores = { file: opts.test!, rows: scored.length, accuracy: accuracy(truth, found), precision: pr.precision, recall: pr.recall };
    }
    if (opts.save !== undefined) await model.save(opts.save);
    const settings = { file, method: method.name, seed, rows: split.series.length, labelledRows, classes: split.classNames, backend, seconds: Math.round((Date.now() - started) / 100) / 10 };
    if (opts.json === true) {
      process.stdout.write(`${JSON.stringify({ ...settings, ...(scores ? { test: scores } : {}), ...(opts.out === undefined ? { predicted: Array.from(predicted) } : { out: opts.out }) })}\n`);
      return;
    }
    if (lines !== null) process.stdout.write(lines);
    const say = (text: string): boolean => process.stderr.write(`${text}\n`);
    say(`${file}: ${method.name}, ${labelledRows} of ${split.series.length} rows labelled, ${split.classNames.length} classes (${split.classNames.join(', ')}), seed ${seed}`);
    if (scores) say(`${scores.file} (${scores.rows} labelled rows): accuracy ${scores.accuracy.toFixed(4)}, precision ${scores.precision.toFixed(4)}, recall ${scores.recall.toFixed(4)} (macro)`);
    if (opts.out !== undefined) say(`${split.series.length} rows written to ${opts.out}`);
    if (opts.save !== undefined) say(`model saved in ${opts.save}`);
  } finally {
    model.dispose();
  }
}

/** The test file's labels re-indexed to the training file's classes; a class the training file lacks is an error. */
function withClassesOf(test: LabelledSplit, train: LabelledSplit): LabelledSplit {
  const index = new Map(train.classNames.map((name, i) => [canonicalLabel(name), i]));
  const labels = Int32Array.from(test.labels, (label, row) => {
    if (label < 0) return -1;
    const mapped = index.get(canonicalLabel(test.classNames[label]!));
    if (mapped === undefined) {
      const line = test.lines?.[row];
      throw new OptionError(`${test.source ?? '--test'}${line !== undefined ? `:${line}` : ''}: label '${test.classNames[label]}' is not a class of ${train.source} (${train.classNames.join(', ')})`);
    }
    return mapped;
  });
  return { ...test, labels, classNames: train.classNames };
}
