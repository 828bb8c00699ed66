/**
 * Tempora's series distances by name, and the matrices of them that k-medoids and the nearest-
 * centre searches need. Each distance prepares every series once (SBD and KSC keep its spectra),
 * so a matrix of n series costs n preparations and one comparison per pair.
 */
import { checkChoice, checkNumber } from '../base/check-options.js';
import { Dtw, windowRadius } from './dtw.js';
import { euclidean } from './euclidean.js';
import type { PreparedSeries } from './cross-correlation.js';
import { KscDistance, type KscPreparedSeries } from './ksc-distance.js';
import { ShapeBasedDistance } from './sbd.js';
import { seriesRow, type SeriesSet } from './series-set.js';

export const DISTANCE_NAMES = ['euclidean', 'dtw', 'sbd', 'ksc'] as const;
export type DistanceName = (typeof DISTANCE_NAMES)[number];

export interface SeriesDistanceOptions {
  /** Which distance. Default 'sbd'. */
  distance?: DistanceName;
  /** DTW's Sakoe-Chiba window as a fraction of the length (0.1 = 10 %); default 1 (unconstrained). */
  window?: number;
}

/** A distance between series of one shape, with whatever it precomputes per series. */
export interface PreparedDistance<P = unknown> {
  prepare(values: Float64Array): P;
  between(x: P, y: P): number;
}

/** Progress of a distance matrix: rows done out of rows. */
export type MatrixProgress = (done: number, total: number) => void;

export function checkDistanceOptions(options: SeriesDistanceOptions): Required<SeriesDistanceOptions> {
  const distance = checkChoice<DistanceName>('distance', options.distance ?? 'sbd', DISTANCE_NAMES);
  const window = checkNumber('window', options.window ?? 1, 0);
  windowRadius(window, 1);
  return { distance, window };
}

/** The named distance for series of `channels` × `length` values. KSC's, not symmetric, is made so by averaging both directions. */
export function preparedDistance(length: number, channels: number, options: SeriesDistanceOptions): PreparedDistance {
  const { distance, window } = checkDistanceOptions(options);
  switch (distance) {
    case 'euclidean':
      return { prepare: (values) => values, between: euclidean } satisfies PreparedDistance<Float64Array>;
    case 'dtw': {
      const dtw = new Dtw(length, { window: windowRadius(window, length), channels });
      return { prepare: (values) => values, between: (x, y) => dtw.distance(x, y) } satisfies PreparedDistance<Float64Array>;
    }
    case 'sbd': {
      const sbd = new ShapeBasedDistance(length, channels);
      return { prepare: (values) => sbd.prepare(values), between: (x, y) => sbd.distance(x, y) } satisfies PreparedDistance<PreparedSeries>;
    }
    case 'ksc': {
      const ksc = new KscDistance(length, channels);
      return {
        prepare: (values) => ksc.prepare(values),
        between: (x, y) => (ksc.distance(x, y) + ksc.distance(y, x)) / 2,
      } satisfies PreparedDistance<KscPreparedSeries>;
    }
  }
}

/** The symmetric n × n matrix of distances between the rows of `set` (row-major, zero diagonal). */
export function pairwiseDistances(set: SeriesSet, options: SeriesDistanceOptions, onProgress?: MatrixProgress): Float64Array {
  const n = set.rows;
  const distance = preparedDistance(set.length, set.channels, options);
  const prepared = Array.from({ length: n }, (_, i) => distance.prepare(seriesRow(set, i)));
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = distance.between(prepared[i], prepared[j]);
      out[i * n + j] = d;
      out[j * n + i] = d;
    }
    onProgress?.(i + 1, n);
  }
  return out;
}

/** The a.rows × b.rows matrix of distances from every row of `a` to every row of `b` (same shape of series). */
export function crossDistances(a: SeriesSet, b: SeriesSet, options: SeriesDistanceOptions, onProgress?: MatrixProgress): Float64Array {
  const distance = preparedDistance(a.length, a.channels, options);
  const fromB = Array.from({ length: b.rows }, (_, j) => distance.prepare(seriesRow(b, j)));
  const out = new Float64Array(a.rows * b.rows);
  for (let i = 0; i < a.rows; i++) {
    const x = distance.prepare(seriesRow(a, i));
    for (let j = 0; j < b.rows; j++) out[i * b.rows + j] = distance.between(x, fromB[j]);
    onProgress?.(i + 1, a.rows);
  }
  return out;
}
