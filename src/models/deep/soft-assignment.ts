/**
 * DEC's clustering layer (Xie et al. 2016), shared by IDEC and DTC: the Student's t kernel turns
 * squared distances to K centroids into soft assignments q, the target distribution p sharpens
 * them (p_ij ∝ q_ij² / f_j with f_j = Σ_i q_ij, so confident rows weigh more and large clusters
 * less), and training minimises KL(P || Q).
 */
import * as tf from '@tensorflow/tfjs-core';

/** Squared Euclidean distances [B,K] from rows z [B,D] to centroids [K,D]. */
export function squaredDistances(z: tf.Tensor2D, centroids: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const rows = tf.sum(tf.square(z), 1, true);
    const centres = tf.sum(tf.square(centroids), 1);
    const cross = tf.matMul(z, centroids, false, true);
    // Rounding can leave tiny negatives where a row sits on a centroid.
    return tf.relu(tf.add(tf.sub(rows, tf.mul(cross, 2)), centres)) as tf.Tensor2D;
  });
}

/** q_ij = (1 + d_ij²/α)^(-(α+1)/2), normalised per row; d² [B,K]. */
export function studentT(squared: tf.Tensor2D, alpha = 1): tf.Tensor2D {
  return tf.tidy(() => {
    const kernel = tf.pow(tf.add(1, tf.div(squared, alpha)), -(alpha + 1) / 2);
    return tf.div(kernel, tf.sum(kernel, 1, true)) as tf.Tensor2D;
  });
}

/** The target distribution P of soft assignments Q (row-major [rows, K]), computed on plain numbers. */
export function targetDistribution(q: ArrayLike<number>, rows: number, k: number): Float32Array {
  const frequency = new Float64Array(k);
  for (let i = 0; i < rows; i++) for (let j = 0; j < k; j++) frequency[j]! += q[i * k + j]!;
  const p = new Float32Array(rows * k);
  for (let i = 0; i < rows; i++) {
    let total = 0;
    for (let j = 0; j < k; j++) total += (q[i * k + j]! ** 2) / frequency[j]!;
    for (let j = 0; j < k; j++) p[i * k + j] = (q[i * k + j]! ** 2) / frequency[j]! / total;
  }
  return p;
}

/** KL(P || Q) summed over clusters, averaged over rows (Keras's 'kld', the papers' loss); p is a constant. */
export function klDivergence(p: tf.Tensor2D, q: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const tiny = 1e-10;
    const terms = tf.mul(p, tf.log(tf.div(tf.add(p, tiny), tf.add(q, tiny))));
    return tf.mean(tf.sum(terms, 1)) as tf.Scalar;
  });
}
