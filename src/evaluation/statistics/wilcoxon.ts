/**
 * Wilcoxon signed-rank test for paired scores (two methods over the same datasets), two-sided,
 * following Demšar (2006) and scipy.stats.wilcoxon: exact null distribution for n <= 50 without
 * zeros or ties, else the normal approximation with the tie correction.
 */
import { OptionError } from '../../core/errors.js';
import { normalCdf } from './distributions.js';
import { rankAverage, tieGroupSizes } from './ranks.js';

/**
 * How zero differences count: 'wilcox' drops them (scipy's default), 'pratt' ranks them and then
 * drops them, 'zsplit' splits their ranks evenly between R+ and R- (Demšar 2006).
 */
export type ZeroMethod = 'wilcox' | 'pratt' | 'zsplit';

export interface WilcoxonResult {
  /** Sum of ranks where a > b. */
  readonly rPlus: number;
  /** Sum of ranks where a < b. */
  readonly rMinus: number;
  /** min(R+, R-). */
  readonly statistic: number;
  readonly pValue: number;
  readonly method: 'exact' | 'normal';
  /** Number of pairs that entered the ranking. */
  readonly n: number;
}

export function wilcoxonSignedRank(a: readonly number[], b: readonly number[], zeroMethod: ZeroMethod = 'wilcox'): WilcoxonResult {
  if (a.length !== b.length) throw new OptionError(`wilcoxon: paired samples differ in length (${a.length} vs ${b.length})`);
  let d = a.map((x, i) => x - b[i]!);
  if (zeroMethod === 'wilcox') d = d.filter((x) => x !== 0);
  const n = d.length;
  if (n === 0) throw new OptionError('wilcoxon: every difference is zero; the test is undefined');
  const ranks = rankAverage(d.map(Math.abs));
  let rPlus = 0;
  let rMinus = 0;
  let rZero = 0;
  d.forEach((x, i) => {
    if (x > 0) rPlus += ranks[i]!;
    else if (x < 0) rMinus += ranks[i]!;
    else rZero += ranks[i]!;
  });
  if (zeroMethod === 'zsplit') {
    rPlus += rZero / 2;
    rMinus += rZero / 2;
  }
  const statistic = Math.min(rPlus, rMinus);
  const zeros = d.filter((x) => x === 0).length;
  // As scipy: under 'pratt' the zero differences leave the tie correction, under 'zsplit' they stay.
  const ties = tieGroupSizes(zeroMethod === 'pratt' ? ranks.filter((_, i) => d[i] !== 0) : ranks);
  if (n <= 50 && zeros === 0 && ties.length === 0) {
    return { rPlus, rMinus, statistic, pValue: exactPValue(statistic, n), method: 'exact', n };
  }
  let mean = (n * (n + 1)) / 4;
  let variance = (n * (n + 1) * (2 * n + 1)) / 24;
  if (zeroMethod === 'pratt') {
    mean -= (zeros * (zeros + 1)) / 4;
    variance -= (zeros * (zeros + 1) * (2 * zeros + 1)) / 24;
  }
  for (const t of ties) variance -= (t * (t * t - 1)) / 48;
  const z = (statistic - mean) / Math.sqrt(variance);
  const pValue = Math.min(1, 2 * normalCdf(-Math.abs(z)));
  return { rPlus, rMinus, statistic, pValue, method: 'normal', n };
}

/** Two-sided exact p-value: counts the subsets of ranks 1..n by their sum. */
function exactPValue(statistic: number, n: number): number {
  const max = (n * (n + 1)) / 2;
  const ways = new Float64Array(max + 1);
  ways[0] = 1;
  for (let r = 1; r <= n; r++) for (let s = max; s >= r; s--) ways[s] += ways[s - r]!;
  const total = 2 ** n;
  let below = 0;
  for (let s = 0; s <= Math.floor(statistic); s++) below += ways[s]!;
  return Math.min(1, (2 * below) / total);
}
