/**
 * k-medoids by PAM over any of Tempora's series distances: the clusters' representatives are
 * series of the data (medoids), so any distance works, at the price of the full n × n distance
 * matrix (reported row by row, then every SWAP exchange). PAM is deterministic: one run, and the
 * seed is not used.
 */
import { checkChoice } from '../base/check-options.js';
import { numberValue, type ClusteringMethod } from '../base/method-spec.js';
import { checkDistanceOptions, crossDistances, DISTANCE_NAMES, pairwiseDistances, type DistanceName } from '../distances/pairwise.js';
import { seriesRow, type SeriesSet } from '../distances/series-set.js';
import type { CentroidClustering } from './centroid-clustering.js';
import { CentroidClusterer, centroidClustererConfig, type CentroidClustererConfig, type CentroidClustererOptions, type StageReport } from './centroid-clusterer.js';
import { WINDOW_OPTION } from './kdba.js';
import { pam } from './pam.js';

export interface KMedoidsOptions extends Omit<CentroidClustererOptions, 'nInit'> {
  /** The distance between series. Default 'sbd'. */
  distance?: DistanceName;
  /** DTW's Sakoe-Chiba window as a fraction of the length; default 1 (unconstrained). Used by 'dtw' only. */
  window?: number;
}

export interface KMedoidsConfig extends CentroidClustererConfig {
  readonly distance: DistanceName;
  readonly window: number;
}

/** k-medoids' defaults: distance 'sbd', window 1, maxIter 100 SWAP exchanges (one deterministic run). */
export const KMEDOIDS_DEFAULTS = { nInit: 1, maxIter: 100, distance: 'sbd', window: 1 } as const;

export class KMedoids extends CentroidClusterer<KMedoidsConfig> {
  readonly kind = 'KMedoids';
  private medoidRows: Int32Array = new Int32Array(0);

  constructor(options: KMedoidsOptions) {
    const base = centroidClustererConfig('KMedoids', { ...options, nInit: 1 }, KMEDOIDS_DEFAULTS);
    super({ ...base, ...checkDistanceOptions({ distance: options.distance ?? KMEDOIDS_DEFAULTS.distance, window: options.window ?? KMEDOIDS_DEFAULTS.window }) });
  }

  /** Row (in the series fitted) of each medoid; empty after load. */
  get medoids(): Int32Array {
    return this.medoidRows;
  }

  protected override cluster(set: SeriesSet, report: StageReport): CentroidClustering {
    const { distance, window, nClusters, maxIter } = this.config;
    const matrix = pairwiseDistances(set, { distance, window }, (done, total) => report({ stage: 'distance matrix row', step: done, total }));
    const result = pam(matrix, set.rows, nClusters, maxIter, (swap, changed, cost) =>
      report({ stage: 'SWAP exchange', step: swap, total: maxIter, metrics: { changed, cost } }),
    );
    this.medoidRows = result.medoids;
    return {
      labels: result.labels,
      centroids: Array.from(result.medoids, (row) => seriesRow(set, row).slice()),
      cost: result.cost,
      iterations: result.swaps,
    };
  }

  protected override distancesTo(set: SeriesSet, centroids: readonly Float64Array[], out: Float64Array): void {
    const size = set.channels * set.length;
    const data = new Float64Array(centroids.length * size);
    centroids.forEach((c, j) => data.set(c, j * size));
    const medoids = { data, rows: centroids.length, channels: set.channels, length: set.length };
    out.set(crossDistances(set, medoids, { distance: this.config.distance, window: this.config.window }));
  }
}

export const KMEDOIDS_METHOD: ClusteringMethod = {
  name: 'kmedoids',
  description: 'k-medoids (PAM: BUILD then SWAP) over a series distance (--distance: sbd, dtw, euclidean or ksc; default sbd)',
  kind: 'KMedoids',
  options: [
    {
      key: 'distance',
      flags: '--distance <name>',
      description: `kmedoids: the series distance, one of ${DISTANCE_NAMES.join(', ')} (default sbd)`,
      parse: (v) => checkChoice<DistanceName>('--distance', String(v), DISTANCE_NAMES),
    },
    WINDOW_OPTION,
  ],
  usesTensors: false,
  inDtcrTable: true,
  learnsFrom: 'clustered',
  fromConfig: (c) => new KMedoids(c as KMedoidsOptions),
  create: (v) => new KMedoids({ nClusters: v.nClusters, seed: v.seed, distance: v['distance'] as DistanceName | undefined, window: numberValue(v, 'window') }),
};
