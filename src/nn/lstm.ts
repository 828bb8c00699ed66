/**
 * Long short-term memory over whole sequences, and its bidirectional form. When the active backend
 * registers the fused kernel LSTM_SEQUENCE (the native backend does), a whole sequence runs as one
 * kernel, else it is composed from plain tfjs ops. Convention (Keras's, one bias, gate order i, f, g, o):
 *   i = σ(x·Wx_i + h·Wh_i + b_i)    f = σ(x·Wx_f + h·Wh_f + b_f)
 *   g = tanh(x·Wx_g + h·Wh_g + b_g) o = σ(x·Wx_o + h·Wh_o + b_o)
 *   c' = f * c + i * g              h' = o * tanh(c')
 */
import * as tf from '@tensorflow/tfjs-core';
import { backendHasKernel, LSTM_SEQUENCE } from '../backend/index.js';
import type { Random } from '../core/random.js';
import { glorotUniform, orthogonal, zeros } from './init.js';
import type { Parameters } from './parameters.js';

export interface LstmWeights {
  /** Input weights [F, 4H], gates i|f|g|o. */
  readonly kernel: tf.Tensor2D;
  /** Recurrent weights [H, 4H], gates i|f|g|o. */
  readonly recurrentKernel: tf.Tensor2D;
  /** Bias [4H]. */
  readonly bias: tf.Tensor1D;
}

/** How a bidirectional layer joins its two directions' states: 'sum' (DTC's) or 'concat'. */
export type MergeMode = 'sum' | 'concat';

/**
 * Input kernel Glorot-uniform, recurrent kernel orthogonal per gate, forget-gate bias 1 and the
 * other biases 0 (Keras's unit_forget_bias, which keeps the cell's memory at first).
 */
export function addLstmWeights(params: Parameters, rng: Random, name: string, inputUnits: number, units: number): LstmWeights {
  const recurrent = new Float32Array(units * 4 * units);
  for (let gate = 0; gate < 4; gate++) {
    const block = orthogonal(rng, units, units);
    for (let i = 0; i < units; i++) {
      for (let j = 0; j < units; j++) recurrent[i * 4 * units + gate * units + j] = block[i * units + j]!;
    }
  }
  return {
    kernel: params.add<tf.Rank.R2>(`${name}/kernel`, [inputUnits, 4 * units], glorotUniform(rng, [inputUnits, 4 * units])),
    recurrentKernel: params.add<tf.Rank.R2>(`${name}/recurrent_kernel`, [units, 4 * units], recurrent),
    bias: params.add<tf.Rank.R1>(`${name}/bias`, [4 * units], zeros([4 * units]).fill(1, units, 2 * units)),
  };
}

/** Every hidden state [B,T,H] of an LSTM over x [B,T,F], started from zero state and cell. */
export function lstmSequence(x: tf.Tensor3D, w: LstmWeights): tf.Tensor3D {
  if (backendHasKernel(LSTM_SEQUENCE)) {
    const inputs = { x, kernel: w.kernel, recurrentKernel: w.recurrentKernel, bias: w.bias };
    return tf.engine().runKernel(LSTM_SEQUENCE, inputs as unknown as tf.NamedTensorMap) as tf.Tensor3D;
  }
  return tf.tidy(() => {
    const [batch, steps, features] = x.shape;
    const units = w.recurrentKernel.shape[0];
    const gates = 4 * units;
    // The input projection of every step in one matrix product.
    const projected = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [batch * steps, features]), w.kernel), w.bias), [batch, steps, gates]);
    let h = tf.zeros([batch, units]) as tf.Tensor2D;
    let c = tf.zeros([batch, units]) as tf.Tensor2D;
    const states: tf.Tensor2D[] = [];
    // TF.js's unstack gradient breaks on a single output, so one step is a reshape.
    const perStep = steps === 1 ? [tf.reshape(projected, [batch, gates])] : tf.unstack(projected, 1);
    for (const xp of perStep as tf.Tensor2D[]) {
      const [i, f, g, o] = tf.split(tf.add(xp, tf.matMul(h, w.recurrentKernel)), 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
      h = tf.mul(tf.sigmoid(o), tf.tanh(c));
      states.push(h);
    }
    return tf.stack(states, 1) as tf.Tensor3D;
  });
}

/** A bidirectional LSTM: one LSTM forward in time, one backward, their states merged per step. */
export function bidirectionalLstm(x: tf.Tensor3D, forward: LstmWeights, backward: LstmWeights, merge: MergeMode): tf.Tensor3D {
  return tf.tidy(() => {
    const ahead = lstmSequence(x, forward);
    const behind = tf.reverse(lstmSequence(tf.reverse(x, 1), backward), 1) as tf.Tensor3D;
    return merge === 'sum' ? tf.add(ahead, behind) : tf.concat([ahead, behind], 2);
  });
}
