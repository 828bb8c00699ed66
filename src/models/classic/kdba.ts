/**
 * k-DBA: k-means under dynamic time warping with DTW Barycenter Averaging as the centroid, and a
 * Sakoe-Chiba window. Starts from k-means++ seeding under DTW (as tslearn's TimeSeriesKMeans);
 * the nearest-centroid search abandons a DTW as soon as it exceeds the best so far.
 */
import type { Random } from '../../core/random.js';
import { checkInteger } from '../base/check-options.js';
import { Dtw, windowRadius } from '../distances/dtw.js';
import { seriesRow, type SeriesSet } from '../distances/series-set.js';
import type { CentroidMethod } from './centroid-clustering.js';
import { numberValue, type ClusteringMethod, type MethodOption } from '../base/method-spec.js';
import { centroidClustererConfig, LoopClusterer, type CentroidClustererConfig, type CentroidClustererOptions } from './centroid-clusterer.js';
import { N_INIT_OPTION } from './kmeans.js';
import { parseNumber } from '../../core/parse-options.js';
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

export interface KDbaConfig extends CentroidClustererConfig {
  readonly window: number;
  readonly dbaIterations: number;
}

/** k-DBA's defaults: nInit 1 (a run costs many DTW alignments), maxIter 50, window 0.1, dbaIterations 10, seed 0. */
export const KDBA_DEFAULTS = { nInit: 1, maxIter: 50, window: 0.1, dbaIterations: 10 } as const;

export class KDba extends LoopClusterer<KDbaConfig> {
  readonly kind = 'KDBA';

  constructor(options: KDbaOptions) {
    const window = options?.window ?? KDBA_DEFAULTS.window;
    windowRadius(window, 1);
    super({
      ...centroidClustererConfig('KDBA', options, KDBA_DEFAULTS),
      window,
      dbaIterations: checkInteger('dbaIterations', options.dbaIterations ?? KDBA_DEFAULTS.dbaIterations, 1),
    });
  }

  protected override method(set: SeriesSet): CentroidMethod {
    const dtw = new Dtw(set.length, { window: windowRadius(this.config.window, set.length), channels: set.channels });
    return new KDbaMethod(set, dtw, this.config.dbaIterations);
  }
}

/** --window, DTW's Sakoe-Chiba window for the methods that warp. */
export const WINDOW_OPTION: MethodOption = {
  key: 'window',
  flags: '--window <fraction>',
  description: "DTW's Sakoe-Chiba window as a fraction of the length (kdba: 0.1; kmedoids with --distance dtw: 1)",
  parse: (v) => parseNumber('--window', v, (n) => n >= 0 && n <= 1, 'a fraction of the length in [0, 1]'),
};

export const KDBA_METHOD: ClusteringMethod = {
  name: 'kdba',
  description: 'k-DBA: k-means under DTW (10 % window) with DTW Barycenter Averaging, k-means++ seeding, one run',
  kind: 'KDBA',
  options: [N_INIT_OPTION, WINDOW_OPTION],
  usesTensors: false,
  inDtcrTable: true,
  dtcrPaperColumn: 'KDBA',
  learnsFrom: 'clustered',
  fromConfig: (c) => new KDba(c as KDbaOptions),
  create: (v) => new KDba({ nClusters: v.nClusters, seed: v.seed, nInit: numberValue(v, 'nInit'), window: numberValue(v, 'window') }),
};

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
