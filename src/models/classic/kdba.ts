/**
 * k-DBA: k-means under dynamic time warping with DTW Barycenter Averaging as the centroid, and a
 * Sakoe-Chiba window. Starts from k-means++ seeding under DTW (as tslearn's TimeSeriesKMeans);
 * the nearest-centroid search abandons a DTW as soon as it exceeds the best so far.
 */
import type { Random } from '../../core/random.js';
import { checkInteger } from '../check-options.js';
import { Dtw, windowRadius } from '../distances/dtw.js';
import { seriesRow, type SeriesSet } from '../distances/series-set.js';
import type { CentroidMethod } from './centroid-clustering.js';
import { CentroidClusterer, LoopClusterer, type CentroidClustererOptions } from './centroid-clusterer.js';
import { dtwBarycenter } from './dba.js';

export interface KDbaOptions extends CentroidClustererOptions {
  /**
   * Sakoe-Chiba window as a fraction of the length (radius ⌊window·length⌋ steps). Default 0.1,
   * the usual UCR setting: faster than unconstrained DTW and no less accurate on most datasets.
   */
  window?: number;
  /** Most DBA rounds per centroid update. Default 10. */
  dbaIterations?: number;
}

const KIND = 'KDBA';

/** k-DBA; defaults: nInit 1 (each run costs many DTW alignments), maxIter 50, window 0.1, dbaIterations 10, seed 0. */
export class KDba extends LoopClusterer<KDbaOptions> {
  readonly window: number;
  readonly dbaIterations: number;

  constructor(options: KDbaOptions) {
    super(KIND, options, { nInit: 1, maxIter: 50 });
    this.window = options.window ?? 0.1;
    windowRadius(this.window, 1);
    this.dbaIterations = checkInteger('dbaIterations', options.dbaIterations ?? 10, 1);
  }

  protected override method(set: SeriesSet): CentroidMethod {
    return new KDbaMethod(set, new Dtw(set.length, { window: windowRadius(this.window, set.length), channels: set.channels }), this.dbaIterations);
  }

  protected override config(): Partial<KDbaOptions> {
    return { ...super.config(), window: this.window, dbaIterations: this.dbaIterations };
  }

  static load(dir: string): KDba {
    return CentroidClusterer.loadInto(dir, KIND, (config: KDbaOptions) => new KDba(config));
  }
}

class KDbaMethod implements CentroidMethod {
  constructor(
    private readonly set: SeriesSet,
    private readonly dtw: Dtw,
    private readonly dbaIterations: number,
  ) {}

  /** k-means++ under squared DTW: each next centroid a series drawn with probability ∝ its squared distance to the chosen ones. */
  seed(k: number, random: Random): Float64Array[] {
    const n = this.set.rows;
    const chosen = [seriesRow(this.set, random.int(n)).slice()];
    const nearest = new Float64Array(n).fill(Infinity);
    while (chosen.length < k) {
      const last = chosen[chosen.length - 1]!;
      let total = 0;
      for (let i = 0; i < n; i++) {
        nearest[i] = Math.min(nearest[i]!, this.dtw.squaredDistance(seriesRow(this.set, i), last, nearest[i]!));
        total += nearest[i]!;
      }
      let pick = n - 1;
      let target = random.next() * total;
      for (let i = 0; i < n; i++) {
        target -= nearest[i]!;
        if (target < 0) {
          pick = i;
          break;
        }
      }
      chosen.push(seriesRow(this.set, pick).slice());
    }
    return chosen;
  }

  centroid(_cluster: number, members: Int32Array, previous: Float64Array | null): Float64Array {
    const rows = Array.from(members, (i) => seriesRow(this.set, i));
    return dtwBarycenter(rows, previous ?? rows[0]!, this.dtw, this.dbaIterations);
  }

  distances(centroids: readonly Float64Array[], labels: Int32Array | null, out: Float64Array): void {
    const k = centroids.length;
    for (let i = 0; i < this.set.rows; i++) {
      const series = seriesRow(this.set, i);
      // The current centroid first gives a tight cutoff for the others.
      const first = labels === null || labels[i]! < 0 ? 0 : labels[i]!;
      let best = this.dtw.squaredDistance(series, centroids[first]!);
      out[i * k + first] = Math.sqrt(best);
      for (let j = 0; j < k; j++) {
        if (j === first) continue;
        const d = this.dtw.squaredDistance(series, centroids[j]!, labels === null ? Infinity : best);
        out[i * k + j] = Math.sqrt(d);
        if (d < best) best = d;
      }
    }
  }
}
