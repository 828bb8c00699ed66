/**
 * Squared Euclidean distances between rows and centres, the inner loop of k-means.
 *
 * Uses ||x||² − 2 x·c + ||c||² so that the work is dot products, and computes two rows against four
 * centres per pass so that every value loaded serves several multiply-adds (plain JS has no BLAS),
 * or in the native addon when it is built (src/backend/clustering-kernels.ts).
 */
import { clusteringKernels } from '../../backend/clustering-kernels.js';
import type { RowMatrix } from '../base/matrix.js';

/** ||row||² for every row. */
export function rowSquaredNorms(matrix: RowMatrix): Float64Array {
  const { data, rows, cols } = matrix;
  const norms = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    const offset = r * cols;
    for (let c = 0; c < cols; c++) {
      const v = data[offset + c]!;
      sum += v * v;
    }
    norms[r] = sum;
  }
  return norms;
}

/**
 * For rows [start, end) of `x` (or of `rowIndex`, the rows to use, when given), writes the squared
 * distance of the i-th of them to centre j into `out[(i - start) * k + j]` (clamped at 0 against
 * rounding). `out` must hold (end − start) × k.
 */
export function squaredDistances(
  x: RowMatrix,
  xNorms: Float64Array,
  centres: RowMatrix,
  centreNorms: Float64Array,
  start: number,
  end: number,
  out: Float64Array,
  rowIndex?: Int32Array,
): void {
  const d = x.cols;
  const k = centres.rows;
  const native = clusteringKernels();
  if (native !== null) {
    native.squaredDistances(x.data, d, rowIndex ?? null, start, end, xNorms, centres.data, k, centreNorms, out);
    return;
  }
  const xs = x.data;
  const cs = centres.data;
  let i = start;
  for (; i + 1 < end; i += 2) {
    const rowA = rowIndex === undefined ? i : rowIndex[i]!;
    const rowB = rowIndex === undefined ? i + 1 : rowIndex[i + 1]!;
    const a = rowA * d;
    const b = rowB * d;
    const outA = (i - start) * k;
    const outB = outA + k;
    let j = 0;
    for (; j + 3 < k; j += 4) {
      const c0 = j * d;
      const c1 = c0 + d;
      const c2 = c1 + d;
      const c3 = c2 + d;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
      for (let t = 0; t < d; t++) {
        const xa = xs[a + t]!;
        const xb = xs[b + t]!;
        const v0 = cs[c0 + t]!;
        const v1 = cs[c1 + t]!;
        const v2 = cs[c2 + t]!;
        const v3 = cs[c3 + t]!;
        a0 += xa * v0;
        a1 += xa * v1;
        a2 += xa * v2;
        a3 += xa * v3;
        b0 += xb * v0;
        b1 += xb * v1;
        b2 += xb * v2;
        b3 += xb * v3;
      }
      const na = xNorms[rowA]!;
      const nb = xNorms[rowB]!;
      out[outA + j] = clamp(na - 2 * a0 + centreNorms[j]!);
      out[outA + j + 1] = clamp(na - 2 * a1 + centreNorms[j + 1]!);
      out[outA + j + 2] = clamp(na - 2 * a2 + centreNorms[j + 2]!);
      out[outA + j + 3] = clamp(na - 2 * a3 + centreNorms[j + 3]!);
      out[outB + j] = clamp(nb - 2 * b0 + centreNorms[j]!);
      out[outB + j + 1] = clamp(nb - 2 * b1 + centreNorms[j + 1]!);
      out[outB + j + 2] = clamp(nb - 2 * b2 + centreNorms[j + 2]!);
      out[outB + j + 3] = clamp(nb - 2 * b3 + centreNorms[j + 3]!);
    }
    for (; j < k; j++) {
      const c0 = j * d;
      let sa = 0, sb = 0;
      for (let t = 0; t < d; t++) {
        const v = cs[c0 + t]!;
        sa += xs[a + t]! * v;
        sb += xs[b + t]! * v;
      }
      out[outA + j] = clamp(xNorms[rowA]! - 2 * sa + centreNorms[j]!);
      out[outB + j] = clamp(xNorms[rowB]! - 2 * sb + centreNorms[j]!);
    }
  }
  for (; i < end; i++) {
    const row = rowIndex === undefined ? i : rowIndex[i]!;
    const a = row * d;
    const outA = (i - start) * k;
    for (let j = 0; j < k; j++) {
      const c0 = j * d;
      let s = 0;
      for (let t = 0; t < d; t++) s += xs[a + t]! * cs[c0 + t]!;
      out[outA + j] = clamp(xNorms[row]! - 2 * s + centreNorms[j]!);
    }
  }
}

/** Exact squared distance between row i of `x` and row j of `centres` (no cancellation). */
export function squaredDistance(x: RowMatrix, i: number, centres: RowMatrix, j: number): number {
  const d = x.cols;
  const a = i * d;
  const c = j * d;
  let s = 0;
  for (let t = 0; t < d; t++) {
    const diff = x.data[a + t]! - centres.data[c + t]!;
    s += diff * diff;
  }
  return s;
}

function clamp(v: number): number {
  return v > 0 ? v : 0;
}
