/**
 * KSC's scale- and shift-invariant distance (Yang and Leskovec, WSDM 2011):
 * d(x, y) = min over a and s of ‖x − a·y₍ₛ₎‖ / ‖x‖, where y₍ₛ₎ is y moved s steps (zeros shifted
 * in) and a any real scale. The best a is x·y₍ₛ₎ / ‖y₍ₛ₎‖², which gives
 * d² = 1 − (x·y₍ₛ₎)² / (‖x‖²‖y₍ₛ₎‖²); every shift's x·y₍ₛ₎ comes from one FFT cross-correlation and
 * ‖y₍ₛ₎‖² from prefix sums. Not symmetric: it measures how much of x the best copy of y leaves
 * unexplained. Multivariate series share one shift and one scale across channels.
 */
import { CrossCorrelation, type PreparedSeries } from './cross-correlation.js';
import type { ShiftMatch } from './sbd.js';

/** Shifts leaving less than this share of y's energy are skipped: their scale would only fit rounding noise. */
const MIN_ENERGY_SHARE = 1e-12;

/** A prepared series plus the running energy of its steps (summed over channels), for ‖y₍ₛ₎‖². */
export interface KscPreparedSeries extends PreparedSeries {
  /** energy[t] = Σ_c Σ_{u < t} y_c[u]², length + 1 values. */
  readonly energy: Float64Array;
}

/** A distance, its shift and the scale a applied to y₍ₛ₎. */
export interface ScaledShiftMatch extends ShiftMatch {
  scale: number;
}

export class KscDistance {
  readonly correlation: CrossCorrelation;
  /** Shift and scale of the last `distance` call. */
  shift = 0;
  scale = 0;

  constructor(length: number, channels = 1) {
    this.correlation = new CrossCorrelation(length, channels);
  }

  prepare(values: Float64Array): KscPreparedSeries {
    const prepared = this.correlation.prepare(values);
    const { length, channels } = this.correlation;
    const energy = new Float64Array(length + 1);
    for (let t = 0; t < length; t++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += values[c * length + t]! ** 2;
      energy[t + 1] = energy[t]! + sum;
    }
    return { ...prepared, energy };
  }

  /** d(x, y) ∈ [0, 1]; 0 when x is all zeros (nothing to explain), 1 when y is. */
  distance(x: KscPreparedSeries, y: KscPreparedSeries): number {
    const { length } = this.correlation;
    this.shift = 0;
    this.scale = 0;
    if (x.squaredNorm === 0) return 0;
    if (y.squaredNorm === 0) return 1;
    const correlations = this.correlation.correlate(x, y);
    const floor = MIN_ENERGY_SHARE * y.squaredNorm;
    // Maximise (x·y₍ₛ₎)² / ‖y₍ₛ₎‖²: the share of ‖x‖² that the scaled, shifted y explains.
    let best = 0;
    for (let s = -(length - 1); s < length; s++) {
      // Moving right by s ≥ 0 keeps y[0 .. length − s); left by −s keeps y[−s .. length).
      const kept = s >= 0 ? y.energy[length - s]! : y.energy[length]! - y.energy[-s]!;
      if (kept <= floor) continue;
      const dot = correlations[s + length - 1]!;
      const explained = (dot * dot) / kept;
      if (explained > best) {
        best = explained;
        this.shift = s;
        this.scale = dot / kept;
      }
    }
    return Math.sqrt(Math.max(0, 1 - best / x.squaredNorm));
  }
}

/** KSC's distance from x to y (channels × length values each), with the shift and scale of y that attain it. */
export function kscDistance(x: Float64Array, y: Float64Array, channels = 1): ScaledShiftMatch {
  const ksc = new KscDistance(x.length / channels, channels);
  const distance = ksc.distance(ksc.prepare(x), ksc.prepare(y));
  return { distance, shift: ksc.shift, scale: ksc.scale };
}
