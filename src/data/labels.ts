/**
 * Class labels: original label text <-> class index 0..K-1. Numeric labels are compared as numbers
 * ("1.0" and "1" are one class, written "1") and sorted numerically (-1,1 -> 0,1; 3..8 -> 0..5);
 * any other set of labels is sorted as strings.
 */
import { isNumericText } from './values.js';
import type { LabelledSplit } from './types.js';

/** The text a label is known by: numbers in their shortest form, anything else trimmed. */
export function canonicalLabel(text: string): string {
  const t = text.trim();
  return isNumericText(t) ? String(Number(t)) : t;
}

/** Distinct canonical labels in class order: numerically when all are numbers, else as strings. */
export function orderClassNames(labels: Iterable<string>): string[] {
  const distinct = [...new Set(Array.from(labels, canonicalLabel))];
  if (distinct.every(isNumericText)) return distinct.sort((a, b) => Number(a) - Number(b));
  return distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Class indices of raw labels (null = no label -> -1) against the given class names. */
export function indexLabels(raw: readonly (string | null)[], classNames: readonly string[]): Int32Array {
  const index = new Map(classNames.map((name, i) => [name, i]));
  const labels = new Int32Array(raw.length);
  raw.forEach((text, row) => {
    labels[row] = text === null ? -1 : (index.get(canonicalLabel(text)) ?? -1);
  });
  return labels;
}

/**
 * Re-indexes splits so that they share one mapping: the union of their classes, in class order.
 * Returns new splits (series arrays are shared, not copied) and the common class names.
 */
export function unifyLabels(splits: readonly LabelledSplit[]): {
  splits: LabelledSplit[];
  classNames: string[];
} {
  const classNames = orderClassNames(splits.flatMap((s) => s.classNames));
  const unified = splits.map((split) => {
    const raw = Array.from(split.labels, (label) => (label < 0 ? null : split.classNames[label]!));
    return { ...split, labels: indexLabels(raw, classNames), classNames };
  });
  return { splits: unified, classNames };
}
