/**
 * k-Shape (Paparrizos and Gravano, SIGMOD 2015; multivariate form in their TODS 2017 paper):
 * k-means under the shape-based distance, with shape extraction as the centroid. As the reference
 * code: series z-normalised, a random initial assignment, at most 100 passes; restarts keep the
 * run with the lowest Σ SBD².
 */
import { zNormalize } from '../../data/normalize.js';
import { ShapeBasedDistance } from '../distances/sbd.js';
import type { SeriesSet } from '../distances/series-set.js';
import type { CentroidMethod } from './centroid-clustering.js';
import { numberValue, type ClusteringMethod } from '../base/method-spec.js';
import { centroidClustererConfig, LoopClusterer, type CentroidClustererConfig, type CentroidClustererOptions } from './centroid-clusterer.js';
import { N_INIT_OPTION } from './kmeans.js';
import { extractShape } from './shape-extraction.js';
import { ShiftAlignedMethod } from './shift-aligned-method.js';

export type KShapeOptions = CentroidClustererOptions;

/** k-Shape's defaults: nInit 10 restarts, maxIter 100 (the reference code's cap), seed 0. */
export const KSHAPE_DEFAULTS = { nInit: 10, maxIter: 100 } as const;

export class KShape extends LoopClusterer<CentroidClustererConfig> {
  readonly kind = 'KShape';

  constructor(options: KShapeOptions) {
    super(centroidClustererConfig('KShape', options, KSHAPE_DEFAULTS));
  }

  protected override prepareInput(set: SeriesSet): SeriesSet {
    return zNormalizeSet(set);
  }

  protected override method(set: SeriesSet): CentroidMethod {
    // SBD(centroid, series) gives the shift that moves the series onto the centroid.
    return new ShiftAlignedMethod(set, new ShapeBasedDistance(set.length, set.channels), (members, shifts, previous) =>
      extractShape(members, shifts, set.channels, set.length, previous),
    );
  }
}

export const KSHAPE_METHOD: ClusteringMethod = {
  name: 'kshape',
  description: 'k-Shape (Paparrizos and Gravano 2015): SBD and shape extraction on the z-normalised series, 10 restarts from random assignments',
  kind: 'KShape',
  options: [N_INIT_OPTION],
  usesTensors: false,
  inDtcrTable: true,
  dtcrPaperColumn: 'kShape',
  lafabregueColumn: 'kshape',
  learnsFrom: 'clustered',
  fromConfig: (c) => new KShape(c as KShapeOptions),
  create: (v) => new KShape({ nClusters: v.nClusters, seed: v.seed, nInit: numberValue(v, 'nInit') }),
};

/** Every channel of every series z-normalised (k-Shape compares shapes, not levels or scales). */
function zNormalizeSet(set: SeriesSet): SeriesSet {
  const data = new Float64Array(set.data.length);
  for (let start = 0; start < data.length; start += set.length) {
    data.set(zNormalize(set.data.subarray(start, start + set.length)), start);
  }
  return { ...set, data };
}
