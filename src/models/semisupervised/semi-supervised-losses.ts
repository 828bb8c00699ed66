/**
 * The losses of the consistency methods (FixMatch, the mean teacher, SemiTime), each over a batch
 * with a 0/1 row mask and averaged over the rows the mask keeps: rows outside it contribute nothing,
 * whatever their logits or targets.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Cross-entropy of the logits against the target distributions, averaged over the rows whose mask is 1. */
export function maskedMeanCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D, mask: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const perRow = tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1));
    return tf.div(tf.sum(tf.mul(perRow, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
  });
}

/**
 * FixMatch's unlabelled loss (Sohn et al. 2020): the most likely class of the weak view's softmax is
 * the target of the strong view wherever its probability reaches the threshold; averaged over the
 * rows of the mask (confident or not, as the paper). No gradient flows into the weak view: the
 * target and the confidence pass through argmax and a comparison.
 */
export function pseudoLabelLoss(weakLogits: tf.Tensor2D, strongLogits: tf.Tensor2D, mask: tf.Tensor1D, threshold: number): tf.Scalar {
  return tf.tidy(() => {
    const probabilities = tf.softmax(weakLogits);
    const targets = tf.cast(tf.oneHot(tf.argMax(probabilities, 1), weakLogits.shape[1]), 'float32') as tf.Tensor2D;
    const confident = tf.mul(mask, tf.cast(tf.greaterEqual(tf.max(probabilities, 1), threshold), 'float32')) as tf.Tensor1D;
    const perRow = tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(strongLogits)), 1));
    return tf.div(tf.sum(tf.mul(perRow, confident)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
  });
}

/**
 * The mean teacher's consistency cost (Tarvainen and Valpola 2017): squared distance between the
 * student's softmax and the teacher's probabilities, averaged over classes and over the rows of the mask.
 */
export function consistencyLoss(studentLogits: tf.Tensor2D, teacherProbabilities: tf.Tensor2D, mask: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const perRow = tf.mean(tf.squaredDifference(tf.softmax(studentLogits), teacherProbabilities), 1);
    return tf.div(tf.sum(tf.mul(perRow, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
  });
}

/** The fraction of the mask's rows whose weak view is confident (FixMatch's diagnostic). */
export function confidentFraction(weakLogits: tf.Tensor2D, mask: tf.Tensor1D, threshold: number): tf.Scalar {
  return tf.tidy(() => {
    const confident = tf.mul(mask, tf.cast(tf.greaterEqual(tf.max(tf.softmax(weakLogits), 1), threshold), 'float32'));
    return tf.div(tf.sum(confident), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
  });
}
