/**
 * A 1-D convolution over time with stride 1: [B,T,in] -> [B,T,out], with 'same' padding or causal
 * padding (output t sees inputs <= t only), and an optional dilation (taps d steps apart). Where the
 * backend can differentiate convolutions and the dilation is 1, it runs as TF.js's fused conv2d,
 * which adds the bias inside the convolution kernel (one pass over the output instead of two).
 *
 * Otherwise (TF.js has no gradient for dilated conv2d; wasm lacks the Conv2DBackpropFilter kernel)
 * the same convolution is composed from pad, slices and one matMul (im2col) with a hand-written
 * gradient that uses untransposed matMuls for dx (wasm's transposed matMul is about ten times
 * slower). Taps that read only padding (dilations as long as the series) are left out.
 */
import * as tf from '@tensorflow/tfjs-core';
import { backendHasKernel } from '../backend/index.js';
import type { Random } from '../core/random.js';
import { glorotUniform, zeros } from './init.js';
import type { Parameters } from './parameters.js';

export type Conv1DPadding = 'same' | 'causal';

export interface Conv1DArgs {
  /** Parameter name prefix, unique within the model. */
  name: string;
  inputChannels: number;
  filters: number;
  kernelSize: number;
  /** Steps between taps (default 1). */
  dilation?: number;
  /** 'same' (default, as Keras) or 'causal' ((k-1)*dilation zeros before the series, none after). */
  padding?: Conv1DPadding;
  /** Whether to add a bias (default true, as Keras). */
  useBias?: boolean;
}

export class Conv1D {
  /** Kernel [kernelSize, inputChannels, filters], Glorot-uniform as Keras's default. */
  readonly kernel: tf.Variable<tf.Rank.R3>;
  readonly bias: tf.Variable<tf.Rank.R1> | null;
  private readonly dilation: number;
  /** Zero steps padded before the series. */
  private readonly before: number;

  constructor(params: Parameters, rng: Random, readonly args: Conv1DArgs) {
    const shape = [args.kernelSize, args.inputChannels, args.filters];
    this.kernel = params.add(`${args.name}/kernel`, shape, glorotUniform(rng, shape));
    this.bias = args.useBias === false ? null : params.add(`${args.name}/bias`, [args.filters], zeros([args.filters]));
    this.dilation = args.dilation ?? 1;
    const span = (args.kernelSize - 1) * this.dilation;
    // 'same' pads floor(span/2) steps before and the rest after, as TensorFlow and Keras do.
    this.before = args.padding === 'causal' ? span : Math.floor(span / 2);
  }

  apply(x: tf.Tensor3D): tf.Tensor3D {
    if (this.dilation > 1 || !backendHasKernel(tf.Conv2DBackpropFilter)) {
      const y = this.im2col(x);
      return this.bias ? (tf.add(y, this.bias) as tf.Tensor3D) : y;
    }
    const [batch, steps, channels] = x.shape;
    const { kernelSize, filters } = this.args;
    const pad: 'same' | tf.backend_util.ExplicitPadding = this.args.padding === 'causal' ? [[0, 0], [0, 0], [this.before, 0], [0, 0]] : 'same';
    const y = tf.fused.conv2d({
      x: tf.reshape<tf.Rank.R4>(x, [batch, 1, steps, channels]),
      filter: tf.reshape<tf.Rank.R4>(this.kernel, [1, kernelSize, channels, filters]),
      strides: 1, pad, ...(this.bias ? { bias: this.bias } : {}),
    });
    return tf.reshape(y, [batch, steps, filters]);
  }

  private im2col(x: tf.Tensor3D): tf.Tensor3D {
    const [batch, steps, channels] = x.shape;
    const { kernelSize: k, filters } = this.args;
    // Tap j reads x[t + j*d - before]; a tap whose reads all fall outside the series adds nothing
    // (when none overlaps, one is kept all the same, reading zeros, so the product is never empty).
    const overlapping = Array.from({ length: k }, (_, j) => j).filter((j) => Math.abs(j * this.dilation - this.before) < steps);
    const kept = overlapping.length > 0 ? overlapping : [0];
    const first = kept[0]!;
    const offsets = kept.map((j) => j * this.dilation - this.before);
    const convolve = tf.customGrad<tf.Tensor3D>((...args) => {
      const [input, kernel, save] = args as [tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
      const used = tf.slice(kernel, [first, 0, 0], [kept.length, channels, filters]);
      const cols = taps(input, offsets);
      save([cols, used]);
      return {
        value: tf.reshape(tf.matMul(cols, tf.reshape(used, [kept.length * channels, filters])), [batch, steps, filters]),
        gradFunc: (dy: tf.Tensor3D, saved: tf.Tensor[]) => {
          const [xCols, w] = saved as [tf.Tensor2D, tf.Tensor3D];
          // dx[s] = sum_j dy[s - offset_j] · w_j^T: the correlation of dy with the kernel reversed in
          // time and transposed in channels.
          const wT = tf.reshape(tf.transpose(tf.reverse(w, 0), [0, 2, 1]), [kept.length * filters, channels]);
          const dx = tf.reshape(tf.matMul(taps(dy, offsets.map((o) => -o).reverse()), wT), [batch, steps, channels]);
          const dyRows = tf.reshape(dy, [batch * steps, filters]);
          const dUsed = tf.reshape(tf.matMul(tf.transpose(xCols), dyRows), [kept.length, channels, filters]);
          const dw = kept.length === k ? dUsed : tf.pad(dUsed, [[first, k - first - kept.length], [0, 0], [0, 0]]);
          return [dx, dw];
        },
      };
    });
    return convolve(x, this.kernel);
  }
}

/** [B*T, n*C]: row (b,t) holds x[b, t + offsets[j], :] for each j in turn, zero outside the series. */
function taps(x: tf.Tensor3D, offsets: readonly number[]): tf.Tensor2D {
  const [batch, steps, channels] = x.shape;
  if (offsets.length === 1 && offsets[0] === 0) return tf.reshape(x, [batch * steps, channels]);
  const before = Math.max(0, -Math.min(...offsets));
  const after = Math.max(0, Math.max(...offsets));
  const padded = tf.pad(x, [[0, 0], [before, after], [0, 0]]);
  const shifted = offsets.map((o) => tf.slice(padded, [0, before + o, 0], [batch, steps, channels]));
  return tf.reshape(shifted.length === 1 ? shifted[0]! : tf.concat(shifted, 2), [batch * steps, offsets.length * channels]);
}
