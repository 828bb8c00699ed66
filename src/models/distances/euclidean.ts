/** The Euclidean distance between equal-length series (all channels together), and its square. */

/** Σ (x − y)² over every channel and step. */
export function squaredEuclidean(x: Float64Array, y: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - y[i]!;
    sum += d * d;
  }
  return sum;
}

/** √Σ (x − y)²: not squared. */
export function euclidean(x: Float64Array, y: Float64Array): number {
  return Math.sqrt(squaredEuclidean(x, y));
}
