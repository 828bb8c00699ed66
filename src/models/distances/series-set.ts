/**
 * Equal-length series in one float64 buffer, the input of the distances and of the shape-based
 * clusterers. Channels are stored one after the other inside a row, so that every channel is a
 * contiguous view (the estimators' `SeriesBatch` is time-major instead).
 */
import { OptionError } from '../../core/errors.js';
import type { LabelledSplit } from '../../data/types.js';
import { inputShape, isBatch, isFlat, isSplit, type SeriesInput } from '../../nn/input.js';

/** Value (row, channel, t) is `data[(row * channels + channel) * length + t]`. */
export interface SeriesSet {
  readonly data: Float64Array;
  readonly rows: number;
  readonly channels: number;
  readonly length: number;
}

/** One row (all its channels) as a view into the set's buffer. */
export function seriesRow(set: SeriesSet, row: number): Float64Array {
  const size = set.channels * set.length;
  return set.data.subarray(row * size, (row + 1) * size);
}

/** Any estimator input (or a `SeriesSet`, returned as is) as a checked `SeriesSet`: equal lengths, finite, not empty. */
export function toSeriesSet(input: SeriesInput | SeriesSet, what = 'series'): SeriesSet {
  const set = isSeriesSet(input) ? input : asSeriesSet(input, what);
  if (set.rows === 0) throw new OptionError(`${what}: no series given`);
  if (set.length === 0) throw new OptionError(`${what}: series of length 0`);
  const size = set.channels * set.length;
  if (set.data.length !== set.rows * size) {
    throw new OptionError(`${what}: ${set.rows} series of ${set.channels} × ${set.length} need ${set.rows * size} values, got ${set.data.length}`);
  }
  for (let i = 0; i < set.data.length; i++) {
    if (!Number.isFinite(set.data[i]!)) {
      const row = Math.floor(i / size);
      const channel = Math.floor((i % size) / set.length);
      throw new OptionError(
        `${what}: row ${row + 1}, channel ${channel + 1}, step ${(i % set.length) + 1} is ${set.data[i]}; fill or drop missing values first`,
      );
    }
  }
  return set;
}

function isSeriesSet(input: SeriesInput | SeriesSet): input is SeriesSet {
  return 'channels' in input && 'data' in input && 'length' in input && (input as SeriesSet).data instanceof Float64Array;
}

function asSeriesSet(input: SeriesInput, what: string): SeriesSet {
  const { rows, length, channels } = inputShape(input);
  if (isSplit(input)) return fromSplit(input, what);
  const data = new Float64Array(rows * channels * length);
  if (isBatch(input)) {
    // Time-major [row, t, channel] to channel-major [row, channel, t].
    for (let r = 0; r < rows; r++) {
      for (let t = 0; t < length; t++) {
        for (let c = 0; c < channels; c++) data[(r * channels + c) * length + t] = input.values[(r * length + t) * channels + c]!;
      }
    }
    return { data, rows, channels, length };
  }
  if (isFlat(input)) {
    if (input.data.length !== rows * length) throw new OptionError(`${what}: ${rows} rows of ${length} need ${rows * length} values, got ${input.data.length}`);
    data.set(input.data);
    return { data, rows, channels: 1, length };
  }
  for (let r = 0; r < rows; r++) {
    const row = input[r]!;
    if (row.length !== length) throw new OptionError(`${what}: row ${r + 1} has length ${row.length}, expected ${length}`);
    for (let t = 0; t < length; t++) data[r * length + t] = row[t]!;
  }
  return { data, rows, channels: 1, length };
}

function fromSplit(split: LabelledSplit, what: string): SeriesSet {
  const where = split.source === undefined ? '' : ` (${split.source})`;
  if (!split.equalLength) {
    throw new OptionError(`${what}${where}: series of unequal length; this method needs equal lengths (resample or pad first)`);
  }
  const { channels, length } = split;
  const rows = split.series.length;
  const data = new Float64Array(rows * channels * length);
  split.series.forEach((row, r) => row.forEach((values, c) => data.set(values, (r * channels + c) * length)));
  return { data, rows, channels, length };
}
