/**
 * Label-free scores of a clustering, for choosing K without labels (Rousseeuw 1987; Caliński and
 * Harabasz 1974; Davies and Bouldin 1979), as scikit-learn defines them, on Euclidean distances:
 *
 * - silhouette (default): how much closer each point is to its own cluster than to the next one,
 *   in [-1, 1], higher is better; it needs pairwise distances, so beyond `sampleSize` rows it is
 *   computed on a seeded sample (as scikit-learn's sample_size);
 * - Calinski-Harabasz: between- over within-cluster dispersion, higher is better; linear in the
 *   rows, so cheap on large files, but it keeps growing with K on data without clear clusters;
 * - Davies-Bouldin: mean worst ratio of cluster spread to centre distance, lower is better; also
 *   linear, and bounded below by 0.
 */
import { OptionError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import type { RowMatrix } from '../../models/base/matrix.js';

export type ValidityCriterion = 'silhouette' | 'calinski-harabasz' | 'davies-bouldin';
export const VALIDITY_CRITERIA: readonly ValidityCriterion[] = ['silhouette', 'calinski-harabasz', 'davies-bouldin'];

/** Whether a higher value of the criterion means a better clustering. */
export function higherIsBetter(criterion: ValidityCriterion): boolean {
  return criterion !== 'davies-bouldin';
}

export interface ValidityOptions {
  /** Silhouette: rows at most, a seeded sample beyond. Default 2000. */
  readonly sampleSize?: number;
  /** Seed of that sample. Default 0. */
  readonly seed?: number;
}

export function clusterValidity(criterion: ValidityCriterion, x: RowMatrix, labels: ArrayLike<number>, options: ValidityOptions = {}): number {
  switch (criterion) {
    case 'silhouette':
      return silhouetteScore(x, labels, options);
    case 'calinski-harabasz':
      return calinskiHarabasz(x, labels);
    case 'davies-bouldin':
      return daviesBouldin(x, labels);
    default:
      throw new OptionError(`criterion must be one of ${VALIDITY_CRITERIA.join(', ')}, got '${String(criterion)}'`);
  }
}

/** Cluster count K (labels 0..K-1); needs 2 <= K <= rows - 1. */
function clusterCount(x: RowMatrix, labels: ArrayLike<number>): number {
  if (labels.length !== x.rows) throw new OptionError(`${labels.length} labels for ${x.rows} rows`);
  let k = 0;
  for (let i = 0; i < labels.length; i++) k = Math.max(k, labels[i]! + 1);
  if (k < 2 || k > x.rows - 1) throw new OptionError(`a validity score needs 2 to rows - 1 (${x.rows - 1}) clusters, got ${k}`);
  return k;
}

function distance(x: RowMatrix, i: number, j: number): number {
  const { data, cols } = x;
  let sum = 0;
  for (let t = 0, a = i * cols, b = j * cols; t < cols; t++) {
    const d = data[a + t]! - data[b + t]!;
    sum += d * d;
  }
  return Math.sqrt(sum);
}

/** Mean silhouette coefficient; a point alone in its cluster scores 0 (Rousseeuw's convention). */
export function silhouetteScore(x: RowMatrix, labels: ArrayLike<number>, options: ValidityOptions = {}): number {
  const k = clusterCount(x, labels);
  const sampleSize = options.sampleSize ?? 2000;
  let rows = Array.from({ length: x.rows }, (_, i) => i);
  if (x.rows > sampleSize) rows = new Random(options.seed ?? 0).shuffle(rows).slice(0, sampleSize);
  const sizes = new Float64Array(k);
  for (const i of rows) sizes[labels[i]!]!++;
  const sums = new Float64Array(k);
  let total = 0;
  for (const i of rows) {
    sums.fill(0);
    for (const j of rows) if (j !== i) sums[labels[j]!]! += distance(x, i, j);
    const own = labels[i]!;
    if (sizes[own]! <= 1) continue;
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    const denominator = Math.max(a, b);
    total += denominator > 0 ? (b - a) / denominator : 0;
  }
  return total / rows.length;
}

/** Centroids [k × cols] and sizes of the clusters. */
function centroids(x: RowMatrix, labels: ArrayLike<number>, k: number): { centres: Float64Array; sizes: Float64Array } {
  const { data, rows, cols } = x;
  const centres = new Float64Array(k * cols);
  const sizes = new Float64Array(k);
  for (let i = 0; i < rows; i++) {
    const c = labels[i]!;
    sizes[c]!++;
    for (let t = 0; t < cols; t++) centres[c * cols + t]! += data[i * cols + t]!;
  }
  for (let c = 0; c < k; c++) for (let t = 0; t < cols; t++) centres[c * cols + t]! /= Math.max(1, sizes[c]!);
  return { centres, sizes };
}

export function calinskiHarabasz(x: RowMatrix, labels: ArrayLike<number>): number {
  const k = clusterCount(x, labels);
  const { data, rows, cols } = x;
  const { centres, sizes } = centroids(x, labels, k);
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let t = 0; t < cols; t++) mean[t]! += data[i * cols + t]! / rows;
  let between = 0;
  for (let c = 0; c < k; c++) {
    for (let t = 0; t < cols; t++) between += sizes[c]! * (centres[c * cols + t]! - mean[t]!) ** 2;
  }
  let within = 0;
  for (let i = 0; i < rows; i++) {
    const c = labels[i]!;
    for (let t = 0; t < cols; t++) within += (data[i * cols + t]! - centres[c * cols + t]!) ** 2;
  }
  return within === 0 ? 1 : (between * (rows - k)) / (within * (k - 1));
}

export function daviesBouldin(x: RowMatrix, labels: ArrayLike<number>): number {
  const k = clusterCount(x, labels);
  const { data, rows, cols } = x;
  const { centres, sizes } = centroids(x, labels, k);
  const spread = new Float64Array(k);
  for (let i = 0; i < rows; i++) {
    const c = labels[i]!;
    let sum = 0;
    for (let t = 0; t < cols; t++) sum += (data[i * cols + t]! - centres[c * cols + t]!) ** 2;
    spread[c]! += Math.sqrt(sum) / sizes[c]!;
  }
  const centreMatrix = { data: centres, rows: k, cols };
  let total = 0;
  for (let a = 0; a < k; a++) {
    let worst = 0;
    for (let b = 0; b < k; b++) {
      if (b === a) continue;
      const d = distance(centreMatrix, a, b);
      worst = Math.max(worst, d === 0 ? 0 : (spread[a]! + spread[b]!) / d);
    }
    total += worst;
  }
  return total / k;
}
