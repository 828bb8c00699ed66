/**
 * Equal-length series in one buffer, the input of the distances and of the shape-based clusterers.
 * Channels are stored one after the other inside a row so that every channel is a contiguous view.
 */
import { OptionError } from '../../core/errors.js';
import type { LabelledSplit, SeriesMatrix } from '../../data/types.js';

/** Value (row, channel, t) is `data[(row * channels + channel) * length + t]`. */
export interface SeriesSet {
  readonly data: Float64Array;
  readonly rows: number;
  readonly channels: number;
  readonly length: number;
}

/** What the shape-based clusterers accept: a split, a univariate series matrix, or univariate rows. */
export type SeriesSetInput = SeriesSet | LabelledSplit | SeriesMatrix | readonly ArrayLike<number>[];

/** One row (all its channels) as a view into the set's buffer. */
export function seriesRow(set: SeriesSet, row: number): Float64Array {
  const size = set.channels * set.length;
  return set.data.subarray(row * size, (row + 1) * size);
}

/** The input as a `SeriesSet` (sharing the buffer when it already is one), checked: equal lengths, finite, not empty. */
export function toSeriesSet(input: SeriesSetInput, what = 'series'): SeriesSet {
  const set = asSeriesSet(input, what);
  if (set.rows === 0) throw new OptionError(`${what}: no series given`);
  if (set.length === 0) throw new OptionError(`${what}: series of length 0`);
  const size = set.channels * set.length;
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

/** Checks that new series have the channels and length a model was fitted on. */
export function checkSeriesShape(set: SeriesSet, channels: number, length: number): void {
  if (set.channels !== channels || set.length !== length) {
    throw new OptionError(
      `series have ${set.channels} channel(s) of length ${set.length} but the model was fitted on ${channels} channel(s) of length ${length}`,
    );
  }
}

function asSeriesSet(input: SeriesSetInput, what: string): SeriesSet {
  if ('channels' in input && 'data' in input) return input;
  if ('series' in input) return fromSplit(input, what);
  if ('data' in input) return { data: input.data, rows: input.rows, channels: 1, length: input.length };
  const rows = input.length;
  const length = rows > 0 ? input[0]!.length : 0;
  const data = new Float64Array(rows * length);
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
