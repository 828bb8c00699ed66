/**
 * The loop pieces of k-Shape and KSC, which differ only in their distance and centroid: distances
 * from each centroid to every series, remembering the shift that aligns each series to each
 * centroid, so that the next centroid is computed from the members aligned to the current one.
 */
import { seriesRow, type SeriesSet } from '../distances/series-set.js';
import type { CentroidMethod } from './centroid-clustering.js';

/** A distance that also reports the shift of its second series that attains it. */
export interface ShiftingDistance<Prepared> {
  prepare(values: Float64Array): Prepared;
  distance(centroid: Prepared, series: Prepared): number;
  /** Shift of the last `distance` call. */
  readonly shift: number;
}

/** A centroid from members (views of the set's rows), each moved by its shift (none when null). */
export type AlignedCentroid = (members: Float64Array[], shifts: Int32Array | null, previous: Float64Array | null) => Float64Array;

export class ShiftAlignedMethod<Prepared> implements CentroidMethod {
  private readonly prepared: Prepared[];
  /** shifts[i * k + j]: series i moved this far matches centroid j best (from the last distances call). */
  private shifts = new Int32Array(0);
  private k = 0;

  constructor(
    private readonly set: SeriesSet,
    private readonly measure: ShiftingDistance<Prepared>,
    private readonly centroidOf: AlignedCentroid,
  ) {
    this.prepared = Array.from({ length: set.rows }, (_, i) => measure.prepare(seriesRow(set, i)));
  }

  centroid(cluster: number, members: Int32Array, previous: Float64Array | null): Float64Array {
    const k = this.k;
    const shifts = previous === null ? null : Int32Array.from(members, (i) => this.shifts[i * k + cluster]!);
    return this.centroidOf(Array.from(members, (i) => seriesRow(this.set, i)), shifts, previous);
  }

  distances(centroids: readonly Float64Array[], _labels: Int32Array | null, out: Float64Array): void {
    const k = centroids.length;
    this.k = k;
    if (this.shifts.length !== this.prepared.length * k) this.shifts = new Int32Array(this.prepared.length * k);
    const preparedCentroids = centroids.map((c) => this.measure.prepare(c));
    for (let i = 0; i < this.prepared.length; i++) {
      for (let j = 0; j < k; j++) {
        out[i * k + j] = this.measure.distance(preparedCentroids[j]!, this.prepared[i]!);
        this.shifts[i * k + j] = this.measure.shift;
      }
    }
  }
}
