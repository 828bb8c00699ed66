/**
 * Dynamic time warping between equal-length series with a Sakoe-Chiba band: the path may pair
 * steps i and j only when |i − j| ≤ window. Multivariate series are warped together (dependent
 * DTW): a cell costs the squared difference summed over channels. The distance is not squared:
 * √(least sum of cell costs along a path), so that window 0 gives the Euclidean distance.
 * A `Dtw` owns its buffers, so the hot loops allocate nothing.
 */
import { OptionError } from '../../core/errors.js';
import { checkInteger } from '../base/check-options.js';

export interface DtwOptions {
  /** Sakoe-Chiba radius in steps (0 = no warping); default: unconstrained (length − 1). */
  window?: number;
  /** Channels stored one after the other in each series (channel-major). Default 1. */
  channels?: number;
}

export class Dtw {
  readonly length: number;
  readonly channels: number;
  /** The radius actually used: the option clamped to length − 1. */
  readonly window: number;
  private readonly previous: Float64Array;
  private readonly current: Float64Array;
  /** Cell costs of the row being filled. */
  private readonly rowCost: Float64Array;
  /** The band of the cumulative-cost matrix, row i holding columns i − window .. i + window, for paths. */
  private band: Float64Array | null = null;

  constructor(length: number, options: DtwOptions = {}) {
    this.length = checkInteger('length', length, 1);
    this.channels = checkInteger('channels', options.channels ?? 1, 1);
    this.window = Math.min(checkInteger('window', options.window ?? length - 1, 0), length - 1);
    this.previous = new Float64Array(length);
    this.current = new Float64Array(length);
    this.rowCost = new Float64Array(length);
  }

  /** √ of the least total squared difference along a warping path (not squared). */
  distance(x: Float64Array, y: Float64Array): number {
    return Math.sqrt(this.squaredDistance(x, y));
  }

  /**
   * The least total squared difference along a warping path, or Infinity as soon as every path
   * is known to cost more than `cutoff` (early abandoning, for nearest-centre searches).
   */
  squaredDistance(x: Float64Array, y: Float64Array, cutoff = Infinity): number {
    this.checkPair(x, y);
    const m = this.length;
    const r = this.window;
    const cost = this.rowCost;
    let previous = this.previous;
    let current = this.current;
    previous.fill(Infinity);
    current.fill(Infinity);
    for (let i = 0; i < m; i++) {
      const lo = i > r ? i - r : 0;
      const hi = i + r < m ? i + r : m - 1;
      this.costs(x, i, y, lo, hi);
      let rowMin = Infinity;
      // Left of each row is outside the matrix, except for the start cell, whose cost is its own.
      let left = i === 0 ? 0 : Infinity;
      let diagonal = lo > 0 ? previous[lo - 1]! : Infinity;
      for (let j = lo; j <= hi; j++) {
        const up = previous[j]!;
        let best = diagonal < up ? diagonal : up;
        if (left < best) best = left;
        left = cost[j]! + best;
        current[j] = left;
        diagonal = up;
        if (left < rowMin) rowMin = left;
      }
      if (rowMin > cutoff) return Infinity;
      const swap = previous;
      previous = current;
      current = swap;
    }
    return previous[m - 1]!;
  }

  /**
   * An optimal warping path, written as pairs (pathX[p], pathY[p]) from (0, 0) to (m − 1, m − 1);
   * returns its length. Both arrays need room for 2m − 1 pairs. Ties prefer the diagonal step.
   */
  path(x: Float64Array, y: Float64Array, pathX: Int32Array, pathY: Int32Array): number {
    this.checkPair(x, y);
    const m = this.length;
    const r = this.window;
    const width = 2 * r + 1;
    if (pathX.length < 2 * m - 1 || pathY.length < 2 * m - 1) {
      throw new OptionError(`DTW path buffers need room for ${2 * m - 1} pairs, got ${Math.min(pathX.length, pathY.length)}`);
    }
    this.band ??= new Float64Array(m * width);
    const band = this.band.fill(Infinity);
    // Cell (i, j) lives at i * width + (j − i + r).
    for (let i = 0; i < m; i++) {
      const lo = i > r ? i - r : 0;
      const hi = i + r < m ? i + r : m - 1;
      const row = i * width - i + r;
      this.costs(x, i, y, lo, hi);
      for (let j = lo; j <= hi; j++) {
        let best: number;
        if (i === 0 && j === 0) best = 0;
        else {
          const diagonal = i > 0 && j > 0 ? band[row - width + j]! : Infinity;
          const up = i > 0 && j - i < r ? band[row - width + j + 1]! : Infinity;
          const left = j > lo ? band[row + j - 1]! : Infinity;
          best = diagonal <= up && diagonal <= left ? diagonal : up <= left ? up : left;
        }
        band[row + j] = this.rowCost[j]! + best;
      }
    }
    // Walk back from the end, then reverse.
    let i = m - 1;
    let j = m - 1;
    let steps = 0;
    for (;;) {
      pathX[steps] = i;
      pathY[steps] = j;
      steps++;
      if (i === 0 && j === 0) break;
      const diagonal = this.bandCell(band, i - 1, j - 1);
      const up = this.bandCell(band, i - 1, j);
      const left = this.bandCell(band, i, j - 1);
      if (diagonal <= up && diagonal <= left) {
        i--;
        j--;
      } else if (up <= left) i--;
      else j--;
    }
    pathX.subarray(0, steps).reverse();
    pathY.subarray(0, steps).reverse();
    return steps;
  }

  private bandCell(band: Float64Array, i: number, j: number): number {
    const r = this.window;
    return i < 0 || j < 0 || Math.abs(i - j) > r ? Infinity : band[i * (2 * r + 1) + (j - i + r)]!;
  }

  /** Squared differences between step i of x and steps lo..hi of y, summed over channels, into rowCost. */
  private costs(x: Float64Array, i: number, y: Float64Array, lo: number, hi: number): void {
    const cost = this.rowCost;
    const m = this.length;
    const xi = x[i]!;
    for (let j = lo; j <= hi; j++) {
      const d = xi - y[j]!;
      cost[j] = d * d;
    }
    for (let offset = m; offset < this.channels * m; offset += m) {
      const xc = x[offset + i]!;
      for (let j = lo; j <= hi; j++) {
        const d = xc - y[offset + j]!;
        cost[j]! += d * d;
      }
    }
  }

  private checkPair(x: Float64Array, y: Float64Array): void {
    const size = this.channels * this.length;
    if (x.length !== size || y.length !== size) {
      throw new OptionError(
        `DTW was set up for ${this.channels} channel(s) of length ${this.length} (${size} values); got series of ${x.length} and ${y.length} values`,
      );
    }
  }
}

/** DTW distance (not squared) between two equal-length series; see `Dtw`. */
export function dtw(x: Float64Array, y: Float64Array, options: DtwOptions = {}): number {
  const channels = options.channels ?? 1;
  return new Dtw(Math.floor(x.length / channels), options).distance(x, y);
}

/** The Sakoe-Chiba radius for a window given as a fraction of the length (0.1 = 10 %), rounded down. */
export function windowRadius(fraction: number, length: number): number {
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw new OptionError(`window must be a fraction of the length in [0, 1], got ${fraction}`);
  }
  return Math.floor(fraction * length);
}
