/**
 * DTW Barycenter Averaging (Petitjean, Ketterlin and Gançarski, Pattern Recognition 2011): align
 * every member to the current average by DTW, then replace each step of the average by the mean
 * of the member values warped onto it; repeat until the average stops moving.
 */
import type { Dtw } from '../distances/dtw.js';

/** Stop when no value of the average moves by more than this share of its largest magnitude. */
const STILL = 1e-12;

/**
 * The DBA average of `members` (channels × length values each, the shape `dtw` was made for),
 * refined from `start` for at most `iterations` rounds.
 */
export function dtwBarycenter(members: readonly Float64Array[], start: Float64Array, dtw: Dtw, iterations: number): Float64Array {
  const { length, channels } = dtw;
  let average = Float64Array.from(start);
  if (members.length === 0) return average;
  const pathX = new Int32Array(2 * length - 1);
  const pathY = new Int32Array(2 * length - 1);
  const sums = new Float64Array(channels * length);
  const counts = new Float64Array(length);
  for (let round = 0; round < iterations; round++) {
    sums.fill(0);
    counts.fill(0);
    for (const member of members) {
      const steps = dtw.path(average, member, pathX, pathY);
      for (let p = 0; p < steps; p++) {
        const i = pathX[p]!;
        const j = pathY[p]!;
        counts[i]!++;
        for (let c = 0, offset = 0; c < channels; c++, offset += length) sums[offset + i]! += member[offset + j]!;
      }
    }
    let moved = 0;
    let largest = 0;
    const next = new Float64Array(channels * length);
    for (let c = 0, offset = 0; c < channels; c++, offset += length) {
      for (let i = 0; i < length; i++) {
        const value = sums[offset + i]! / counts[i]!;
        next[offset + i] = value;
        moved = Math.max(moved, Math.abs(value - average[offset + i]!));
        largest = Math.max(largest, Math.abs(value));
      }
    }
    average = next;
    if (moved <= STILL * largest) break;
  }
  return average;
}
