/**
 * Initial centres for k-means: greedy k-means++ (as scikit-learn does it: 2 + ⌊ln k⌋ candidates per
 * step, keep the one that lowers the potential most) or k distinct rows drawn at random.
 */
import type { Random } from '../../core/random.js';
import type { RowMatrix } from '../base/matrix.js';
import { squaredDistances } from './squared-distances.js';

export type KMeansInit = 'k-means++' | 'random';

export function initialCentres(
  method: KMeansInit,
  x: RowMatrix,
  xNorms: Float64Array,
  k: number,
  random: Random,
): RowMatrix {
  return method === 'random' ? randomRows(x, k, random) : kmeansPlusPlus(x, xNorms, k, random);
}

function kmeansPlusPlus(x: RowMatrix, xNorms: Float64Array, k: number, random: Random): RowMatrix {
  const { rows: n, cols: d } = x;
  const centres = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = random.int(n);
  centres.set(x.data.subarray(first * d, (first + 1) * d), 0);

  let closest = new Float64Array(n);
  squaredDistances(x, xNorms, rowsOf(x, [first]), normsOf(xNorms, [first]), 0, n, closest);
  let potential = sum(closest);

  const cumulative = new Float64Array(n);
  const candidateDistances = new Float64Array(n * trials);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) cumulative[i] = acc += closest[i]!;
    const candidates: number[] = [];
    for (let t = 0; t < trials; t++) {
      candidates.push(Math.min(searchSorted(cumulative, random.next() * potential), n - 1));
    }
    squaredDistances(x, xNorms, rowsOf(x, candidates), normsOf(xNorms, candidates), 0, n, candidateDistances);
    let best = 0;
    let bestPotential = Infinity;
    for (let t = 0; t < trials; t++) {
      let p = 0;
      for (let i = 0; i < n; i++) p += Math.min(closest[i]!, candidateDistances[i * trials + t]!);
      if (p < bestPotential) {
        bestPotential = p;
        best = t;
      }
    }
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) next[i] = Math.min(closest[i]!, candidateDistances[i * trials + best]!);
    closest = next;
    potential = bestPotential;
    const row = candidates[best]!;
    centres.set(x.data.subarray(row * d, (row + 1) * d), c * d);
  }
  return { data: centres, rows: k, cols: d };
}

function randomRows(x: RowMatrix, k: number, random: Random): RowMatrix {
  const chosen = Array.from(random.permutation(x.rows).subarray(0, k));
  return rowsOf(x, chosen);
}

function rowsOf(x: RowMatrix, rows: readonly number[]): RowMatrix {
  const d = x.cols;
  const data = new Float64Array(rows.length * d);
  rows.forEach((r, i) => data.set(x.data.subarray(r * d, (r + 1) * d), i * d));
  return { data, rows: rows.length, cols: d };
}

function normsOf(norms: Float64Array, rows: readonly number[]): Float64Array {
  return Float64Array.from(rows, (r) => norms[r]!);
}

/** First index whose cumulative value is >= target (numpy's searchsorted, side 'left'). */
function searchSorted(cumulative: Float64Array, target: number): number {
  let lo = 0;
  let hi = cumulative.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sum(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}
