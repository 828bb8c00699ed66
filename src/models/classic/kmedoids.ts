/**
 * k-medoids by PAM over any of Tempora's series distances: the clusters' representatives are
 * series of the data (medoids), so any distance works, at the price of the full n × n distance
 * matrix. PAM is deterministic: no restarts, and the seed is not used.
 */
import { crossDistances, checkDistanceOptions, pairwiseDistances, type DistanceName, type MatrixProgress } from '../distances/pairwise.js';
import { seriesRow, type SeriesSet } from '../distances/series-set.js';
import type { CentroidClustering } from './centroid-clustering.js';
import { CentroidClusterer, type CentroidClustererOptions } from './centroid-clusterer.js';
import { pam } from './pam.js';

export interface KMedoidsOptions extends Omit<CentroidClustererOptions, 'nInit'> {
  /** The distance between series. Default 'sbd'. */
  distance?: DistanceName;
  /** DTW's Sakoe-Chiba window as a fraction of the length; default 1 (unconstrained). Used by 'dtw' only. */
  window?: number;
  /** Called after each row of the distance matrix, the long part of the fit. */
  onDistances?: MatrixProgress;
}

const KIND = 'KMedoids';

/** k-medoids (PAM); defaults: distance 'sbd', maxIter 100 SWAP exchanges; progress reports each exchange (as `iteration`). */
export class KMedoids extends CentroidClusterer<KMedoidsOptions> {
  readonly distance: DistanceName;
  readonly window: number;
  private readonly onDistances: MatrixProgress | undefined;
  private medoidRows: Int32Array = new Int32Array(0);

  constructor(options: KMedoidsOptions) {
    super(KIND, options, { nInit: 1, maxIter: 100 });
    ({ distance: this.distance, window: this.window } = checkDistanceOptions(options));
    this.onDistances = options.onDistances;
  }

  /** Row (in the data fitted) of each medoid; empty after load. */
  get medoids(): Int32Array {
    return this.medoidRows;
  }

  protected override cluster(set: SeriesSet): CentroidClustering {
    const options = { distance: this.distance, window: this.window };
    const matrix = pairwiseDistances(set, options, this.onDistances);
    const result = pam(matrix, set.rows, this.k, this.maxIter, (swap, changed, cost) =>
      this.onProgress?.({ run: 1, runs: 1, iteration: swap, changed, cost }),
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
    out.set(crossDistances(set, medoids, { distance: this.distance, window: this.window }));
  }

  protected override config(): Partial<KMedoidsOptions> {
    return { k: this.k, maxIter: this.maxIter, distance: this.distance, window: this.window };
  }

  static load(dir: string): KMedoids {
    return CentroidClusterer.loadInto(dir, KIND, (config: KMedoidsOptions) => new KMedoids(config));
  }
}
