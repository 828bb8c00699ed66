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
import { CentroidClusterer, LoopClusterer, type CentroidClustererOptions } from './centroid-clusterer.js';
import { leadingEigenvector } from './leading-eigenvector.js';
import { ShiftAlignedMethod } from './shift-aligned-method.js';

/** KSC's options; defaults: nInit 10, maxIter 100 (the authors' cap), seed 0. */
export type KscOptions = CentroidClustererOptions;

const KIND = 'KSC';

export class Ksc extends LoopClusterer<KscOptions> {
  constructor(options: KscOptions) {
    super(KIND, options, { nInit: 10, maxIter: 100 });
  }

  protected override method(set: SeriesSet): CentroidMethod {
    // As the authors' code: how much of the centroid the best scaled, shifted series leaves unexplained.
    return new ShiftAlignedMethod(set, new KscDistance(set.length, set.channels), (members, shifts, previous) =>
      spectralCentroid(members, shifts, set.channels, previous),
    );
  }

  static load(dir: string): Ksc {
    return CentroidClusterer.loadInto(dir, KIND, (config: KscOptions) => new Ksc(config));
  }
}

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
