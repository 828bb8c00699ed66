/**
 * The leading eigenvector of RᵀR for a row matrix R, by power iteration: k-Shape's shape
 * extraction and KSC's spectral centroid both need only this one vector, and two matrix-vector
 * products per step (O(rows·cols)) beat a full eigendecomposition (O(cols³)) on long series,
 * especially warm-started from the previous centroid.
 */

export interface PowerIterationOptions {
  /** Stop when the vector moves by less than this (Euclidean norm, unit vectors). Default 1e-10. */
  tol?: number;
  /** Most steps. Default 1000. */
  maxIter?: number;
}

/**
 * Unit eigenvector of RᵀR (R: rows × cols, row-major) for its largest eigenvalue, from `start`
 * (any vector not orthogonal to it). All zeros when R is zero.
 */
export function leadingEigenvector(
  r: Float64Array,
  rows: number,
  cols: number,
  start: Float64Array,
  options: PowerIterationOptions = {},
): Float64Array {
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 1000;
  let v = Float64Array.from(start);
  if (!normalise(v)) v.fill(1 / Math.sqrt(cols));
  let next = new Float64Array(cols);
  const projected = new Float64Array(rows);
  for (let step = 0; step < maxIter; step++) {
    for (let i = 0; i < rows; i++) {
      let sum = 0;
      const offset = i * cols;
      for (let t = 0; t < cols; t++) sum += r[offset + t]! * v[t]!;
      projected[i] = sum;
    }
    next.fill(0);
    for (let i = 0; i < rows; i++) {
      const weight = projected[i]!;
      const offset = i * cols;
      for (let t = 0; t < cols; t++) next[t]! += weight * r[offset + t]!;
    }
    if (!normalise(next)) return next;
    let moved = 0;
    for (let t = 0; t < cols; t++) moved += (next[t]! - v[t]!) ** 2;
    [v, next] = [next, v];
    if (moved < tol * tol) break;
  }
  return v;
}

/** Scales to unit norm in place; false (and untouched) when the vector is zero. */
function normalise(v: Float64Array): boolean {
  let norm = 0;
  for (let t = 0; t < v.length; t++) norm += v[t]! * v[t]!;
  if (norm === 0) return false;
  const scale = 1 / Math.sqrt(norm);
  for (let t = 0; t < v.length; t++) v[t]! *= scale;
  return true;
}
