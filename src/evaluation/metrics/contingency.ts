/**
 * The contingency table of two labellings of the same items: how many items have truth label r
 * and predicted label c. Every pair-counting, information and matching metric is computed from it.
 */
import { OptionError } from '../../core/errors.js';

/** Labels of items: numbers (cluster or class ids) or any label text. */
export type Labels = ArrayLike<number> | readonly string[];

export type Label = number | string;

export interface ContingencyTable {
  /** counts[r * cols + c]: items with truth rowLabels[r] and prediction colLabels[c]. */
  readonly counts: Float64Array;
  readonly rows: number;
  readonly cols: number;
  /** Distinct truth labels in ascending order (or the labels given). */
  readonly rowLabels: readonly Label[];
  /** Distinct predicted labels in ascending order (or the labels given). */
  readonly colLabels: readonly Label[];
  readonly rowSums: Float64Array;
  readonly colSums: Float64Array;
  /** Number of items. */
  readonly n: number;
}

/**
 * Counts co-occurrences of `truth` and `pred` labels. Row and column label sets default to the
 * distinct values of each labelling; pass them to fix the order or to include absent labels.
 */
export function contingencyTable(
  truth: Labels,
  pred: Labels,
  rowLabels: readonly Label[] = distinctLabels(truth, 'truth'),
  colLabels: readonly Label[] = distinctLabels(pred, 'pred'),
): ContingencyTable {
  if (truth.length !== pred.length) {
    throw new OptionError(`truth has ${truth.length} labels but pred has ${pred.length}; they must label the same items`);
  }
  const rowIndex = indexOf(rowLabels);
  const colIndex = indexOf(colLabels);
  const rows = rowLabels.length;
  const cols = colLabels.length;
  const counts = new Float64Array(rows * cols);
  const rowSums = new Float64Array(rows);
  const colSums = new Float64Array(cols);
  for (let i = 0; i < truth.length; i++) {
    const r = rowIndex.get(truth[i]!);
    const c = colIndex.get(pred[i]!);
    if (r === undefined) throw new OptionError(`truth label ${String(truth[i])} (item ${i}) is not among the row labels`);
    if (c === undefined) throw new OptionError(`pred label ${String(pred[i])} (item ${i}) is not among the column labels`);
    counts[r * cols + c]!++;
    rowSums[r]!++;
    colSums[c]!++;
  }
  return { counts, rows, cols, rowLabels, colLabels, rowSums, colSums, n: truth.length };
}

/** Distinct labels in ascending order (numeric for numbers, code-unit order for text). */
export function distinctLabels(labels: Labels, what = 'labels'): Label[] {
  const seen = new Set<Label>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (typeof label === 'number' && Number.isNaN(label)) throw new OptionError(`${what} item ${i} is NaN; labels must be numbers or text`);
    seen.add(label);
  }
  return [...seen].sort(compareLabels);
}

export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function indexOf(labels: readonly Label[]): Map<Label, number> {
  return new Map(labels.map((label, i) => [label, i]));
}
