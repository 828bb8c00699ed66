/**
 * The options and reading of one file of series given to `cluster`, `classify` or `predict` (as
 * opposed to a dataset name or folder, which keeps the benchmark protocol): its label column,
 * header row, the filling of missing values and a common length, with a progress bar on large files.
 */
import { existsSync, statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { optional, parseInteger } from '../core/parse-options.js';
import { IMPUTE_METHODS, imputeMissing, requireUniformSeries, resampleSeries, seriesInput, type ImputeMethod } from '../data/prepare-series.js';
import { HEADER_ROWS, LABEL_COLUMNS, readSeriesFile, type HeaderRow, type LabelColumn } from '../data/series-file.js';
import type { LabelledSplit } from '../data/types.js';
import type { SeriesInput } from '../nn/input.js';
import { Progress } from './progress.js';

export interface SeriesFileFlags {
  labels: string;
  header: string;
  impute?: string;
  resample?: string;
}

/** Whether a command's argument names a file (else a dataset name or folder). */
export function isSeriesFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

export function addSeriesFileOptions(command: Command): void {
  command
    .addOption(new Option('--labels <column>', 'FILE as CSV/TSV: the label column (first: the UCR layout; none: numbers only)').choices(LABEL_COLUMNS).default('first'))
    .addOption(new Option('--header <row>', 'FILE as CSV/TSV: a first row of column names (auto: when none of its values is a number)').choices(HEADER_ROWS).default('auto'))
    .addOption(new Option('--impute <how>', 'FILE: fill missing values, linearly between neighbours or with zeros').choices(IMPUTE_METHODS))
    .option('--resample <length>', 'FILE: resample every series linearly to this length (unequal lengths)');
}

/** The file's series, filled and resampled as asked, checked for what `needs` (a method) takes. */
export function readSeriesArgument(
  file: string,
  flags: SeriesFileFlags,
  needs: string,
  options: { quiet?: boolean; unlabelled?: readonly string[] } = {},
): { split: LabelledSplit; input: SeriesInput } {
  const resample = optional(flags.resample, (v) => parseInteger('--resample', v, 2));
  let bar: Progress | null = null;
  let split = readSeriesFile(file, {
    labels: flags.labels as LabelColumn,
    header: flags.header as HeaderRow,
    ...(options.unlabelled ? { unlabelled: options.unlabelled } : {}),
    onProgress: (done, total) => {
      if (total < 32 << 20) return; // small files read in a blink
      bar ??= new Progress({ label: 'reading MB', total: Math.ceil(total / 2 ** 20), quiet: options.quiet === true });
      bar.update(Math.floor(done / 2 ** 20));
    },
  });
  (bar as Progress | null)?.stop();
  if (flags.impute !== undefined) split = imputeMissing(split, flags.impute as ImputeMethod);
  if (resample !== undefined) split = resampleSeries(split, resample);
  requireUniformSeries(split, needs);
  return { split, input: seriesInput(split) };
}
