/**
 * The relaxed cluster indicator F [N,K] of DTCR's k-means term and the term itself.
 *
 * With the representations as rows R [N,d] (H = Rᵀ, d x N as in the paper):
 *   Tr(HᵀH) - Tr(FᵀHᵀHF) = sum(R²) - ||RᵀF||²,
 * minimised over orthonormal F by the top-K right singular vectors of H (Ky Fan), i.e. the top-K
 * eigenvectors of the Gram matrix RRᵀ. That eigenproblem is solved on the small side of R.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Random } from '../../core/random.js';
import { orthogonal } from '../../nn/init.js';

/** An orthonormal [N,K] start (the code initialises F orthogonal). */
export function initialIndicator(rng: Random, rows: number, clusters: number): Float32Array {
  return orthogonal(rng, rows, clusters);
}

/** Tr(HᵀH) - Tr(FᵀHᵀHF) for representations R [B,d] and the matching rows of F [B,K]. */
export function kmeansTrace(representation: tf.Tensor2D, indicator: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.sub(tf.sum(tf.square(representation)), tf.sum(tf.square(tf.matMul(representation, indicator, true, false)))));
}

/** Top-`count` eigenvectors (columns) of a symmetric matrix, largest eigenvalue first. */
function topEigen(gram: Matrix, count: number): { vectors: Matrix; values: number[] } {
  const eig = new EigenvalueDecomposition(gram, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]).slice(0, count);
  const vectors = new Matrix(gram.rows, count);
  order.forEach(([, i], k) => vectors.setColumn(k, eig.eigenvectorMatrix.getColumn(i)));
  return { vectors, values: order.map(([v]) => v) };
}

/**
 * The top-K right singular vectors of H = Rᵀ, as F [N,K] row-major. R is [N,d] row-major.
 * When d < N the d x d Gram matrix RᵀR is decomposed and V = R U / s; if H has fewer than K
 * non-negligible singular values that route is ill-posed and the N x N Gram matrix is used.
 */
export function topSingularIndicator(representation: Float32Array, rows: number, dims: number, clusters: number): Float32Array {
  const r = new Matrix(rows, dims);
  for (let i = 0; i < rows; i++) for (let j = 0; j < dims; j++) r.set(i, j, representation[i * dims + j]!);
  let f: Matrix | null = null;
  if (dims < rows) {
    const { vectors, values } = topEigen(r.transpose().mmul(r), clusters);
    if (values.length === clusters && values[clusters - 1]! > 1e-9 * Math.max(values[0]!, 1e-30)) {
      f = r.mmul(vectors);
      for (let k = 0; k < clusters; k++) {
        const column = f.getColumnVector(k);
        f.setColumn(k, column.div(column.norm()));
      }
    }
  }
  f ??= topEigen(r.mmul(r.transpose()), clusters).vectors;
  return Float32Array.from(f.to1DArray());
}
