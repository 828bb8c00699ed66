/**
 * K-Spectral Centroid clustering (Yang and Leskovec, WSDM 2011): k-means under KSC's scale- and
 * shift-invariant distance, whose centroid minimising Σ d(xᵢ, μ)² is the leading eigenvector of
 * Σ x̂ᵢx̂ᵢᵀ over the members aligned to the current centroid and scaled to unit norm. As the
 * authors' code: a random initial assignment, every shift searched, at most 100 passes. The series
 * are used as given (KSC is invariant to scale, not to level); multivariate series share one shift
 * and one scale across channels.
 */
import { KscDistance } from '../distances/ksc-distance.js';
import type { SeriesSet } from '../distances/series-set.js';
import { shiftSeries } from '../distances/shift.js';
import type { CentroidMethod } from './centroid-clustering.js';
import { numberValue, type ClusteringMethod } from '../base/method-spec.js';
import { centroidClustererConfig, LoopClusterer, type CentroidClustererConfig, type CentroidClustererOptions } from './centroid-clusterer.js';
import { N_INIT_OPTION } from './kmeans.js';
import { leadingEigenvector } from './leading-eigenvector.js';
import { ShiftAlignedMethod } from './shift-aligned-method.js';

export type KscOptions = CentroidClustererOptions;

/** KSC's defaults: nInit 10 restarts, maxIter 100 (the authors' cap), seed 0. */
export const KSC_DEFAULTS = { nInit: 10, maxIter: 100 } as const;

export class Ksc extends LoopClusterer<CentroidClustererConfig> {
  readonly kind = 'KSC';

  constructor(options: KscOptions) {
    super(centroidClustererConfig('KSC', options, KSC_DEFAULTS));
  }

  protected override method(set: SeriesSet): CentroidMethod {
    // As the authors' code: how much of the centroid the best scaled, shifted series leaves unexplained.
    return new ShiftAlignedMethod(set, new KscDistance(set.length, set.channels), (members, shifts, previous) =>
      spectralCentroid(members, shifts, set.channels, previous),
    );
  }
}

export const KSC_METHOD: ClusteringMethod = {
  name: 'ksc',
  description: 'K-Spectral Centroid (Yang and Leskovec 2011): scale- and shift-invariant distance, spectral centroids, 10 restarts',
  kind: 'KSC',
  options: [N_INIT_OPTION],
  usesTensors: false,
  inDtcrTable: true,
  dtcrPaperColumn: 'KSC',
  learnsFrom: 'clustered',
  fromConfig: (c) => new Ksc(c as KscOptions),
  create: (v) => new Ksc({ nClusters: v.nClusters, seed: v.seed, nInit: numberValue(v, 'nInit') }),
};

/**
 * The spectral centroid of `members` (channels × length values each), each moved by its `shifts`
 * entry (none when null): a unit vector, signed to agree with the members. `previous` warm-starts
 * the eigenvector search.
 */
export function spectralCentroid(members: readonly Float64Array[], shifts: Int32Array | null, channels: number, previous: Float64Array | null): Float64Array {
  const size = members[0]?.length ?? 0;
  const rows = new Float64Array(members.length * size);
  const sum = new Float64Array(size);
  members.forEach((values, i) => {
    const row = rows.subarray(i * size, (i + 1) * size);
    if (shifts === null) row.set(values);
    else shiftSeries(values, shifts[i]!, channels, row);
    let norm = 0;
    for (let t = 0; t < size; t++) norm += row[t]! * row[t]!;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let t = 0; t < size; t++) {
      row[t]! *= scale;
      sum[t]! += row[t]!;
    }
  });
  const start = previous !== null && previous.some((v) => v !== 0) ? previous : sum;
  const centroid = leadingEigenvector(rows, members.length, size, start);
  let agreement = 0;
  for (let t = 0; t < size; t++) agreement += centroid[t]! * sum[t]!;
  if (agreement < 0) for (let t = 0; t < size; t++) centroid[t] = -centroid[t]!;
  return centroid;
}
