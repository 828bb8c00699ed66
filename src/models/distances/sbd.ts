/**
 * Shape-based distance (Paparrizos and Gravano, SIGMOD 2015): SBD(x, y) = 1 − max_s NCC_s(x, y),
 * where NCC_s is the cross-correlation at shift s over ‖x‖·‖y‖. It lies in [0, 2], is 0 for a
 * series with itself and does not change when either series is scaled or moved in time. For
 * multivariate series the correlations of the channels are summed at one common shift and divided
 * by the norms over all channels (their multivariate k-Shape).
 */
import { CrossCorrelation, type PreparedSeries } from './cross-correlation.js';

/** A distance with the shift that attains it: y moved `shift` steps right best matches x. */
export interface ShiftMatch {
  distance: number;
  shift: number;
}

export class ShapeBasedDistance {
  readonly correlation: CrossCorrelation;
  /** The shift of the last `distance` call. */
  shift = 0;

  constructor(length: number, channels = 1) {
    this.correlation = new CrossCorrelation(length, channels);
  }

  prepare(values: Float64Array): PreparedSeries {
    return this.correlation.prepare(values);
  }

  /** SBD of two prepared series; a series of zeros is at distance 1 from everything. */
  distance(x: PreparedSeries, y: PreparedSeries): number {
    const { length } = this.correlation;
    const scale = Math.sqrt(x.squaredNorm * y.squaredNorm);
    if (scale === 0) {
      this.shift = 0;
      return 1;
    }
    const correlations = this.correlation.correlate(x, y);
    // First maximum from the most negative shift, as the reference code's argmax.
    let best = -Infinity;
    let at = 0;
    for (let i = 0; i < correlations.length; i++) {
      const value = correlations[i]!;
      if (value > best) {
        best = value;
        at = i;
      }
    }
    this.shift = at - (length - 1);
    return 1 - best / scale;
  }
}

/** SBD between two series (channels × length values each) and the shift of y that attains it. */
export function sbd(x: Float64Array, y: Float64Array, channels = 1): ShiftMatch {
  const distance = new ShapeBasedDistance(x.length / channels, channels);
  const d = distance.distance(distance.prepare(x), distance.prepare(y));
  return { distance: d, shift: distance.shift };
}
