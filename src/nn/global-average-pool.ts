/**
 * Global average pooling over time, [B,T,C] -> [B,C]. Its gradient is dy / T broadcast over time in
 * one kernel: TF.js's own Mean gradient fills an array of ones the size of the input in JavaScript,
 * then multiplies and divides by it.
 */
import * as tf from '@tensorflow/tfjs-core';

export function globalAveragePool(x: tf.Tensor3D): tf.Tensor2D {
  return pool(x) as tf.Tensor2D;
}

const pool = tf.customGrad((...args) => {
  const [x] = args as [tf.Tensor3D, tf.GradSaveFunc];
  const [batch, steps, channels] = x.shape;
  return {
    value: tf.mean(x, 1),
    gradFunc: (dy: tf.Tensor) => tf.mul(tf.reshape(dy, [batch, 1, channels]), tf.fill([1, steps, 1], 1 / steps)),
  };
});
