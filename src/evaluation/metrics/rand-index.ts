/** Rand index: the fraction of item pairs on which two labellings agree (together in both, or apart in both). */
import { contingencyTable, type Labels } from './contingency.js';
import { pairConfusion } from './pair-confusion.js';

/** 1 for identical partitions; also 1 for fewer than two items (no pair can disagree), as scikit-learn. */
export function randIndex(truth: Labels, pred: Labels): number {
  const p = pairConfusion(contingencyTable(truth, pred));
  const agree = p.bothTogether + p.bothApart;
  const total = agree + p.predictedOnly + p.truthOnly;
  return total === 0 || agree === total ? 1 : agree / total;
}
