/**
 * The inputs every estimator accepts, and their conversion to a [N, T, C] float32 tensor for the
 * deep methods, checking what they cannot take: ragged lengths, missing values, no rows.
 */
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../core/errors.js';
import type { LabelledSplit, SeriesMatrix } from '../data/types.js';

/** Series as one flat buffer: row-major, time-major within a row, channels innermost. */
export interface SeriesBatch {
  readonly values: Float32Array | Float64Array;
  /** [rows, length, channels]. */
  readonly shape: readonly [number, number, number];
}

/** Rows of numbers as a row-major matrix (vectors, or univariate series of length `cols`). */
export interface VectorRows {
  readonly data: Float64Array | Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/**
 * What every estimator accepts: a split (univariate or multivariate), a `SeriesBatch`
 * [rows, length, channels], a `SeriesMatrix` or `VectorRows` (univariate rows), or rows as arrays
 * (`number[][]`, `Float64Array[]`, ...), each row one univariate series.
 */
export type SeriesInput = LabelledSplit | SeriesBatch | SeriesMatrix | VectorRows | ArrayLike<ArrayLike<number>>;

export function isSplit(input: SeriesInput): input is LabelledSplit {
  return (input as LabelledSplit).series !== undefined && (input as LabelledSplit).labels !== undefined;
}

export function isBatch(input: SeriesInput): input is SeriesBatch {
  return (input as SeriesBatch).values !== undefined && Array.isArray((input as SeriesBatch).shape);
}

/** A flat row-major buffer (`SeriesMatrix` or `VectorRows`). */
export function isFlat(input: SeriesInput): input is SeriesMatrix | VectorRows {
  if (typeof input !== 'object' || input === null || !('data' in input) || !('rows' in input)) return false;
  const data = (input as { data: unknown }).data;
  return data instanceof Float64Array || data instanceof Float32Array;
}

/** Rows, length (the longest, for ragged splits) and channels of an input, without reading its values. */
export function inputShape(input: SeriesInput): { rows: number; length: number; channels: number } {
  if (isSplit(input)) return { rows: input.series.length, length: input.length, channels: input.channels };
  if (isBatch(input)) return { rows: input.shape[0], length: input.shape[1], channels: input.shape[2] };
  if (isFlat(input)) return { rows: input.rows, length: 'cols' in input ? input.cols : input.length, channels: 1 };
  return { rows: input.length, length: input.length > 0 ? input[0]!.length : 0, channels: 1 };
}

/** Number of series in the input. */
export function seriesCount(input: SeriesInput): number {
  return inputShape(input).rows;
}

/** Shape [N, T, C] and float32 values, row by row, time-major within a row. */
export function seriesValues(input: SeriesInput, what = 'series'): { values: Float32Array; shape: [number, number, number] } {
  const where = isSplit(input) && input.source ? ` (${input.source})` : '';
  const { rows, length, channels } = inputShape(input);
  if (rows === 0) throw new OptionError(`${what}${where}: no series given`);
  if (length === 0) throw new OptionError(`${what}${where}: series of length 0`);
  if (isBatch(input)) {
    if (input.values.length !== rows * length * channels) {
      throw new OptionError(`${what}: shape [${input.shape.join(', ')}] needs ${rows * length * channels} values, got ${input.values.length}`);
    }
    checkFinite(input.values, length, channels, what);
    return { values: Float32Array.from(input.values), shape: [rows, length, channels] };
  }
  let read: (row: number, channel: number) => ArrayLike<number>;
  if (isSplit(input)) {
    if (!input.equalLength) throw new OptionError(`${what}${where}: series of unequal length; this model needs equal lengths (resample or pad first)`);
    read = (row, channel) => input.series[row]![channel]!;
  } else if (isFlat(input)) {
    if (input.data.length !== rows * length) throw new OptionError(`${what}: ${rows} rows of ${length} need ${rows * length} values, got ${input.data.length}`);
    read = (row) => input.data.subarray(row * length, (row + 1) * length);
  } else {
    read = (row) => input[row]!;
  }
  const values = new Float32Array(rows * length * channels);
  for (let row = 0; row < rows; row++) {
    for (let c = 0; c < channels; c++) {
      const series = read(row, c);
      if (series.length !== length) {
        throw new OptionError(`${what}${where}: row ${row + 1} has length ${series.length}, expected ${length}`);
      }
      for (let t = 0; t < length; t++) {
        const v = series[t]!;
        if (!Number.isFinite(v)) throw new OptionError(`${what}${where}: row ${row + 1}, step ${t + 1} is ${v}; fill or drop missing values first`);
        values[(row * length + t) * channels + c] = v;
      }
    }
  }
  return { values, shape: [rows, length, channels] };
}

function checkFinite(values: ArrayLike<number>, length: number, channels: number, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) {
      const row = Math.floor(i / (length * channels));
      const step = Math.floor((i % (length * channels)) / channels);
      throw new OptionError(`${what}: row ${row + 1}, step ${step + 1} is ${values[i]}; fill or drop missing values first`);
    }
  }
}

export function seriesTensor(input: SeriesInput, what = 'series'): tf.Tensor3D {
  const { values, shape } = seriesValues(input, what);
  return tf.tensor3d(values, shape, 'float32');
}
