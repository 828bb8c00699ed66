/**
 * The similarities of DTC's temporal clustering layer (Madiraju et al. 2018) between latent
 * sequences z [B,L] and centroids [K,L], as squared distances [B,K] for the Student's t kernel:
 * 'euclidean' (Σ (z - c)²), 'correlation' (2 (1 - Pearson's ρ), the squared COR distance) and
 * 'autocorrelation' (Σ over lags (ACF_z - ACF_c)², lags 1..min(10 log10 L, L - 1) as statsmodels'
 * default).
 */
import * as tf from '@tensorflow/tfjs-core';
import { squaredDistances } from './soft-assignment.js';

export const SIMILARITIES = ['euclidean', 'correlation', 'autocorrelation'] as const;
export type Similarity = (typeof SIMILARITIES)[number];

/** Guards the divisions of flat sequences (a constant latent sequence has no correlation). */
const EPSILON = 1e-8;

export function temporalDistances(similarity: Similarity, z: tf.Tensor2D, centroids: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    switch (similarity) {
      case 'euclidean':
        return squaredDistances(z, centroids);
      case 'correlation': {
        const rho = tf.matMul(standardised(z), standardised(centroids), false, true);
        return tf.mul(tf.sub(1, rho), 2) as tf.Tensor2D;
      }
      case 'autocorrelation':
        return squaredDistances(autocorrelations(z), autocorrelations(centroids));
    }
  });
}

/** Rows centred and scaled to unit norm, so that their dot products are Pearson correlations. */
function standardised(x: tf.Tensor2D): tf.Tensor2D {
  const centred = tf.sub(x, tf.mean(x, 1, true));
  return tf.div(centred, tf.sqrt(tf.add(tf.sum(tf.square(centred), 1, true), EPSILON)));
}

/** Autocorrelation of every row at lags 1..maxLag(L): [rows, lags]. */
export function autocorrelations(x: tf.Tensor2D): tf.Tensor2D {
  const [rows, length] = x.shape;
  const lags = Math.max(1, Math.min(Math.floor(10 * Math.log10(length)), length - 1));
  const centred = tf.sub(x, tf.mean(x, 1, true));
  const variance = tf.add(tf.sum(tf.square(centred), 1, true), EPSILON);
  const columns = Array.from({ length: lags }, (_, i) => {
    const lag = i + 1;
    const head = tf.slice(centred, [0, 0], [rows, length - lag]);
    const tail = tf.slice(centred, [0, lag], [rows, length - lag]);
    return tf.sum(tf.mul(head, tail), 1, true);
  });
  return tf.div(tf.concat(columns, 1), variance) as tf.Tensor2D;
}
