/** Adjusted Rand index (Hubert and Arabie): the Rand index corrected for chance, 0 for random labels. */
import { contingencyTable, type Labels } from './contingency.js';
import { pairConfusion } from './pair-confusion.js';

/** 1 when the partitions agree on every pair (including empty input), as scikit-learn; can be negative. */
export function adjustedRandIndex(truth: Labels, pred: Labels): number {
  const { bothApart: tn, predictedOnly: fp, truthOnly: fn, bothTogether: tp } = pairConfusion(contingencyTable(truth, pred));
  if (fn === 0 && fp === 0) return 1;
  return (2 * (tp * tn - fn * fp)) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}
