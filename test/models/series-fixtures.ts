/** Small generated classification data for the ResNet tests: K shapes plus seeded noise. */
import { Random } from '../../src/core/random.js';

export function shapes(rows: number, length: number, classes: number, seed = 1): { x: Float64Array[]; y: Int32Array } {
  const rng = new Random(seed);
  const x: Float64Array[] = [];
  const y = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    const c = row % classes;
    y[row] = c;
    x.push(Float64Array.from({ length }, (_, t) => Math.sin(((c + 1) * Math.PI * t) / length) + 0.3 * rng.normal()));
  }
  return { x, y };
}

/** The tiny network every estimator test trains. */
export const TINY = { filters: [4, 6], kernelSizes: [3, 2], epochs: 3, batchSize: 8 } as const;
