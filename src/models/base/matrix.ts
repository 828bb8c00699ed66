/**
 * The dense row-major matrix that the classic estimators (k-means, Gaussian mixture) work on, and
 * the one conversion every estimator uses to accept and check its input.
 */
import { OptionError } from '../../core/errors.js';
import type { LabelledSplit } from '../../data/types.js';
import { inputShape, isBatch, isFlat, isSplit, type SeriesInput } from '../../nn/input.js';

/** Row-major matrix: element (row, col) is `data[row * cols + col]`. */
export interface RowMatrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** A row-major matrix in single precision (as tensors give embeddings); copied to float64 on input. */
export interface Float32RowMatrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/**
 * What the vector methods accept: every estimator input (nn/input.ts); series of several channels
 * become rows of length × channels values, time-major as in a `SeriesBatch`.
 */
export type MatrixInput = SeriesInput;

/**
 * Returns the input as a `RowMatrix` (sharing the buffer when it already is one) after checking
 * that it is rectangular, non-empty and finite. `what` names the input in error messages.
 */
export function toRowMatrix(input: MatrixInput, what = 'data'): RowMatrix {
  const matrix = asRowMatrix(input, what);
  if (matrix.rows === 0) throw new OptionError(`${what} has no rows; at least one is needed`);
  if (matrix.cols === 0) throw new OptionError(`${what} has rows of length 0; at least one column is needed`);
  const { data, rows, cols } = matrix;
  for (let r = 0; r < rows; r++) {
    const offset = r * cols;
    for (let c = 0; c < cols; c++) {
      const value = data[offset + c]!;
      if (!Number.isFinite(value)) {
        throw new OptionError(
          `${what} row ${r} (0-based), column ${c} is ${value}; only finite numbers are allowed (impute or drop missing values first)`,
        );
      }
    }
  }
  return matrix;
}

/** Rows of a matrix as plain arrays, for JSON. */
export function matrixToArrays(matrix: RowMatrix): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < matrix.rows; r++) {
    out.push(Array.from(matrix.data.subarray(r * matrix.cols, (r + 1) * matrix.cols)));
  }
  return out;
}

function asRowMatrix(input: MatrixInput, what: string): RowMatrix {
  if (isSplit(input)) return splitRows(input, what);
  if (isBatch(input)) {
    const [rows, length, channels] = input.shape;
    if (input.values.length !== rows * length * channels) {
      throw new OptionError(`${what}: shape [${input.shape.join(', ')}] needs ${rows * length * channels} values, got ${input.values.length}`);
    }
    return { data: input.values instanceof Float64Array ? input.values : Float64Array.from(input.values), rows, cols: length * channels };
  }
  if (isFlat(input)) {
    const cols = 'cols' in input ? input.cols : input.length;
    if (!Number.isInteger(input.rows) || !Number.isInteger(cols) || input.rows < 0 || cols < 0) {
      throw new OptionError(`${what} has invalid shape ${input.rows} × ${cols}`);
    }
    if (input.data.length !== input.rows * cols) {
      throw new OptionError(
        `${what} says ${input.rows} × ${cols} but holds ${input.data.length} values, not ${input.rows * cols}`,
      );
    }
    const data = input.data instanceof Float64Array ? input.data : Float64Array.from(input.data);
    return { data, rows: input.rows, cols };
  }
  const rows = input.length;
  const cols = rows > 0 ? input[0]!.length : 0;
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = input[r]!;
    if (row.length !== cols) {
      throw new OptionError(`${what} is ragged: row ${r} (0-based) has ${row.length} values, row 0 has ${cols}`);
    }
    for (let c = 0; c < cols; c++) data[r * cols + c] = row[c]!;
  }
  return { data, rows, cols };
}

/** A split's series as rows of length × channels values (time-major); equal lengths needed. */
function splitRows(split: LabelledSplit, what: string): RowMatrix {
  const { rows, length, channels } = inputShape(split);
  const from = split.source ? ` (${split.source})` : '';
  if (!split.equalLength) {
    throw new OptionError(`${what}${from}: series of unequal length; this method needs equal lengths (resample or pad first)`);
  }
  const data = new Float64Array(rows * length * channels);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++) {
      const values = split.series[r]![c]!;
      for (let t = 0; t < length; t++) data[(r * length + t) * channels + c] = values[t]!;
    }
  }
  return { data, rows, cols: length * channels };
}

/** Each row of a row-major buffer as a view (no copy). */
export function rowViews<A extends Float64Array | Float32Array>(data: A, rows: number, cols: number): A[] {
  return Array.from({ length: rows }, (_, i) => data.subarray(i * cols, (i + 1) * cols) as A);
}
