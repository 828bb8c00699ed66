/**
 * Clustering accuracy: the fraction of items labelled correctly under the best one-to-one matching
 * of clusters to classes, found with the Hungarian algorithm (the `munkres` package, O(n³)).
 */
import { munkres } from 'munkres';
import { contingencyTable, type Labels } from './contingency.js';

/**
 * With more clusters than classes (or the reverse) the surplus ones match nothing and count as
 * wrong. 1 for empty input.
 */
export function clusteringAccuracy(truth: Labels, pred: Labels): number {
  const { counts, rows, cols, n } = contingencyTable(truth, pred);
  if (n === 0) return 1;
  // Maximise matched items = minimise (largest count − count).
  let largest = 0;
  for (let i = 0; i < counts.length; i++) largest = Math.max(largest, counts[i]!);
  const cost = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => largest - counts[r * cols + c]!));
  let matched = 0;
  for (const [r, c] of munkres(cost)) matched += counts[r * cols + c]!;
  return matched / n;
}
