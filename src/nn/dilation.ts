/**
 * Dilated recurrence (Chang et al.'s Dilated RNN): a GRU with dilation d links step t to step t-d
 * (t+d when reversed), which is d interleaved chains that never meet. A backend's fused GRU kernel
 * follows the chains in place. Composed from plain ops, the GRU runs faster over fewer, longer
 * steps, so there time is folded into the batch: [B,T,F] -> [B*d, ceil(T/d), F], chain j of row b
 * holding steps j, j+d, j+2d, ..., the end zero-padded (the layout of the PyTorch reference bench).
 */
import * as tf from '@tensorflow/tfjs-core';
import { backendHasKernel, GRU_SEQUENCE } from '../backend/index.js';
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

export interface DilatedGruOptions {
  /** Run from the last step to the first: the state at t comes from the state at t + d; default false. */
  readonly reverse?: boolean;
}

/** Every state [B,T,H], in time order, of a GRU with the given dilation, started from zeros. */
export function dilatedGru(x: tf.Tensor3D, dilation: number, w: GruWeights, options: DilatedGruOptions = {}): tf.Tensor3D {
  const reverse = options.reverse ?? false;
  return tf.tidy(() => {
    const [batch, steps] = x.shape;
    const units = w.recurrentKernel.shape[0];
    if (backendHasKernel(GRU_SEQUENCE)) return gruSequence(x, tf.zeros([batch, units]), w, { dilation, reverse });
    const input = reverse ? tf.reverse(x, 1) : x;
    const folded = foldTime(input, dilation);
    const states = unfoldTime(gruSequence(folded, tf.zeros([folded.shape[0], units]), w), batch, dilation, steps);
    return reverse ? tf.reverse(states, 1) : states;
  });
}
