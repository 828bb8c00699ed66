/**
 * Masked softmax cross-entropy, the loss of every Cluster Distillation network: rows whose mask is
 * 0 keep their place in the batch and contribute nothing (the authors give them an all-zero target
 * and a zero sample weight), and the sum is divided by the whole batch size as Keras does.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * mean over the batch of mask_i * -sum_k targets_ik * log softmax(logits_i / temperature)_k.
 * targets [B,K] rows are distributions (one-hot or soft); mask [B] of 0/1.
 */
export function maskedCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D, mask: tf.Tensor1D, temperature = 1): tf.Scalar {
  return tf.tidy(() => {
    const scaled = temperature === 1 ? logits : tf.div(logits, temperature);
    const perRow = tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(scaled)), 1));
    return tf.div(tf.sum(tf.mul(perRow, mask)), logits.shape[0]) as tf.Scalar;
  });
}
