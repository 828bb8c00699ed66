/**
 * Dilated recurrence by folding time into the batch (Chang et al.'s Dilated RNN): a GRU with
 * dilation d links step t to step t-d, which is an ordinary GRU run over d interleaved chains.
 * [B,T,F] -> [B*d, ceil(T/d), F], chain j of row b holding steps j, j+d, j+2d, ...; the end is
 * zero-padded. This is the layout of /work/shared/bench/torch_reference.py, so a backend's fused
 * GRU kernel sees the same shapes as the PyTorch yardstick.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gruSequence, type GruWeights } from './gru.js';

/** [B,T,F] -> [B*d, ceil(T/d), F]. */
export function foldTime(x: tf.Tensor3D, dilation: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, steps, features] = x.shape;
    const chainLength = Math.ceil(steps / dilation);
    const padded = chainLength * dilation > steps ? tf.pad(x, [[0, 0], [0, chainLength * dilation - steps], [0, 0]]) : x;
    const split = tf.reshape(padded, [batch, chainLength, dilation, features]);
    return tf.reshape<tf.Rank.R3>(tf.transpose(split, [0, 2, 1, 3]), [batch * dilation, chainLength, features]);
  });
}

/** The inverse of foldTime: [B*d, L, H] -> [B, T, H], dropping the padded steps. */
export function unfoldTime(y: tf.Tensor3D, batch: number, dilation: number, steps: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [, chainLength, units] = y.shape;
    const split = tf.reshape(y, [batch, dilation, chainLength, units]);
    const merged = tf.reshape<tf.Rank.R3>(tf.transpose(split, [0, 2, 1, 3]), [batch, chainLength * dilation, units]);
    return chainLength * dilation > steps ? tf.slice(merged, [0, 0, 0], [batch, steps, units]) : merged;
  });
}

/** Every state [B,T,H] of a GRU with the given dilation, started from zeros. */
export function dilatedGru(x: tf.Tensor3D, dilation: number, w: GruWeights): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, steps] = x.shape;
    const units = w.recurrentKernel.shape[0];
    const folded = foldTime(x, dilation);
    const states = gruSequence(folded, tf.zeros([folded.shape[0], units]) as tf.Tensor2D, w);
    return unfoldTime(states, batch, dilation, steps);
  });
}
