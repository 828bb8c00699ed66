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
import { CentroidClusterer, LoopClusterer, type CentroidClustererOptions } from './centroid-clusterer.js';
import { extractShape } from './shape-extraction.js';
import { ShiftAlignedMethod } from './shift-aligned-method.js';

/** k-Shape's options; defaults: nInit 10, maxIter 100 (the reference code's cap), seed 0. */
export type KShapeOptions = CentroidClustererOptions;

const KIND = 'KShape';

export class KShape extends LoopClusterer<KShapeOptions> {
  constructor(options: KShapeOptions) {
    super(KIND, options, { nInit: 10, maxIter: 100 });
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

  static load(dir: string): KShape {
    return CentroidClusterer.loadInto(dir, KIND, (config: KShapeOptions) => new KShape(config));
  }
}

/** Every channel of every series z-normalised (k-Shape compares shapes, not levels or scales). */
function zNormalizeSet(set: SeriesSet): SeriesSet {
  const data = new Float64Array(set.data.length);
  for (let start = 0; start < data.length; start += set.length) {
    data.set(zNormalize(set.data.subarray(start, start + set.length)), start);
  }
  return { ...set, data };
}
