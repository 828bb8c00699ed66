/** The shape of a loaded dataset at a glance: sizes, length range, channels, classes. */
import type { Dataset, LabelledSplit } from './types.js';

export interface DatasetSummary {
  name: string;
  trainSize: number;
  testSize: number;
  /** Shortest and longest series (channel) over both splits; equal when the length is fixed. */
  minLength: number;
  maxLength: number;
  channels: number;
  classes: number;
  /** Original label text per class index. */
  classNames: readonly string[];
}

export function summarizeDataset(dataset: Dataset): DatasetSummary {
  const { train, test } = dataset;
  return {
    name: dataset.name,
    trainSize: train.series.length,
    testSize: test.series.length,
    minLength: Math.min(shortest(train), shortest(test)),
    maxLength: Math.max(train.length, test.length),
    channels: Math.max(train.channels, test.channels),
    classes: dataset.classNames.length,
    classNames: dataset.classNames,
  };
}

function shortest(split: LabelledSplit): number {
  if (split.equalLength) return split.length;
  let min = Infinity;
  for (const row of split.series) for (const values of row) min = Math.min(min, values.length);
  return min;
}
