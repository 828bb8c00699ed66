/**
 * The unsupervised triplet loss of Franceschi et al. (NeurIPS 2019): a random subseries of a series
 * is the anchor, a subseries inside it the positive, and subseries of the same length taken from
 * other series the negatives; the encoder learns to give the anchor a larger dot product with its
 * positive than with its negatives:
 *   -log σ(a·p) - (negativePenalty / negatives) Σ_k log σ(-a·n_k), averaged over the batch.
 * Unlike the authors' sampler, which draws negatives from the whole training set, a negative is
 * never taken from the anchor's own series (which would ask the encoder to push a series away
 * from itself).
 */
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../../core/errors.js';
import type { Random } from '../../core/random.js';

/** Where one batch's anchors, positives and negatives are cut from. */
export interface TripletPlan {
  /** Length of every anchor. */
  readonly anchorLength: number;
  /** Length of every positive and negative. */
  readonly sampleLength: number;
  /** Per batch row: the training row of its anchor, and where anchor and positive start. */
  readonly rows: Int32Array;
  readonly anchorStarts: Int32Array;
  readonly positiveStarts: Int32Array;
  /** [negatives][batch]: training row and start of each negative. */
  readonly negativeRows: Int32Array[];
  readonly negativeStarts: Int32Array[];
}

/**
 * Draws the cuts for a batch of training rows: one positive length and one anchor length for the
 * whole batch (so each part is one tensor), starts per row, negatives from other training rows.
 */
export function sampleTriplets(rng: Random, rows: Int32Array, trainRows: number, length: number, negatives: number): TripletPlan {
  if (trainRows < 2) throw new OptionError('the triplet loss needs at least 2 training series (negatives come from other series)');
  const sampleLength = 1 + rng.int(length);
  const anchorLength = sampleLength + rng.int(length - sampleLength + 1);
  const anchorStarts = Int32Array.from(rows, () => rng.int(length - anchorLength + 1));
  const positiveStarts = Int32Array.from(anchorStarts, (start) => start + rng.int(anchorLength - sampleLength + 1));
  const negativeRows: Int32Array[] = [];
  const negativeStarts: Int32Array[] = [];
  for (let k = 0; k < negatives; k++) {
    // A uniform draw among the other trainRows - 1 rows: skip over the anchor's own.
    negativeRows.push(Int32Array.from(rows, (row) => {
      const other = rng.int(trainRows - 1);
      return other >= row ? other + 1 : other;
    }));
    negativeStarts.push(Int32Array.from(rows, () => rng.int(length - sampleLength + 1)));
  }
  return { anchorLength, sampleLength, rows: Int32Array.from(rows), anchorStarts, positiveStarts, negativeRows, negativeStarts };
}

/** Cuts [rows.length, cut, C] from series [N, T, C] (row-major values): row rows[i] from starts[i]. */
export function cutSubseries(values: Float32Array, length: number, channels: number, rows: Int32Array, starts: Int32Array, cut: number): tf.Tensor3D {
  const out = new Float32Array(rows.length * cut * channels);
  rows.forEach((row, i) => {
    const from = (row * length + starts[i]!) * channels;
    out.set(values.subarray(from, from + cut * channels), i * cut * channels);
  });
  return tf.tensor3d(out, [rows.length, cut, channels]);
}

/**
 * The loss from the representations of anchors [B,D], positives [B,D] and negatives [K*B,D]
 * (K draws, draw-major: rows k*B..k*B+B-1 are the k-th negatives of the B anchors).
 */
export function tripletLoss(anchor: tf.Tensor2D, positive: tf.Tensor2D, negatives: tf.Tensor2D, negativePenalty = 1): tf.Scalar {
  return tf.tidy(() => {
    const draws = negatives.shape[0] / anchor.shape[0];
    const dot = (a: tf.Tensor2D, other: tf.Tensor2D): tf.Tensor1D => tf.sum(tf.mul(a, other), 1);
    // -log σ(v) = softplus(-v); tf.logSigmoid's custom gradient loses its saved input inside a tidy.
    const attraction = tf.mean(tf.softplus(tf.neg(dot(anchor, positive))));
    // The mean over all K*B pairs is (1/K) Σ_k of each draw's batch mean.
    const repulsion = tf.mean(tf.softplus(dot(draws === 1 ? anchor : tf.tile(anchor, [draws, 1]), negatives)));
    return tf.add(attraction, tf.mul(negativePenalty, repulsion)) as tf.Scalar;
  });
}
