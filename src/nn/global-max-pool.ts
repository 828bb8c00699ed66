/**
 * Global max pooling over time, [B,T,C] -> [B,C], with the gradient TF.js's Max has (dy to every step
 * that holds its channel's maximum) from kernels the native backend runs: TF.js's own transposes the
 * input and compares it with the maximum through generic broadcasting in JavaScript, which took most
 * of a causal CNN's training step.
 */
import * as tf from '@tensorflow/tfjs-core';

export function globalMaxPool(x: tf.Tensor3D): tf.Tensor2D {
  return pool(x) as tf.Tensor2D;
}

const pool = tf.customGrad((...args) => {
  const [x, save] = args as [tf.Tensor3D, tf.GradSaveFunc];
  const [batch, , channels] = x.shape;
  // Time innermost: the reduction then runs over contiguous values.
  const peak = tf.max(tf.transpose(x, [0, 2, 1]), 2);
  save([x, peak]);
  return {
    value: peak,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [input, max] = saved as [tf.Tensor3D, tf.Tensor2D];
      // x <= max everywhere, so the steps holding the maximum are those where max - x is not > 0.
      const atPeak = tf.sub(1, tf.step(tf.sub(tf.reshape(max, [batch, 1, channels]), input)));
      return tf.mul(atPeak, tf.reshape(dy, [batch, 1, channels]));
    },
  };
});
