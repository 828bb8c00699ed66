/** Tiny DTCR settings and two-class data for fast tests. */
import type { DtcrOptions } from '../../../src/models/dtcr/options.js';

export const TINY: Partial<DtcrOptions> & { nClusters: number } = {
  nClusters: 2,
  units: [4, 3],
  dilations: [1, 2],
  headUnits: 6,
  epochs: 3,
  indicatorUpdateEvery: 2,
  kmeansRestarts: 2,
  learningRate: 1e-2,
  seed: 1,
};

/** rows series of the given length: half sines, half ramps. */
export function twoShapes(rows = 8, length = 16): number[][] {
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length }, (_, t) => (r % 2 === 0 ? Math.sin((2 * Math.PI * t) / length + r * 0.1) : (2 * t) / length - 1 + 0.05 * r)),
  );
}
