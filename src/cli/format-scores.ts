/** Clustering scores as the commands print them: one aligned line per metric. */
import type { ClusteringScores } from '../evaluation/metrics/clustering-scores.js';

const NAMES: readonly [keyof ClusteringScores, string][] = [
  ['ri', 'RI'],
  ['nmi', 'NMI'],
  ['ari', 'ARI'],
  ['acc', 'ACC'],
];

export function formatScores(scores: Partial<ClusteringScores>): string {
  return NAMES.filter(([key]) => scores[key] !== undefined)
    .map(([key, name]) => `${name.padEnd(4)}${scores[key]!.toFixed(4)}\n`)
    .join('');
}
