/**
 * Generated series of two plainly different shapes (a bump and a step), moved at random, noisy, and
 * z-normalised per channel as UCR data is, for the clustering tests.
 */
import { Random } from '../../../src/core/random.js';
import { zNormalize } from '../../../src/data/normalize.js';
import type { SeriesBatch } from '../../../src/nn/input.js';
import type { SeriesSet } from '../../../src/models/distances/series-set.js';

/** Shifts are up to `maxShift` steps (default length / 8). */
export function twoShapes(
  perClass: number,
  length: number,
  seed: number,
  channels = 1,
  maxShift = Math.floor(length / 8),
): { set: SeriesSet; batch: SeriesBatch; classes: Int32Array } {
  const random = new Random(seed);
  const rows = 2 * perClass;
  const data = new Float64Array(rows * channels * length);
  const classes = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    const shape = row % 2;
    classes[row] = shape;
    const shift = random.int(maxShift + 1);
    for (let c = 0; c < channels; c++) {
      for (let t = 0; t < length; t++) {
        const u = (t - shift) / length;
        const clean = shape === 0 ? Math.exp(-(((u - 0.4) / 0.08) ** 2)) : u < 0.5 ? -1 : 1;
        data[(row * channels + c) * length + t] = (c === 0 ? clean : -clean) + 0.05 * random.normal();
      }
      const start = (row * channels + c) * length;
      data.set(zNormalize(data.subarray(start, start + length)), start);
    }
  }
  // The estimators' batch layout is time-major, channels innermost.
  const values = new Float64Array(data.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++) {
      for (let t = 0; t < length; t++) values[(r * length + t) * channels + c] = data[(r * channels + c) * length + t]!;
    }
  }
  return { set: { data, rows, channels, length }, batch: { values, shape: [rows, length, channels] }, classes };
}

/** True when the found clusters are exactly the classes (up to renaming). */
export function sameGrouping(found: Int32Array, classes: Int32Array): boolean {
  const map = new Map<number, number>();
  const back = new Map<number, number>();
  for (let i = 0; i < found.length; i++) {
    const f = found[i]!;
    const c = classes[i]!;
    if ((map.has(f) && map.get(f) !== c) || (back.has(c) && back.get(c) !== f)) return false;
    map.set(f, c);
    back.set(c, f);
  }
  return true;
}
