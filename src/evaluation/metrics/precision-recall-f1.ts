/** Macro-averaged precision, recall and F1 of a classifier: the unweighted mean over labels of each per-label score. */
import { confusionMatrix } from './confusion-matrix.js';
import type { Label, Labels } from './contingency.js';

export interface MacroScores {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Averages over every label seen in truth or pred (or the `labels` given), as scikit-learn's
 * average='macro'. A per-label score whose denominator is 0 (never predicted, never true) counts
 * as 0, scikit-learn's zero_division default.
 */
export function macroPrecisionRecallF1(truth: Labels, pred: Labels, labels?: readonly Label[]): MacroScores {
  const { counts, rows, rowSums, colSums } = confusionMatrix(truth, pred, labels);
  if (rows === 0) return { precision: 0, recall: 0, f1: 0 };
  let precision = 0;
  let recall = 0;
  let f1 = 0;
  for (let l = 0; l < rows; l++) {
    const tp = counts[l * rows + l]!;
    const p = colSums[l]! > 0 ? tp / colSums[l]! : 0;
    const r = rowSums[l]! > 0 ? tp / rowSums[l]! : 0;
    precision += p;
    recall += r;
    f1 += p + r > 0 ? (2 * p * r) / (p + r) : 0;
  }
  return { precision: precision / rows, recall: recall / rows, f1: f1 / rows };
}
