/**
 * Per-series z-normalisation: each channel of each series gets mean 0 and standard deviation 1
 * (population sd). NaN values are left in place and ignored in the statistics; a constant
 * series becomes zeros rather than NaN.
 */
import type { LabelledSplit } from './types.js';

/** A z-normalised copy of one channel's values. */
export function zNormalize(values: Float64Array): Float64Array {
  let count = 0;
  let sum = 0;
  for (const v of values) {
    if (!Number.isNaN(v)) {
      count++;
      sum += v;
    }
  }
  const out = new Float64Array(values.length);
  if (count === 0) return out.fill(NaN);
  const mean = sum / count;
  let squares = 0;
  for (const v of values) if (!Number.isNaN(v)) squares += (v - mean) * (v - mean);
  const sd = Math.sqrt(squares / count);
  // Relative threshold: a series that is constant up to rounding must not blow its noise up to unit scale.
  const constant = !(sd > 1e-12 * Math.max(1, Math.abs(mean)));
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = Number.isNaN(v) ? NaN : constant ? 0 : (v - mean) / sd;
  }
  return out;
}

/** A copy of the split with every series z-normalised per channel (labels and shape unchanged). */
export function normalizeSplit(split: LabelledSplit): LabelledSplit {
  return { ...split, series: split.series.map((row) => row.map(zNormalize)) };
}
