/**
 * Gated recurrent units over whole sequences. Models call these two functions only; when the active
 * backend registers a fused kernel under the names below (the native backend does), the whole
 * sequence runs as one kernel, else it is composed from plain tfjs ops.
 *
 * Convention (PyTorch's, gate order r, z, n, with separate input and recurrent biases):
 *   r = sigmoid(x·Wx_r + bx_r + h·Wh_r + bh_r)
 *   z = sigmoid(x·Wx_z + bx_z + h·Wh_z + bh_z)
 *   n = tanh(x·Wx_n + bx_n + r * (h·Wh_n + bh_n))
 *   h' = (1 - z) * n + z * h
 */
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../core/errors.js';
import { backendHasKernel, GRU_FEEDBACK_DECODE as GRU_FEEDBACK_DECODE_KERNEL, GRU_SEQUENCE as GRU_SEQUENCE_KERNEL } from '../backend/index.js';

export interface GruWeights {
  /** Input weights [F, 3H], gates r|z|n. */
  readonly kernel: tf.Tensor2D;
  /** Recurrent weights [H, 3H], gates r|z|n. */
  readonly recurrentKernel: tf.Tensor2D;
  /** Input bias [3H]. */
  readonly bias: tf.Tensor1D;
  /** Recurrent bias [3H]. */
  readonly recurrentBias: tf.Tensor1D;
}

/** Linear read-out of one value per step: [H, 1] and [1]. */
export interface Projection {
  readonly kernel: tf.Tensor2D;
  readonly bias: tf.Tensor1D;
}

/** One GRU step, given the input projection xp = x·Wx + bx ([B,3H]) and the state h ([B,H]). */
function gruStep(xp: tf.Tensor2D, h: tf.Tensor2D, w: GruWeights): tf.Tensor2D {
  const hp = tf.add(tf.matMul(h, w.recurrentKernel), w.recurrentBias);
  const [xr, xz, xn] = tf.split(xp, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const [hr, hz, hn] = tf.split(hp, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const r = tf.sigmoid(tf.add(xr, hr));
  const z = tf.sigmoid(tf.add(xz, hz));
  const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
  // (1 - z) * n + z * h, written as n + z * (h - n): one op fewer per step.
  return tf.add(n, tf.mul(z, tf.sub(h, n)));
}

/** How the states of a sequence link up. */
export interface RecurrenceOptions {
  /** Steps between a state and the state it is computed from (d >= 1); default 1. */
  readonly dilation?: number;
  /** Run from the last step to the first: the state at t comes from the state at t + d; default false. */
  readonly reverse?: boolean;
}

/**
 * Runs a GRU over x [B,T,F]; returns every hidden state [B,T,H] in time order. The state at t is
 * computed from x_t and the state at t - d (t + d when reversed), or from h0 [B,H] where that step
 * is outside the sequence. With the defaults the last state is `outputs[:, T-1]`.
 */
export function gruSequence(x: tf.Tensor3D, h0: tf.Tensor2D, w: GruWeights, options: RecurrenceOptions = {}): tf.Tensor3D {
  const { dilation = 1, reverse = false } = options;
  if (!Number.isInteger(dilation) || dilation < 1) throw new OptionError(`GRU dilation ${dilation}: must be an integer >= 1`);
  if (backendHasKernel(GRU_SEQUENCE_KERNEL)) {
    const inputs = { x, h0, kernel: w.kernel, recurrentKernel: w.recurrentKernel, bias: w.bias, recurrentBias: w.recurrentBias };
    return tf.engine().runKernel(GRU_SEQUENCE_KERNEL, inputs as unknown as tf.NamedTensorMap,
      { dilation, reverse } as unknown as tf.NamedAttrMap) as tf.Tensor3D;
  }
  return tf.tidy(() => {
    const [batch, steps, features] = x.shape;
    const gates = w.kernel.shape[1];
    // The input projection of every step in one matrix product.
    const projected = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [batch * steps, features]), w.kernel), w.bias), [batch, steps, gates]);
    // TF.js's unstack gradient breaks on a single output, so one step is a reshape.
    const perStep = (steps === 1 ? [tf.reshape(projected, [batch, gates])] : tf.unstack(projected, 1)) as tf.Tensor2D[];
    const states: tf.Tensor2D[] = new Array<tf.Tensor2D>(steps);
    for (let k = 0; k < steps; k++) {
      const t = reverse ? steps - 1 - k : k;
      const source = reverse ? t + dilation : t - dilation;
      states[t] = gruStep(perStep[t]!, source >= 0 && source < steps ? states[source]! : h0, w);
    }
    return tf.stack(states, 1) as tf.Tensor3D;
  });
}

/**
 * Decodes `steps` values with output feedback: step 1 is fed x0 [B,1], every later step the
 * previous step's output; y_t = h_t·P + b. Starts from h0 [B,H]; returns y [B,steps].
 */
export function gruFeedbackDecode(
  x0: tf.Tensor2D,
  h0: tf.Tensor2D,
  w: GruWeights,
  projection: Projection,
  steps: number,
): tf.Tensor2D {
  if (backendHasKernel(GRU_FEEDBACK_DECODE_KERNEL)) {
    const inputs = {
      x0,
      h0,
      kernel: w.kernel,
      recurrentKernel: w.recurrentKernel,
      bias: w.bias,
      recurrentBias: w.recurrentBias,
      projKernel: projection.kernel,
      projBias: projection.bias,
    };
    return tf.engine().runKernel(GRU_FEEDBACK_DECODE_KERNEL, inputs as unknown as tf.NamedTensorMap, { steps } as unknown as tf.NamedAttrMap) as tf.Tensor2D;
  }
  return tf.tidy(() => {
    let input = x0;
    let h = h0;
    const outputs: tf.Tensor2D[] = [];
    for (let t = 0; t < steps; t++) {
      h = gruStep(tf.add(tf.matMul(input, w.kernel), w.bias), h, w);
      input = tf.add(tf.matMul(h, projection.kernel), projection.bias);
      outputs.push(input);
    }
    return tf.concat(outputs, 1);
  });
}
