/**
 * One run of Lloyd's k-means algorithm with scikit-learn's stopping rules, accelerated with
 * Hamerly's bounds: each row keeps an upper bound on the distance to its centre and a lower bound
 * on the distance to any other, so that rows which cannot change cluster skip the k distance
 * computations. The assignments are those of plain Lloyd; only the work differs.
 */
import type { RowMatrix } from '../base/matrix.js';
import { rowSquaredNorms, squaredDistance, squaredDistances } from './squared-distances.js';

interface ClusterTotals {
  /** k × d sums of the rows of every cluster. */
  sums: Float64Array;
  counts: Float64Array;
}

export interface LloydResult {
  centres: RowMatrix;
  labels: Int32Array;
  /** Sum of squared distances of the rows to their centres. */
  inertia: number;
  iterations: number;
}

/** Rows per block of the distance computation: keeps the block's distances in cache. */
const BLOCK_ROWS = 256;
/** Relative rounding margin of ||x||² − 2x·c + ||c||², kept off lower bounds so they stay bounds. */
const ROUNDING = 1e-12;

/**
 * Runs from `start` until the labels stop changing, the centres move (in total squared distance) by
 * at most `tolerance`, or `maxIter` iterations; then assigns once more if the centres moved after
 * the last assignment, so that labels and centres match.
 */
export function lloyd(x: RowMatrix, xNorms: Float64Array, start: RowMatrix, maxIter: number, tolerance: number): LloydResult {
  const { rows: n, cols: d } = x;
  const k = start.rows;
  let centres = start;
  const labels = new Int32Array(n).fill(-1);
  const upper = new Float64Array(n).fill(Infinity);
  const lower = new Float64Array(n);
  // Cluster sums and sizes, kept up to date as rows change cluster.
  const totals: ClusterTotals = { sums: new Float64Array(k * d), counts: new Float64Array(k) };
  let iterations = 0;
  let strict = false;
  for (let it = 0; it < maxIter; it++) {
    iterations = it + 1;
    const changed = assignWithBounds(x, xNorms, centres, labels, upper, lower, totals);
    // The repair changes this iteration's centres only (the rows keep their labels), as in scikit-learn.
    const sums = totals.sums.slice();
    const counts = totals.counts.slice();
    if (counts.includes(0)) relocateEmptyClusters(x, centres, labels, sums, counts);
    const moves = new Float64Array(k);
    let shift = 0;
    for (let j = 0; j < k; j++) {
      // A cluster still empty after the repair (more empty clusters than usable rows) stays put.
      const count = counts[j]!;
      const inv = 1 / count;
      let move = 0;
      for (let t = 0; t < d; t++) {
        const value = count > 0 ? sums[j * d + t]! * inv : centres.data[j * d + t]!;
        const delta = value - centres.data[j * d + t]!;
        move += delta * delta;
        sums[j * d + t] = value;
      }
      shift += move;
      moves[j] = Math.sqrt(move);
    }
    centres = { data: sums, rows: k, cols: d };
    loosenBounds(labels, upper, lower, moves);
    if (changed === 0) {
      strict = true;
      break;
    }
    if (shift <= tolerance) break;
  }
  if (!strict) assignWithBounds(x, xNorms, centres, labels, upper, lower);
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += squaredDistance(x, i, centres, labels[i]!);
  return { centres, labels, inertia, iterations };
}

/** Nearest centre of every row (for new data: no bounds to reuse). */
export function nearestCentres(x: RowMatrix, centres: RowMatrix): Int32Array {
  const n = x.rows;
  const labels = new Int32Array(n).fill(-1);
  assignWithBounds(x, rowSquaredNorms(x), centres, labels, new Float64Array(n), new Float64Array(n));
  return labels;
}

/**
 * Moves every row whose bounds cannot rule it out to its nearest centre, tightening its bounds;
 * rows labelled −1 are always computed. Keeps `totals` (when given) in step with the labels.
 * Returns how many labels changed.
 */
