/**
 * Max pooling over time and its inverse by repetition, for convolutional autoencoders of series
 * (DTC): [B,T,C] -> [B,ceil(T/P),C] keeping each window's maximum ('same' padding keeps the last,
 * shorter window), and [B,L,C] -> [B,T,C] repeating each step P times, cut to T.
 */
import * as tf from '@tensorflow/tfjs-core';

export function maxPoolTime(x: tf.Tensor3D, pool: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, steps, channels] = x.shape;
    const pooled = tf.maxPool(tf.reshape<tf.Rank.R4>(x, [batch, 1, steps, channels]), [1, pool], [1, pool], 'same');
    return tf.reshape(pooled, [batch, pooled.shape[2], channels]);
  });
}

export function repeatTime(x: tf.Tensor3D, pool: number, steps: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, length, channels] = x.shape;
    const repeated = tf.reshape(tf.tile(tf.reshape(x, [batch, length, 1, channels]), [1, 1, pool, 1]), [batch, length * pool, channels]);
    return tf.slice(repeated, [0, 0, 0], [batch, steps, channels]) as tf.Tensor3D;
  });
}
