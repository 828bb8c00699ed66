/**
 * Max pooling over time and its inverse by repetition, for convolutional autoencoders of series
 * (DTC): [B,T,C] -> [B,ceil(T/P),C] keeping each window's maximum, and [B,L,C] -> [B,T,C]
 * repeating each step P times, cut to T.
 *
 * The pooling windows are TF.js's maxPool with 'same' padding: the ceil(T/P) P - T missing steps
 * are split floor(half) before the first window and the rest after the last, so with two or more
 * missing steps every window starts that many steps earlier. The gradient goes to the first step
 * of a window that holds its maximum, on every backend: one native kernel where the backend has
 * it (MAX_POOL_TIME), else plain ops, because TF.js's own maxPool gradient differs between
 * backends (wasm's picks the last of tied maxima and loses the gradient of windows whose values
 * are all <= 0).
 */
import * as tf from '@tensorflow/tfjs-core';
import { backendHasKernel, MAX_POOL_TIME } from '../backend/index.js';
import { leakyRelu } from './leaky-relu.js';

export interface MaxPoolTimeOptions {
  /** Slope of a leaky ReLU applied before pooling, fused with it where the backend can (default 1: none). */
  slope?: number;
}

export function maxPoolTime(x: tf.Tensor3D, pool: number, options: MaxPoolTimeOptions = {}): tf.Tensor3D {
  const slope = options.slope ?? 1;
  if (backendHasKernel(MAX_POOL_TIME)) return tf.engine().runKernel(MAX_POOL_TIME, { x }, { pool, slope }) as tf.Tensor3D;
  return tf.tidy(() => poolWindows(slope === 1 ? x : leakyRelu(x, slope), pool));
}

/** The pooling from plain ops: x padded with -Infinity to whole windows, the maximum over each. */
function poolWindows(x: tf.Tensor3D, pool: number): tf.Tensor3D {
  const [batch, steps, channels] = x.shape;
  const windows = Math.ceil(steps / pool);
  const missing = windows * pool - steps;
  const before = Math.floor(missing / 2);
  const apply = tf.customGrad((...args) => {
    const [input, save] = args as [tf.Tensor3D, tf.GradSaveFunc];
    const grouped = tf.reshape(tf.pad(input, [[0, 0], [before, missing - before], [0, 0]], -Infinity), [batch, windows, pool, channels]);
    const peak = tf.max(grouped, 2);
    save([grouped, peak]);
    return {
      value: peak,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [g, p] = saved as [tf.Tensor4D, tf.Tensor3D];
        const atPeak = tf.cast(tf.equal(g, tf.expandDims(p, 2)), 'float32');
        // Only the first step at the peak: where the running count of peaks first reaches 1.
        const first = tf.mul(atPeak, tf.cast(tf.equal(tf.cumsum(atPeak, 2), 1), 'float32'));
        const padded = tf.reshape(tf.mul(first, tf.expandDims(dy, 2)), [batch, windows * pool, channels]);
        return tf.slice(padded, [0, before, 0], [batch, steps, channels]);
      },
    };
  });
  return apply(x) as tf.Tensor3D;
}

export function repeatTime(x: tf.Tensor3D, pool: number, steps: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, length, channels] = x.shape;
    const repeated = tf.reshape(tf.tile(tf.reshape(x, [batch, length, 1, channels]), [1, 1, pool, 1]), [batch, length * pool, channels]);
    return tf.slice(repeated, [0, 0, 0], [batch, steps, channels]) as tf.Tensor3D;
  });
}
