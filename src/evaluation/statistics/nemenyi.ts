/**
 * Nemenyi post-hoc test (Demšar 2006, section 3.2.2): two methods differ significantly when their
 * average ranks differ by at least CD = q_alpha * sqrt(k(k+1) / 6N), with q_alpha the studentized
 * range quantile (infinite degrees of freedom) divided by sqrt 2.
 */
import { OptionError } from '../../core/errors.js';
import { studentizedRangeQuantile } from './distributions.js';

export function nemenyiQ(methods: number, alpha = 0.05): number {
  if (methods < 2) throw new OptionError(`nemenyi: needs at least 2 methods, got ${methods}`);
  if (!(alpha > 0 && alpha < 1)) throw new OptionError(`nemenyi: alpha must be in (0,1), got ${alpha}`);
  return studentizedRangeQuantile(1 - alpha, methods) / Math.SQRT2;
}

export function criticalDifference(methods: number, datasets: number, alpha = 0.05): number {
  return nemenyiQ(methods, alpha) * Math.sqrt((methods * (methods + 1)) / (6 * datasets));
}

export interface NemenyiResult {
  readonly criticalDifference: number;
  readonly alpha: number;
  /** significant[i][j]: methods i and j differ by at least the critical difference. */
  readonly significant: readonly (readonly boolean[])[];
  /**
   * Maximal groups of methods (indices, best rank first) whose ranks lie within CD of each other:
   * the bars of a critical-difference diagram.
   */
  readonly cliques: readonly (readonly number[])[];
}

export function nemenyiTest(averageRanks: readonly number[], datasets: number, alpha = 0.05): NemenyiResult {
  const k = averageRanks.length;
  const cd = criticalDifference(k, datasets, alpha);
  const significant = averageRanks.map((ri) => averageRanks.map((rj) => Math.abs(ri - rj) >= cd));
  const order = averageRanks.map((r, i) => [r, i] as const).sort((a, b) => a[0] - b[0]);
  const cliques: number[][] = [];
  let lastEnd = -1;
  for (let start = 0; start < k; start++) {
    let end = start;
    while (end + 1 < k && order[end + 1]![0] - order[start]![0] < cd) end++;
    // Keep only groups not contained in the previous one, and of two or more methods.
    if (end > lastEnd && end > start) cliques.push(order.slice(start, end + 1).map(([, i]) => i));
    lastEnd = Math.max(lastEnd, end);
  }
  return { criticalDifference: cd, alpha, significant, cliques };
}
