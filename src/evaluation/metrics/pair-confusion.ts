/**
 * Counts of ordered item pairs by whether the truth and the prediction put them together
 * (scikit-learn's pair_confusion_matrix): the base of the Rand index and its adjusted form.
 */
import type { ContingencyTable } from './contingency.js';

export interface PairConfusion {
  /** Pairs apart in both labellings. */
  readonly bothApart: number;
  /** Pairs together in the prediction only. */
  readonly predictedOnly: number;
  /** Pairs together in the truth only. */
  readonly truthOnly: number;
  /** Pairs together in both. */
  readonly bothTogether: number;
}

export function pairConfusion(table: ContingencyTable): PairConfusion {
  const { counts, rows, cols, rowSums, colSums, n } = table;
  let sumSquares = 0;
  let rowWeighted = 0;
  let colWeighted = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = counts[r * cols + c]!;
      sumSquares += v * v;
      colWeighted += v * colSums[c]!;
      rowWeighted += v * rowSums[r]!;
    }
  }
  const bothTogether = sumSquares - n;
  const predictedOnly = colWeighted - sumSquares;
  const truthOnly = rowWeighted - sumSquares;
  const bothApart = n * n - predictedOnly - truthOnly - sumSquares;
  return { bothApart, predictedOnly, truthOnly, bothTogether };
}
