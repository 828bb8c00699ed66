/** Equal-length univariate series as one row-major matrix, the input of the vector methods. */
import { OptionError } from '../core/errors.js';
import type { LabelledSplit, SeriesMatrix } from './types.js';

export interface SeriesMatrixOptions {
  /** Accept NaN (missing) values in the matrix. Default: false (an OptionError names the row). */
  allowMissing?: boolean;
}

/** The split's series as a rows × length matrix; OptionError for multivariate or unequal-length data. */
export function toSeriesMatrix(split: LabelledSplit, options: SeriesMatrixOptions = {}): SeriesMatrix {
  const from = split.source === undefined ? 'the data' : split.source;
  if (split.channels !== 1) {
    throw new OptionError(`a series matrix needs univariate series; ${from} has ${split.channels} channels`);
  }
  if (!split.equalLength) {
    const shortest = split.series.reduce((min, row) => Math.min(min, row[0]!.length), Infinity);
    throw new OptionError(
      `a series matrix needs equal-length series; ${from} has lengths ${shortest} to ${split.length}`,
    );
  }
  const rows = split.series.length;
  const length = split.length;
  const data = new Float64Array(rows * length);
  split.series.forEach((row, r) => {
    const values = row[0]!;
    if (options.allowMissing !== true && values.some(Number.isNaN)) {
      throw new OptionError(`${from} row ${r + 1} has missing values (NaN); pass allowMissing: true to keep them`);
    }
    data.set(values, r * length);
  });
  return { data, rows, length };
}