function assignWithBounds(
  x: RowMatrix,
  xNorms: Float64Array,
  centres: RowMatrix,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  totals?: ClusterTotals,
): number {
  const n = x.rows;
  const k = centres.rows;
  const centreNorms = rowSquaredNorms(centres);
  const half = halfDistanceToNearestOtherCentre(centres);
  const todo = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const a = labels[i]!;
    if (a >= 0) {
      const bound = Math.max(half[a]!, lower[i]!);
      if (upper[i]! <= bound) continue;
      upper[i] = Math.sqrt(squaredDistance(x, i, centres, a));
      if (upper[i]! <= bound) continue;
    }
    todo[count++] = i;
  }
  let changed = 0;
  const block = new Float64Array(BLOCK_ROWS * k);
  for (let start = 0; start < count; start += BLOCK_ROWS) {
    const end = Math.min(count, start + BLOCK_ROWS);
    squaredDistances(x, xNorms, centres, centreNorms, start, end, block, todo);
    for (let b = start; b < end; b++) {
      const i = todo[b]!;
      const offset = (b - start) * k;
      let best = 0;
      let bestDistance = block[offset]!;
      let second = Infinity;
      for (let j = 1; j < k; j++) {
        const v = block[offset + j]!;
        if (v < bestDistance) {
          second = bestDistance;
          bestDistance = v;
          best = j;
        } else if (v < second) second = v;
      }
      const previous = labels[i]!;
      if (previous !== best) {
        changed++;
        if (totals !== undefined) moveRow(x, i, previous, best, totals);
      }
      labels[i] = best;
      upper[i] = Math.sqrt(squaredDistance(x, i, centres, best));
      const margin = ROUNDING * (xNorms[i]! + centreNorms[best]! + 1);
      lower[i] = Math.sqrt(Math.max(0, second - margin));
    }
  }
  return changed;
}

function moveRow(x: RowMatrix, row: number, from: number, to: number, totals: ClusterTotals): void {
  const d = x.cols;
  const data = x.data;
  const sums = totals.sums;
  const offset = row * d;
  if (from >= 0) {
    totals.counts[from]!--;
    for (let t = 0; t < d; t++) sums[from * d + t]! -= data[offset + t]!;
  }
  totals.counts[to]!++;
  for (let t = 0; t < d; t++) sums[to * d + t]! += data[offset + t]!;
}

/** After centres move by `moves`, bounds loosen by as much (the lower one by the largest other move). */
function loosenBounds(labels: Int32Array, upper: Float64Array, lower: Float64Array, moves: Float64Array): void {
  let largest = 0;
  let largestAt = -1;
  let secondLargest = 0;
  moves.forEach((m, j) => {
    if (m > largest) {
      secondLargest = largest;
      largest = m;
      largestAt = j;
    } else if (m > secondLargest) secondLargest = m;
  });
  for (let i = 0; i < labels.length; i++) {
    const a = labels[i]!;
    upper[i]! += moves[a]!;
    lower[i]! -= a === largestAt ? secondLargest : largest;
  }
}

/** Half the distance from each centre to its nearest other centre (Infinity when k = 1). */
function halfDistanceToNearestOtherCentre(centres: RowMatrix): Float64Array {
  const k = centres.rows;
  const half = new Float64Array(k).fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const h = Math.sqrt(squaredDistance(centres, a, centres, b)) / 2;
      if (h < half[a]!) half[a] = h;
      if (h < half[b]!) half[b] = h;
    }
  }
  return half;
}

/**
 * Gives every empty cluster one of the rows farthest from their centres (scikit-learn's repair):
 * the row moves its contribution from its old cluster's sum to the empty one.
 */
function relocateEmptyClusters(
  x: RowMatrix,
  centres: RowMatrix,
  labels: Int32Array,
  sums: Float64Array,
  counts: Float64Array,
): void {
  const empty: number[] = [];
  counts.forEach((count, j) => {
    if (count === 0) empty.push(j);
  });
  const d = x.cols;
  const distances = Float64Array.from(labels, (label, i) => squaredDistance(x, i, centres, label));
  const farthest = Array.from(distances.keys())
    .sort((a, b) => distances[b]! - distances[a]! || a - b)
    .slice(0, empty.length);
  empty.forEach((cluster, e) => {
    const row = farthest[e]!;
    const old = labels[row]!;
    for (let t = 0; t < d; t++) {
      const v = x.data[row * d + t]!;
      sums[old * d + t]! -= v;
      sums[cluster * d + t] = v;
    }
    counts[old]!--;
    counts[cluster] = 1;
  });
}
