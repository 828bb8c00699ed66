/**
 * A 1-D convolution over time with 'same' padding and stride 1: [B,T,in] -> [B,T,out]. Where the
 * backend can differentiate convolutions, it runs as TF.js's fused conv2d, which adds the bias inside
 * the convolution kernel (one pass over the output instead of two).
 *
 * tf.conv1d needs the Conv2DBackpropFilter kernel to be differentiated; where the active backend
 * lacks it (wasm does), the same convolution is composed from pad, slices and one matMul (im2col)
 * with a hand-written gradient that uses untransposed matMuls only (wasm's transposed matMul is
 * about ten times slower).
 */
import * as tf from '@tensorflow/tfjs-core';
import { backendHasKernel } from '../backend/index.js';
import type { Random } from '../core/random.js';
import { glorotUniform, zeros } from './init.js';
import type { Parameters } from './parameters.js';

export interface Conv1DArgs {
  /** Parameter name prefix, unique within the model. */
  name: string;
  inputChannels: number;
  filters: number;
  kernelSize: number;
  /** Whether to add a bias (default true, as Keras). */
  useBias?: boolean;
}

export class Conv1D {
  /** Kernel [kernelSize, inputChannels, filters], Glorot-uniform as Keras's default. */
  readonly kernel: tf.Variable<tf.Rank.R3>;
  readonly bias: tf.Variable<tf.Rank.R1> | null;

  constructor(params: Parameters, rng: Random, readonly args: Conv1DArgs) {
    const shape = [args.kernelSize, args.inputChannels, args.filters];
    this.kernel = params.add(`${args.name}/kernel`, shape, glorotUniform(rng, shape));
    this.bias = args.useBias === false ? null : params.add(`${args.name}/bias`, [args.filters], zeros([args.filters]));
  }

  /** 'same' pads floor((k-1)/2) steps before and the rest after, as TensorFlow and Keras do. */
  apply(x: tf.Tensor3D): tf.Tensor3D {
    if (!backendHasKernel(tf.Conv2DBackpropFilter)) {
      const y = this.im2col(x);
      return this.bias ? (tf.add(y, this.bias) as tf.Tensor3D) : y;
    }
    const [batch, steps, channels] = x.shape;
    const { kernelSize, filters } = this.args;
    const y = tf.fused.conv2d({
      x: tf.reshape<tf.Rank.R4>(x, [batch, 1, steps, channels]),
      filter: tf.reshape<tf.Rank.R4>(this.kernel, [1, kernelSize, channels, filters]),
      strides: 1, pad: 'same', ...(this.bias ? { bias: this.bias } : {}),
    });
    return tf.reshape(y, [batch, steps, filters]);
  }

  private im2col(x: tf.Tensor3D): tf.Tensor3D {
    const k = this.args.kernelSize;
    const before = Math.floor((k - 1) / 2);
    const convolve = tf.customGrad<tf.Tensor3D>((...args) => {
      const [input, kernel, save] = args as [tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
      const [batch, steps, channels] = input.shape;
      const filters = kernel.shape[2];
      const cols = columns(input, k, before);
      save([cols, kernel]);
      return {
        value: tf.reshape(tf.matMul(cols, tf.reshape(kernel, [k * channels, filters])), [batch, steps, filters]),
        gradFunc: (dy: tf.Tensor3D, saved: tf.Tensor[]) => {
          const [xCols, w] = saved as [tf.Tensor2D, tf.Tensor3D];
          // dx: the correlation of dy with the kernel reversed in time and transposed in channels.
          const dx = correlate(dy, tf.transpose(tf.reverse(w, 0), [0, 2, 1]), k - 1 - before);
          const dyRows = tf.reshape(dy, [batch * steps, filters]);
          const dw = tf.reshape(tf.matMul(tf.transpose(xCols), dyRows), [k, channels, filters]);
          return [dx, dw];
        },
      };
    });
    return convolve(x, this.kernel);
  }
}

/** [B*T, k*C]: row (b,t) holds x[b, t-before .. t-before+k-1, :], zero outside the series. */
function columns(x: tf.Tensor3D, k: number, before: number): tf.Tensor2D {
  const [batch, steps, channels] = x.shape;
  if (k === 1) return tf.reshape(x, [batch * steps, channels]);
  const padded = tf.pad(x, [[0, 0], [before, k - 1 - before], [0, 0]]);
  const taps = Array.from({ length: k }, (_, j) => tf.slice(padded, [0, j, 0], [batch, steps, channels]));
  return tf.reshape(tf.concat(taps, 2), [batch * steps, k * channels]);
}

/** y[b,t,o] = sum_j,c x[b, t+j-before, c] * w[j,c,o]. */
function correlate(x: tf.Tensor3D, w: tf.Tensor3D, before: number): tf.Tensor3D {
  const [batch, steps] = x.shape;
  const [k, channels, filters] = w.shape;
  const y = tf.matMul(columns(x, k, before), tf.reshape(w, [k * channels, filters]));
  return tf.reshape(y, [batch, steps, filters]);
}
