/** The label vectors of classification estimators: y with -1 or null for unlabelled rows, one-hot targets, argmax. */
import { OptionError } from '../../core/errors.js';

/** Reads y as class indices 0..K-1 with -1 for unlabelled rows (null and -1 both mean unlabelled). */
export function readLabels(y: ArrayLike<number | null>, rows: number): Int32Array {
  if (y.length !== rows) throw new OptionError(`y has ${y.length} labels for ${rows} series`);
  const labels = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    const value = y[row];
    if (value === null || value === undefined || value === -1) {
      labels[row] = -1;
    } else if (!Number.isInteger(value) || value < 0) {
      throw new OptionError(`y[${row}] is ${value}: labels are class indices 0..K-1, or -1 / null for unlabelled rows`);
    } else {
      labels[row] = value;
    }
  }
  return labels;
}

/** Number of classes: the given count (checked against the labels) or the largest label + 1. */
export function classCount(labels: Int32Array, given?: number): number {
  const largest = labels.reduce((a, b) => Math.max(a, b), -1);
  if (largest < 0) throw new OptionError('y has no labelled rows: at least one row per class must keep its label');
  if (given === undefined) return largest + 1;
  if (!Number.isInteger(given) || given < 2) throw new OptionError(`classes must be an integer >= 2, got ${given}`);
  if (largest >= given) throw new OptionError(`y holds class ${largest} but classes is ${given}`);
  return given;
}

/** Row-major [N, K] one-hot rows; unlabelled rows are all zero. */
export function oneHot(labels: Int32Array, classes: number): Float32Array {
  const out = new Float32Array(labels.length * classes);
  labels.forEach((c, row) => {
    if (c >= 0) out[row * classes + c] = 1;
  });
  return out;
}

/** 1 for labelled rows, 0 for the others (or the reverse with `unlabelled`). */
export function labelMask(labels: Int32Array, unlabelled = false): Float32Array {
  return Float32Array.from(labels, (c) => ((c >= 0) !== unlabelled ? 1 : 0));
}

/** Index of the largest value of each row. */
export function argmaxRows(rows: readonly ArrayLike<number>[]): Int32Array {
  return Int32Array.from(rows, (row) => {
    let best = 0;
    for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
    return best;
  });
}
