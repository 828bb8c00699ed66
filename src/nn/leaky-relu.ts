/**
 * LeakyReLU, x for x > 0 and slope * x otherwise, as two elementwise products with one saved mask:
 * TF.js's own kernel and gradient (LeakyRelu, then Greater and Select) have no native kernels and run
 * in JavaScript, while Step and Multiply do.
 */
import * as tf from '@tensorflow/tfjs-core';

export function leakyRelu<T extends tf.Tensor>(x: T, slope: number): T {
  const apply = tf.customGrad((...args) => {
    const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
    // 1 where x > 0, slope elsewhere: the derivative, and the factor of the value.
    const derivative = tf.step(input, slope);
    save([derivative]);
    return { value: tf.mul(input, derivative), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0]!) };
  });
  return apply(x) as T;
}
