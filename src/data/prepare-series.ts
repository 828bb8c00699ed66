/**
 * What a method needs before it can take a file's series: missing values filled (`imputeMissing`),
 * one common length (`resampleSeries`), and the check that names the first row in the way and the
 * remedy (`requireUniformSeries`). Nothing here drops a row.
 */
import { OptionError } from '../core/errors.js';
import type { LabelledSplit } from './types.js';

/** 'linear': between the nearest observed values (the end values carried outwards); 'zero': 0. */
export type ImputeMethod = 'linear' | 'zero';
export const IMPUTE_METHODS: readonly ImputeMethod[] = ['linear', 'zero'];

/** Where row r (0-based) is: "FILE:LINE: row N" or "row N". */
export function rowPlace(split: LabelledSplit, row: number): string {
  const line = split.lines?.[row];
  const file = split.source ?? 'the data';
  return line !== undefined ? `${file}:${line}: row ${row + 1}` : `${file}: row ${row + 1}`;
}

/**
 * Throws an OptionError naming the first row (file, line, value) that `needs` cannot take: a length
 * other than the first row's, or a missing value, with the remedy (--impute, --resample).
 */
export function requireUniformSeries(split: LabelledSplit, needs: string): void {
  const first = split.series[0]?.[0]?.length ?? 0;
  split.series.forEach((row, r) => {
    row.forEach((values, c) => {
      const channel = split.channels > 1 ? ` channel ${c + 1}` : '';
      if (values.length !== first) {
        throw new OptionError(
          `${rowPlace(split, r)}${channel} has ${values.length} values where row 1 has ${first}; ${needs} needs series of one length: ` +
            `pass --resample LENGTH (resampleSeries in the library)`,
        );
      }
      const missing = values.findIndex(Number.isNaN);
      if (missing >= 0) {
        throw new OptionError(
          `${rowPlace(split, r)}${channel}, value ${missing + 1} is missing; ${needs} cannot take missing values: ` +
            `pass --impute linear|zero (imputeMissing in the library)`,
        );
      }
    });
  });
}

/** Counts of what a split holds that methods may not take, for summaries. */
export function seriesDefects(split: LabelledSplit): { missing: number; lengths: [number, number] } {
  let missing = 0;
  let shortest = Infinity;
  for (const row of split.series) {
    for (const values of row) {
      shortest = Math.min(shortest, values.length);
      for (let t = 0; t < values.length; t++) if (Number.isNaN(values[t]!)) missing++;
    }
  }
  return { missing, lengths: [split.series.length === 0 ? 0 : shortest, split.length] };
}

/** The split with every missing value filled; rows without missing values are shared, not copied. */
export function imputeMissing(split: LabelledSplit, method: ImputeMethod): LabelledSplit {
  if (!IMPUTE_METHODS.includes(method)) throw new OptionError(`impute must be one of ${IMPUTE_METHODS.join(', ')}, got '${String(method)}'`);
  const series = split.series.map((row, r) =>
    row.map((values, c) => {
      if (!values.some(Number.isNaN)) return values;
      const filled = Float64Array.from(values);
      if (method === 'zero') {
        for (let t = 0; t < filled.length; t++) if (Number.isNaN(filled[t]!)) filled[t] = 0;
        return filled;
      }
      if (!fillLinear(filled)) {
        throw new OptionError(`${rowPlace(split, r)}${split.channels > 1 ? ` channel ${c + 1}` : ''} has no observed value to interpolate from (use --impute zero)`);
      }
      return filled;
    }),
  );
  return { ...split, series };
}

/** Linear interpolation over NaN runs in place; false when every value is NaN. */
function fillLinear(values: Float64Array): boolean {
  let previous = -1;
  for (let t = 0; t <= values.length; t++) {
    if (t < values.length && Number.isNaN(values[t]!)) continue;
    if (t === values.length && previous < 0) return false;
    const from = previous;
    for (let gap = from + 1; gap < t; gap++) {
      if (from < 0) values[gap] = values[t]!;
      else if (t === values.length) values[gap] = values[from]!;
      else values[gap] = values[from]! + ((values[t]! - values[from]!) * (gap - from)) / (t - from);
    }
    previous = t;
  }
  return true;
}

/**
 * The split with every series linearly resampled to `length` points spanning its first to last
 * value (series already of that length are shared, not copied). Missing values stay missing
 * where they fall on a sample point's neighbours: impute first.
 */
export function resampleSeries(split: LabelledSplit, length: number): LabelledSplit {
  if (!Number.isInteger(length) || length < 2) throw new OptionError(`resample needs an integer length >= 2, got ${length}`);
  const series = split.series.map((row) =>
    row.map((values) => {
      if (values.length === length) return values;
      const out = new Float64Array(length);
      const step = (values.length - 1) / (length - 1);
      for (let i = 0; i < length; i++) {
        const at = i * step;
        const left = Math.floor(at);
        const right = Math.min(left + 1, values.length - 1);
        out[i] = values[left]! + (values[right]! - values[left]!) * (at - left);
      }
      return out;
    }),
  );
  return { ...split, series, equalLength: true, length };
}

/**
 * The cheapest input for an estimator: equal-length univariate rows that lie one after the other
 * in one buffer (as readSeriesFile stores them) as a rows × length matrix over that buffer, no
 * copy; any other split as it is.
 */
export function seriesInput(split: LabelledSplit): LabelledSplit | { data: Float64Array; rows: number; cols: number } {
  if (split.channels !== 1 || !split.equalLength || split.series.length === 0) return split;
  const first = split.series[0]![0]!;
  const cols = split.length;
  const rows = split.series.length;
  for (let r = 0; r < rows; r++) {
    const values = split.series[r]![0]!;
    if (values.buffer !== first.buffer || values.byteOffset !== first.byteOffset + r * cols * 8) return split;
  }
  return { data: new Float64Array(first.buffer, first.byteOffset, rows * cols), rows, cols };
}
