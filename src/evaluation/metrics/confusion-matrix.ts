/** Confusion matrix of a classifier: rows are true labels, columns predicted labels, over one shared label set. */
import { contingencyTable, distinctLabels, compareLabels, type ContingencyTable, type Label, type Labels } from './contingency.js';

/**
 * `labels` fixes the order and may add labels absent from both; by default it is every label seen
 * in truth or pred, ascending.
 */
export function confusionMatrix(truth: Labels, pred: Labels, labels?: readonly Label[]): ContingencyTable {
  const all = labels ?? [...new Set([...distinctLabels(truth, 'truth'), ...distinctLabels(pred, 'pred')])].sort(compareLabels);
  return contingencyTable(truth, pred, all, all);
}
