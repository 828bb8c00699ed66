/**
 * Every estimator accepts series in one of three forms and turns them into a [N, T, C] float32
 * tensor here, checking what deep models cannot take: ragged lengths, missing values, no rows.
 */
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../core/errors.js';
import type { LabelledSplit, SeriesMatrix } from '../data/types.js';

/** A split, a row-major matrix of univariate series, or an array of univariate series. */
export type SeriesInput = LabelledSplit | SeriesMatrix | readonly ArrayLike<number>[];

function isSplit(input: SeriesInput): input is LabelledSplit {
  return (input as LabelledSplit).series !== undefined && (input as LabelledSplit).labels !== undefined;
}

function isMatrix(input: SeriesInput): input is SeriesMatrix {
  return (input as SeriesMatrix).data !== undefined && (input as SeriesMatrix).rows !== undefined;
}

/** Number of series in the input. */
export function seriesCount(input: SeriesInput): number {
  if (isSplit(input)) return input.series.length;
  if (isMatrix(input)) return input.rows;
  return input.length;
}

/** Shape [N, T, C] and float32 values, row by row, time-major within a row. */
export function seriesValues(input: SeriesInput, what = 'series'): { values: Float32Array; shape: [number, number, number] } {
  const where = isSplit(input) && input.source ? ` (${input.source})` : '';
  const rows = seriesCount(input);
  if (rows === 0) throw new OptionError(`${what}${where}: no series given`);
  let length: number;
  let channels = 1;
  let read: (row: number, channel: number) => ArrayLike<number>;
  if (isSplit(input)) {
    if (!input.equalLength) throw new OptionError(`${what}${where}: series of unequal length; this model needs equal lengths (resample or pad first)`);
    channels = input.channels;
    length = input.length;
    read = (row, channel) => input.series[row]![channel]!;
  } else if (isMatrix(input)) {
    length = input.length;
    read = (row) => input.data.subarray(row * input.length, (row + 1) * input.length);
  } else {
    length = input[0]!.length;
    read = (row) => input[row]!;
  }
  if (length === 0) throw new OptionError(`${what}${where}: series of length 0`);
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

export function seriesTensor(input: SeriesInput, what = 'series'): tf.Tensor3D {
  const { values, shape } = seriesValues(input, what);
  return tf.tensor3d(values, shape, 'float32');
}
