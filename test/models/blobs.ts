/** Small generated data sets shared by the model tests. */
import { Random } from '../../src/core/random.js';

/** Points around the given centres (one blob per centre), `sizes[j]` points of spread `spreads[j]`. */
export function gaussianBlobs(
  centres: readonly (readonly number[])[],
  sizes: readonly number[],
  spreads: readonly number[],
  seed: number,
): { x: number[][]; labels: number[] } {
  const random = new Random(seed);
  const x: number[][] = [];
  const labels: number[] = [];
  centres.forEach((centre, j) => {
    for (let i = 0; i < sizes[j]!; i++) {
      x.push(centre.map((c) => random.normal(c, spreads[j]!)));
      labels.push(j);
    }
  });
  return { x, labels };
}

/** The fixed set whose scikit-learn results are written into the tests: 3 blobs in 3 dimensions. */
export function threeBlobs(): { x: number[][]; labels: number[] } {
  return gaussianBlobs(
    [
      [0, 0, 0],
      [5, 5, 0],
      [0, 6, 6],
    ],
    [100, 80, 60],
    [1, 0.5, 1],
    7,
  );
}
