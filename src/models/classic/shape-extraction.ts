/**
 * k-Shape's centroid (Paparrizos and Gravano, SIGMOD 2015): align every member to the current
 * centroid by SBD, z-normalise the aligned series, and take the leading eigenvector of
 * Σ yᵢyᵢᵀ (its Rayleigh quotient is the sum of squared correlations with the members); per channel
 * for multivariate series. The eigenvector's sign is chosen to agree with the members, and the
 * result is z-normalised.
 */
import { zNormalize } from '../../data/normalize.js';
import { shiftSeries } from '../distances/shift.js';
import { leadingEigenvector } from './leading-eigenvector.js';

/**
 * The shape of `members` (each channels × length values, channel-major), each moved by its
 * `shifts` entry (0 when `shifts` is null) and `previous` as the warm start.
 */
export function extractShape(
  members: readonly Float64Array[],
  shifts: Int32Array | null,
  channels: number,
  length: number,
  previous: Float64Array | null,
): Float64Array {
  const shape = new Float64Array(channels * length);
  if (members.length === 0) return shape;
  const aligned = members.map((values, i) =>
    shifts === null || shifts[i] === 0 ? values : shiftSeries(values, shifts[i]!, channels, new Float64Array(values.length)),
  );
  const rows = new Float64Array(members.length * length);
  for (let c = 0; c < channels; c++) {
    const sum = new Float64Array(length);
    aligned.forEach((values, i) => {
      const normalised = zNormalize(values.subarray(c * length, (c + 1) * length));
      rows.set(normalised, i * length);
      for (let t = 0; t < length; t++) sum[t]! += normalised[t]!;
    });
    const warm = previous?.subarray(c * length, (c + 1) * length);
    const vector = leadingEigenvector(rows, members.length, length, warm !== undefined && hasEnergy(warm) ? warm : sum);
    let agreement = 0;
    for (let t = 0; t < length; t++) agreement += vector[t]! * sum[t]!;
    if (agreement < 0) for (let t = 0; t < length; t++) vector[t] = -vector[t]!;
    shape.set(zNormalize(vector), c * length);
  }
  return shape;
}

function hasEnergy(values: Float64Array): boolean {
  return values.some((v) => v !== 0);
}
