/**
 * Friedman test over k methods and N datasets (Demšar 2006, section 3.2.2), with the
 * Iman-Davenport F statistic, which Demšar recommends as less conservative.
 */
import { OptionError } from '../../core/errors.js';
import { chiSquareSurvival, fSurvival } from './distributions.js';
import { averageRanks } from './ranks.js';

export interface FriedmanResult {
  readonly averageRanks: readonly number[];
  /** Number of datasets N and methods k. */
  readonly datasets: number;
  readonly methods: number;
  readonly chiSquare: number;
  readonly chiSquarePValue: number;
  /** Iman-Davenport F_F with (k-1, (k-1)(N-1)) degrees of freedom. */
  readonly imanDavenport: number;
  readonly imanDavenportPValue: number;
}

/** From average ranks already computed (lets worked examples be checked exactly). */
export function friedmanFromRanks(ranks: readonly number[], datasets: number): FriedmanResult {
  const k = ranks.length;
  const n = datasets;
  if (k < 2 || n < 2) throw new OptionError(`friedman: needs at least 2 methods and 2 datasets (got ${k} and ${n})`);
  const sumSquares = ranks.reduce((s, r) => s + r * r, 0);
  const chiSquare = ((12 * n) / (k * (k + 1))) * (sumSquares - (k * (k + 1) ** 2) / 4);
  const df1 = k - 1;
  const df2 = (k - 1) * (n - 1);
  const denominator = n * (k - 1) - chiSquare;
  // All datasets rank the methods identically: the statistic is infinite and p is 0.
  const imanDavenport = denominator <= 0 ? Infinity : ((n - 1) * chiSquare) / denominator;
  return {
    averageRanks: ranks,
    datasets: n,
    methods: k,
    chiSquare,
    chiSquarePValue: chiSquareSurvival(chiSquare, df1),
    imanDavenport,
    imanDavenportPValue: Number.isFinite(imanDavenport) ? fSurvival(imanDavenport, df1, df2) : 0,
  };
}

/** `scores[d][m]`: score of method m on dataset d (higher is better unless told otherwise). */
export function friedmanTest(scores: readonly (readonly number[])[], higherIsBetter = true): FriedmanResult {
  return friedmanFromRanks(averageRanks(scores, higherIsBetter), scores.length);
}
